import Columnar

/// Pass 2 of `CSVReader`: parses rows into batches under the schema pass 1 settled.
/// Not a `Sequence` because reading can throw; use `while let batch = try iterator.next()`.
public final class CSVBatchIterator {
    public let schema: Schema
    private let reader: CSVReader
    private let tokenizer: CSVTokenizer
    private let batchSize: Int
    private let builders: [CSVColumnBuilder]
    private var finished = false

    init(reader: CSVReader, tokenizer: CSVTokenizer, schema: Schema, batchSize: Int) {
        self.reader = reader
        self.tokenizer = tokenizer
        self.schema = schema
        self.batchSize = batchSize
        self.builders = schema.fields.map { makeColumnBuilder(for: $0.type, capacity: batchSize) }
    }

    /// The next batch, or `nil` after the last row.
    public func next() throws -> RecordBatch? {
        guard !finished else { return nil }
        let names = schema.names
        var rows = 0
        while rows < batchSize, try tokenizer.nextRecord() {
            try reader.checkFieldCount(tokenizer, header: names)
            for column in builders.indices {
                let field = tokenizer.field(column)
                guard builders[column].append(field, quoted: tokenizer.isQuoted(column)) else {
                    // Pass 1 accepted this value, so the file changed in between.
                    throw reader.invalidValue(field, column: names[column], type: schema.fields[column].type, line: tokenizer.recordLine)
                }
            }
            rows += 1
        }
        if rows < batchSize { finished = true }
        guard rows > 0 else { return nil }
        return RecordBatch(schema: schema, columns: builders.map { $0.finish() })
    }
}
