import Columnar

/// How `ParquetWriter` lays out a file.
public struct ParquetWriteOptions: Sendable {
    public var compression: CompressionCodec = .zstd
    public var compressionLevel: Int32 = 1
    /// A column chunk is written uncompressed when compressing its first data page saves less than this
    /// fraction of it (0: always compress as `compression` says).
    public var minimumCompressionGain: Double = 0
    /// Rows per row group.
    public var rowGroupRows: Int = 128 * 1024
    /// Target size of a data page's encoded values, so that reading a few rows decodes little.
    public var pageBytes: Int = 64 * 1024
    /// At most this many rows per data page, whatever the encoding achieves.
    public var maxPageRows: Int = 20_000
    public var dictionary: Bool = true
    /// When set, only these columns try a dictionary (a writer that knows its other columns' values
    /// are nearly all distinct, or sorted, saves building one to throw away).
    public var dictionaryColumns: Set<String>? = nil
    public var statistics: Bool = true
    public var pageIndex: Bool = true
    /// Byte-array min/max longer than this are truncated (and marked inexact).
    public var statisticsTruncateLength: Int = 64
    public var keyValueMetadata: [String: String] = [:]

    public init() {}
}

/// Min, max and null count of one column over a whole file, as values.
public struct ParquetColumnStatistics: Hashable, Sendable {
    /// Nil when the column has no non-null (for floats: non-NaN) value.
    public var min: Value?
    public var max: Value?
    public var nullCount: Int

    public init(min: Value?, max: Value?, nullCount: Int) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
    }
}

/// A finished file and where its metadata lies inside it (ranges count from the file's start).
public struct ParquetWriteResult: Sendable {
    /// The file, or its part after the bytes `ParquetWriter.takeWrittenBytes` handed out.
    public var bytes: [UInt8]
    public var rows: Int
    /// The Thrift FileMetaData (the 8-byte tail follows it).
    public var footer: Range<Int>
    /// All ColumnIndex structures, when a page index was written.
    public var columnIndex: Range<Int>?
    /// All OffsetIndex structures, when a page index was written.
    public var offsetIndex: Range<Int>?
    /// One per schema field, over the whole file.
    public var statistics: [ParquetColumnStatistics]
}
