import Columnar
import Foundation
@testable import Lake

func temporaryDirectory(_ label: String = "lake") -> String {
    let path = NSTemporaryDirectory() + "cairn-\(label)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Rows held in memory, delivered in batches of `batchRows`.
struct InMemorySource: BatchSource {
    var displayName = "test rows"
    var path: String? = nil
    var batch: RecordBatch
    var batchRows = 1000
    var failAfterRows: Int? = nil

    var schema: Schema { batch.schema }

    func forEachBatch(_ body: (RecordBatch) throws -> Void) throws {
        var start = 0
        while start < batch.rowCount {
            let end = min(start + batchRows, batch.rowCount)
            if let failAfterRows, end > failAfterRows { throw LakeError.emptySource("simulated failure") }
            try body(batch.slice(start..<end))
            start = end
        }
    }
}

func donors(_ range: Range<Int>) -> RecordBatch {
    let schema = Schema([Field("donor", .string), Field("age", .int64), Field("bmi", .float64)])
    return RecordBatch(schema: schema, columns: [
        Column(type: .string, buffer: .bytes(VarBinary(strings: range.map { "D\($0)" }))),
        Column(type: .int64, buffer: .int64(range.map { Int64($0 % 90) })),
        Column(type: .float64, buffer: .float64(range.map { Double($0) / 4 }),
               validity: range.map { $0 % 7 != 3 }),
    ])
}

func readAll(_ snapshot: Snapshot, _ table: String, columns: [String]? = nil) throws -> RecordBatch {
    var batches: [RecordBatch] = []
    try snapshot.scan(table, columns: columns) { batches.append($0) }
    let schema = try columns.map { names in Schema(try names.map { try snapshot.schema(of: table).field(named: $0)! }) }
        ?? snapshot.schema(of: table)
    return RecordBatch.concatenate(batches, schema: schema)
}

/// The rows as values (null slots compare as NULL whatever placeholder they hold) and the column names
/// and types: what a reader is promised, independent of how nulls are stored.
struct LogicalTable: Equatable {
    var columns: [String]
    var types: [DataType]
    var rows: [[Value]]

    init(_ batch: RecordBatch) {
        columns = batch.schema.names
        types = batch.schema.fields.map(\.type)
        rows = (0..<batch.rowCount).map { r in batch.columns.map { $0.value(at: r) } }
    }
}
