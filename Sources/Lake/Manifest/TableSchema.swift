import Columnar

/// `tables/<table>/schema.json`: the table's columns in order, with one logical type each.
public struct TableSchema: Codable, Hashable, Sendable {
    public static let formatVersion = 1

    public var formatVersion: Int
    public var columns: [Field]

    public init(_ schema: Schema) {
        formatVersion = TableSchema.formatVersion
        columns = schema.fields
    }

    public var schema: Schema { Schema(columns) }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", columns }
}
