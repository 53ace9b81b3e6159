/// Equal-length columns under one schema: the unit every reader and writer exchanges.
public struct RecordBatch: Hashable, Sendable {
    public var schema: Schema
    public var columns: [Column]

    public init(schema: Schema, columns: [Column]) {
        precondition(schema.fields.count == columns.count, "RecordBatch: \(columns.count) columns for \(schema.fields.count) fields")
        precondition(Set(columns.map(\.count)).count <= 1, "RecordBatch: columns differ in length")
        self.schema = schema
        self.columns = columns
    }

    public static func empty(_ schema: Schema) -> RecordBatch {
        RecordBatch(schema: schema, columns: schema.fields.map { Column.empty($0.type) })
    }

    public var rowCount: Int { columns.first?.count ?? 0 }

    public func column(named name: String) -> Column? { schema.index(of: name).map { columns[$0] } }

    public func slice(_ range: Range<Int>) -> RecordBatch {
        RecordBatch(schema: schema, columns: columns.map { $0.slice(range) })
    }

    /// Concatenates batches that share one schema.
    public static func concatenate(_ batches: [RecordBatch], schema: Schema) -> RecordBatch {
        var result = RecordBatch.empty(schema)
        for batch in batches {
            precondition(batch.schema == schema, "RecordBatch.concatenate: schemas differ")
            for i in result.columns.indices { result.columns[i].append(contentsOf: batch.columns[i]) }
        }
        return result
    }
}
