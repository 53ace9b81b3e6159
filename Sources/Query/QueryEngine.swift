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
        } catch let error as SQLSyntaxError {
            throw QueryFailure(error.description)
        } catch let error as SQLBindingError {
            throw QueryFailure(error.rendered(in: sql).replacingPrefix("error", with: "query error"))
        } catch let error as SQLEvaluationError {
            throw QueryFailure("query failed: \(error.message)")
        } catch {
            throw QueryFailure("\(error)")
        }
    }
}

/// Why a query did not run, ready to show: the message, and where it applies, the query line with a
/// caret under the position.
public struct QueryFailure: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}

extension String {
    fileprivate func replacingPrefix(_ prefix: String, with replacement: String) -> String {
        hasPrefix(prefix) ? replacement + dropFirst(prefix.count) : self
    }
}
