import Columnar

/// Runs SQL over a catalog's tables: parse, plan, execute. The result is one batch.
public struct QueryEngine {
    public let catalog: any QueryCatalog

    public init(catalog: any QueryCatalog) {
        self.catalog = catalog
    }

    public func run(_ sql: String) throws(QueryFailure) -> RecordBatch {
        do {
            let statement = try SQLParser.parse(sql)
            let plan = try SelectPlanner(catalog: catalog).plan(statement)
            return try SelectExecutor().run(plan)
        } catch {
            throw QueryFailure(error, in: sql)
        }
    }
}

/// Why a query did not run, ready to show: the message, and where it applies, the query line with a
/// caret under the position.
public struct QueryFailure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }

    /// The failure of `text` (a query, or the `--where` condition when `context` says so), rendered with
    /// its position where the error has one.
    init(_ error: any Error, in text: String, context: String? = nil) {
        let prefix = context.map { $0 + ": " } ?? ""
        switch error {
        case let error as QueryFailure: self = error
        case let error as SQLSyntaxError: description = prefix + error.description
        case let error as SQLBindingError:
            let rendered = error.rendered(in: text)
            description = prefix + (context == nil && rendered.hasPrefix("error") ? "query " + rendered : rendered)
        case let error as SQLEvaluationError: description = prefix + "query failed: \(error.message)"
        default: description = "\(error)"
        }
    }
}
