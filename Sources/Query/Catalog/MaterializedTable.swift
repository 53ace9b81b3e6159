import Columnar

/// A query result held in memory and read as a table: a `WITH` clause's common table expression, or a
/// subquery in `FROM`.
struct MaterializedTable: QueryTable {
    let name: String
    let batch: RecordBatch

    var schema: Schema { batch.schema }
    var estimatedRows: Int? { batch.rowCount }

    func scan(columns: [String], constraints: [ColumnConstraint], _ body: (RecordBatch) throws -> Void) throws {
        let positions = columns.compactMap { name in batch.schema.fields.firstIndex { $0.name == name } }
        try body(RecordBatch(schema: Schema(positions.map { batch.schema.fields[$0] }), columns: positions.map { batch.columns[$0] }))
    }
}

/// A catalog with the common table expressions of a `WITH` clause in front of another: a CTE's name
/// hides a table of the same name.
struct CommonTableCatalog: QueryCatalog {
    let base: any QueryCatalog
    let tables: [MaterializedTable]

    var tableNames: [String] { tables.map(\.name) + base.tableNames.filter { name in !tables.contains { $0.name == name } } }

    func table(named name: String) throws -> (any QueryTable)? {
        if let table = tables.last(where: { $0.name == name }) { return table }
        return try base.table(named: name)
    }
}
