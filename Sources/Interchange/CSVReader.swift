import Columnar

/// Reads a delimited file with a header line into typed `RecordBatch`es, for `cairn load`.
///
/// The file is read twice, streaming both times, so memory stays bounded by one batch however
/// large the file is:
/// 1. `inferSchema()` reads every row: it checks the structure (field counts, quoting), infers each
///    column's type from all of its values (`ColumnTypeInference`), checks that text columns are
///    valid UTF-8, and checks that every value of an overridden column parses as the given type.
///    Every data error is therefore reported before a single batch is produced.
/// 2. `makeBatchIterator()` / `forEachBatch` parse the rows again into batches of `batchSize` rows.
///
/// The file must not change between the passes.
public final class CSVReader {
    public let path: String
    public let options: CSVOptions
    /// Data rows (not counting the header), known once `inferSchema()` has run.
    public private(set) var rowCount: Int?
    private var inferredSchema: Schema?

    public init(path: String, options: CSVOptions = CSVOptions()) {
        self.path = path
        self.options = options
    }

    /// Pass 1 over the whole file; the result is cached.
    public func inferSchema() throws -> Schema {
        if let inferredSchema { return inferredSchema }
        let tokenizer = try openTokenizer()
        let header = try readHeader(tokenizer)
        let overrides = try resolveOverrides(header: header)
        let batchSize = max(1, options.batchSize)

        var inferences = overrides.map { ColumnTypeInference(checksTypes: $0 == nil) }
        // Overridden columns are checked by parsing into a builder that is emptied every batch.
        let checkers: [CSVColumnBuilder?] = overrides.map { type in
            guard let type, type != .string, type != .binary else { return nil }
            return makeColumnBuilder(for: type, capacity: 0)
        }
        let tracksText = overrides.map { $0 == nil || $0 == .string }
        var rows = 0
        while try tokenizer.nextRecord() {
            try checkFieldCount(tokenizer, header: header)
            let line = tokenizer.recordLine
            for column in 0..<header.count {
                let field = tokenizer.field(column)
                let quoted = tokenizer.isQuoted(column)
                if let checker = checkers[column] {
                    guard checker.append(field, quoted: quoted) else {
                        throw invalidValue(field, column: header[column], type: overrides[column]!, line: line)
                    }
                } else if tracksText[column] {
                    inferences[column].observe(field, quoted: quoted, line: line)
                }
            }
            rows += 1
            if rows % batchSize == 0 { for checker in checkers { _ = checker?.finish() } }
        }

        var fields: [Field] = []
        for (column, name) in header.enumerated() {
            let type = overrides[column] ?? inferences[column].inferredType
            if type == .string, let line = inferences[column].firstInvalidUTF8Line {
                throw CSVError(path: path, line: line, reason: .invalidUTF8(column: name))
            }
            fields.append(Field(name, type))
        }
        let schema = Schema(fields)
        inferredSchema = schema
        rowCount = rows
        return schema
    }

    /// Pass 2: batches of at most `options.batchSize` rows (runs pass 1 first if needed).
    /// A file with no data rows yields no batches.
    public func makeBatchIterator() throws -> CSVBatchIterator {
        let schema = try inferSchema()
        let tokenizer = try openTokenizer()
        _ = try readHeader(tokenizer)
        return CSVBatchIterator(reader: self, tokenizer: tokenizer, schema: schema, batchSize: max(1, options.batchSize))
    }

    /// Calls `body` with each batch in file order.
    public func forEachBatch(_ body: (RecordBatch) throws -> Void) throws {
        let iterator = try makeBatchIterator()
        while let batch = try iterator.next() { try body(batch) }
    }

    /// The whole file as one batch — for small files and tests; `forEachBatch` bounds memory.
    public func readAll() throws -> RecordBatch {
        var batches: [RecordBatch] = []
        try forEachBatch { batches.append($0) }
        return RecordBatch.concatenate(batches, schema: try inferSchema())
    }

    // MARK: - Shared by both passes

    private func openTokenizer() throws -> CSVTokenizer {
        let delimiter = try options.delimiterByte(forPath: path)
        return try CSVTokenizer(path: path, delimiter: delimiter, readBufferSize: options.readBufferSize)
    }

    /// The first record's fields as column names: valid UTF-8, non-empty, unique.
    private func readHeader(_ tokenizer: CSVTokenizer) throws -> [String] {
        guard try tokenizer.nextRecord() else { throw CSVError(path: path, reason: .emptyFile) }
        var names: [String] = []
        var seen: Set<String> = []
        for column in 0..<tokenizer.fieldCount {
            let bytes = tokenizer.field(column)
            guard UTF8Validation.isValid(bytes) else {
                throw CSVError(path: path, line: tokenizer.recordLine, reason: .invalidUTF8InHeader)
            }
            let name = String(decoding: bytes, as: UTF8.self)
            guard !name.isEmpty else {
                throw CSVError(path: path, line: tokenizer.recordLine, reason: .emptyHeaderName(column: column + 1))
            }
            guard seen.insert(name).inserted else {
                throw CSVError(path: path, line: tokenizer.recordLine, reason: .duplicateHeaderName(name))
            }
            names.append(name)
        }
        return names
    }

    /// The override type per column, or an error naming an override the header lacks.
    private func resolveOverrides(header: [String]) throws -> [DataType?] {
        for name in options.schemaOverrides.keys.sorted() where !header.contains(name) {
            throw CSVError(path: path, reason: .unknownOverrideColumn(name, available: header))
        }
        return header.map { options.schemaOverrides[$0] }
    }

    func checkFieldCount(_ tokenizer: CSVTokenizer, header: [String]) throws {
        guard tokenizer.fieldCount == header.count else {
            throw CSVError(path: path, line: tokenizer.recordLine,
                           reason: .fieldCount(found: tokenizer.fieldCount, expected: header.count))
        }
    }

    func invalidValue(_ field: UnsafeBufferPointer<UInt8>, column: String, type: DataType, line: Int) -> CSVError {
        CSVError(path: path, line: line, reason: .invalidValue(column: column, text: CSVError.excerpt(field), type: type))
    }
}
