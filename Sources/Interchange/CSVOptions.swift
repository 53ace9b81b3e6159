import Columnar

/// How `CSVReader` reads a delimited file. The first line is always the header.
public struct CSVOptions: Sendable {
    public static let defaultBatchSize = 65_536
    public static let defaultReadBufferSize = 1 << 20

    /// The field separator; `nil` picks tab for `.tsv` / `.tab` files and comma otherwise.
    public var delimiter: Unicode.Scalar?
    /// Column name → type, replacing inference for those columns (from `--schema "age:int32,donor:string"`).
    public var schemaOverrides: [String: DataType]
    /// Rows per `RecordBatch`; memory use is bounded by one batch.
    public var batchSize: Int
    /// Bytes read from the file at a time. Records longer than this grow the buffer; tests shrink it
    /// to put records across read boundaries.
    public var readBufferSize: Int

    public init(delimiter: Unicode.Scalar? = nil,
                schemaOverrides: [String: DataType] = [:],
                batchSize: Int = CSVOptions.defaultBatchSize,
                readBufferSize: Int = CSVOptions.defaultReadBufferSize) {
        self.delimiter = delimiter
        self.schemaOverrides = schemaOverrides
        self.batchSize = batchSize
        self.readBufferSize = readBufferSize
    }

    /// The delimiter byte used for `path`, or an error for one the tokenizer cannot use
    /// (non-ASCII, or a character that already means something: quote, CR, LF).
    func delimiterByte(forPath path: String) throws -> UInt8 {
        guard let scalar = delimiter else {
            let lower = path.lowercased()
            return lower.hasSuffix(".tsv") || lower.hasSuffix(".tab") ? UInt8(ascii: "\t") : UInt8(ascii: ",")
        }
        guard scalar.isASCII, scalar != "\"", scalar != "\n", scalar != "\r" else {
            throw CSVError(path: path, reason: .invalidDelimiter("'\(scalar.escaped(asASCII: true))' must be one ASCII character other than a quote or line break"))
        }
        return UInt8(scalar.value)
    }
}
