import Columnar
import Foundation

/// Runs an uncorrelated subquery once, at bind time, for the binder: `x IN (SELECT …)` becomes a
/// membership test against its values and `(SELECT …)` a constant. A subquery naming a table of the
/// outer query (correlated) is refused with a clear error.
struct SubqueryRunner: @unchecked Sendable {
    private let catalog: any QueryCatalog
    /// Results by statement: a condition is bound more than once (over all columns for messages, then
    /// over the columns read), and its subqueries run once.
    private let results = ResultCache()

    /// Subqueries over `catalog` (with a query's common table expressions in front, when it has some).
    init(catalog: any QueryCatalog) { self.catalog = catalog }

    /// Plans and runs a statement over the catalog.
    func run(_ statement: SelectStatement) throws -> RecordBatch {
        if let cached = results.get(statement) { return cached }
        let batch = try SelectExecutor().run(try SelectPlanner(catalog: catalog).plan(statement))
        results.set(statement, batch)
        return batch
    }

    private final class ResultCache: @unchecked Sendable {
        private let lock = NSLock()
        private var batches: [SelectStatement: RecordBatch] = [:]
        func get(_ statement: SelectStatement) -> RecordBatch? { lock.lock(); defer { lock.unlock() }; return batches[statement] }
        func set(_ statement: SelectStatement, _ batch: RecordBatch) { lock.lock(); batches[statement] = batch; lock.unlock() }
    }

    /// The one column the subquery returns, or a binding error at `syntax`.
    func column(of statement: SelectStatement, at syntax: SQLExpression, outer: BindingScope) throws(SQLBindingError) -> Column {
        if let reference = Self.outerReference(in: statement, outer: outer) {
            throw SQLBindingError("correlated subqueries are not supported: \(reference) refers to the outer query", offset: syntax.offset)
        }
        let batch: RecordBatch
        do { batch = try run(statement) } catch let error as SQLBindingError {
            throw error
        } catch {
            throw SQLBindingError("subquery failed: \(error)", offset: syntax.offset)
        }
        guard batch.columns.count == 1 else {
            throw SQLBindingError("a subquery used as a value must return one column, not \(batch.columns.count)", offset: syntax.offset)
        }
        return batch.columns[0]
    }

    /// A qualified column `q.c` in the subquery whose `q` names none of the subquery's own tables but one
    /// of the outer query's.
    private static func outerReference(in statement: SelectStatement, outer: BindingScope) -> String? {
        var own = Set<String>()
        func collectNames(_ reference: SQLTableReference?) {
            switch reference {
            case .table(let name, let alias)?: own.insert((alias ?? name).name.lowercased())
            case .subquery(_, let alias?)?: own.insert(alias.name.lowercased())
            case .join(let join)?: collectNames(join.left); collectNames(join.right)
            default: break
            }
        }
        collectNames(statement.from)
        let outerQualifiers = Set(outer.columns.compactMap { $0.qualifier?.lowercased() })
        var found: String?
        func visit(_ e: SQLExpression) {
            guard found == nil else { return }
            if case .column(let q?, let name) = e.kind, !own.contains(q.name.lowercased()), outerQualifiers.contains(q.name.lowercased()) {
                found = "\(q.name).\(name.name)"
            }
            e.children.forEach(visit)
        }
        var expressions: [SQLExpression] = statement.items.compactMap { if case .expression(let e, _) = $0 { return e } else { return nil } }
        expressions += [statement.whereClause, statement.having].compactMap { $0 } + statement.groupBy
        expressions.forEach(visit)
        return found
    }
}
