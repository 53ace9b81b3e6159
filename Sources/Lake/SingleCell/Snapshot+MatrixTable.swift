import Columnar

extension Snapshot {
    /// The table holding matrix `name` (`X`: the expression table; else a layer's name) and its value type.
    public func matrixTable(_ name: String) throws -> (table: String, valueType: DataType) {
        var table: String?
        if name == "X" {
            table = "expression"
        } else {
            table = try datasets().lazy.compactMap { $0.layers?.first(where: { $0.name == name })?.table }.first
        }
        guard let table, tableNames.contains(table), let field = try schema(of: table).fields.first(where: { $0.name == "value" }) else {
            throw LakeError.unknownMatrix(name, revision: revision)
        }
        return (table, field.type)
    }

    /// The name users give the matrix `table` holds: `X` for the expression table, else its layer's name.
    public func matrixName(ofTable table: String) throws -> String {
        if table == SingleCellTables.expression { return "X" }
        return try datasets().lazy.compactMap { $0.layers?.first(where: { $0.table == table })?.name }.first ?? table
    }
}
