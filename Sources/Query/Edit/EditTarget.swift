import Columnar
import Lake

/// The table an edit (`update`, `delete`, `annotate`) changes, and the rows its `--where` condition
/// chooses, fragment by fragment, at the version the edit began on.
struct EditTarget {
    let snapshot: Snapshot
    let subqueries: SubqueryRunner
    let table: String
    let schema: Schema

    /// Resolves `table` at `snapshot` for an edit that `verb` names ("update", "delete", "annotate"),
    /// refusing tables no edit may change.
    init(_ snapshot: Snapshot, table: String, verb: String) throws(QueryFailure) {
        guard snapshot.tableNames.contains(table) else {
            if table == "datasets" {
                throw QueryFailure("cannot \(verb) table 'datasets': it is computed from the dataset records (re-import to change them)")
            }
            throw QueryFailure("no table '\(table)' at \(snapshot.revision)" + NearestNames.hint(for: table, among: snapshot.tableNames + ["datasets"]))
        }
        if Snapshot.isMatrixTable(table) {
            throw QueryFailure("cannot \(verb) matrix table '\(table)': expression values are not edited (delete the cells instead: cairn delete cells --where ...)")
        }
        self.snapshot = snapshot
        subqueries = SubqueryRunner(catalog: LazySnapshotCatalog(snapshot: snapshot))
        self.table = table
        do {
            schema = try snapshot.schema(of: table)
        } catch {
            throw QueryFailure("\(error)")
        }
    }

    /// A column of the table, or a failure naming the nearest names.
    func field(_ name: SQLIdentifier, context: String, in text: String) throws(QueryFailure) -> Field {
        guard let field = schema.fields.first(where: { name.matches($0.name) }) else {
            let error = SQLBindingError("unknown column '\(name.name)' in table '\(table)'" + NearestNames.hint(for: name.name, among: schema.names),
                                        offset: name.offset)
            throw QueryFailure(error, in: text, context: context)
        }
        return field
    }

    /// The `--where` condition parsed and checked against the whole table (so a misspelled column gets
    /// the nearest names), with the columns it reads.
    func condition(_ text: String) throws(QueryFailure) -> (syntax: SQLExpression, columns: [String]) {
        do {
            let syntax = try SQLParser.parseExpression(text)
            if ExpressionBinder.containsAggregate(syntax) {
                throw SQLBindingError("aggregate functions are not allowed in --where", offset: syntax.offset)
            }
            let scope = BindingScope(schema: schema, qualifier: table)
            _ = try binder(scope).bindCondition(syntax)
            return (syntax, scope.columns(namedIn: [syntax]).sorted().map { scope.columns[$0].name })
        } catch {
            throw QueryFailure(error, in: text, context: "--where")
        }
    }

    /// A binder over `scope` whose subqueries (`--where "donor IN (SELECT …)"`) read this version, each once.
    func binder(_ scope: BindingScope) -> ExpressionBinder {
        var binder = ExpressionBinder(scope: scope)
        binder.subqueries = subqueries
        return binder
    }

    /// A scope holding exactly `columns` (in that order), qualified by the table's name: what a
    /// fragment's read of those columns is bound against.
    func scope(_ columns: [String]) -> BindingScope {
        BindingScope(columns.map { name in BindingScope.Column(qualifier: table, name: name, type: schema.field(named: name)!.type) })
    }

    /// Calls `body` for each fragment that may hold a row `predicate` admits (statistics rule the others
    /// out), with its live rows of `columns`, their stored positions, and the rows `predicate` keeps.
    func forEachMatch(columns: [String], predicate: BoundExpression?,
                      _ body: (Fragment, RecordBatch, [Int], [Int]) throws -> Void) throws {
        let catalogTable = SnapshotTable(name: table, schema: schema, snapshot: snapshot,
                                         records: Dictionary(uniqueKeysWithValues: try snapshot.datasets().map { ($0.name, $0) }))
        let constraints = ConstraintExtractor.constraints(from: predicate).filter { schema.field(named: $0.column) != nil }
        let evaluator = ExpressionEvaluator()
        for fragment in try snapshot.fragments(of: table) where catalogTable.admits(fragment, constraints) {
            if fragment.manifest.liveRows == 0 { continue }
            let (batch, positions) = try snapshot.readLive(fragment, columns: columns)
            let kept = try predicate.map { try evaluator.selectedRows($0, on: batch) } ?? Array(0..<batch.rowCount)
            if kept.isEmpty { continue }
            try body(fragment, batch, positions, kept)
        }
    }
}
