import Columnar
import Storage

/// One fragment of a table: the blob at `tables/<table>/fragments/<name>.json` in a commit's tree.
///
/// A fragment is a contiguous run of a table's rows, stored as one or more Parquet objects that each hold a
/// group of its columns (every object has all `rows` rows), minus an optional deletion vector.
/// The format is complete from version 1: readers honour every field even where today's writers leave it unset.
public struct FragmentManifest: Codable, Hashable, Sendable {
    public static let formatVersion = 1

    public var formatVersion: Int
    /// Position of the fragment's first row in the table at this commit (rows of earlier fragments, before deletions).
    public var rowOffset: Int
    /// Rows stored in each object, deleted rows included.
    public var rows: Int
    /// The data objects; their column lists partition the table's columns.
    public var objects: [FragmentObject]
    /// Rows of this fragment that are deleted, if any.
    public var deletionVector: DeletionVectorReference?
    /// Per-column statistics over the stored rows (deleted rows included, so they stay valid bounds).
    public var statistics: [String: ColumnStatistics]
    /// For single-cell tables: the imported dataset whose rows this fragment holds, and the position of its
    /// first row within that dataset. Ids (`cell_id`, `gene_id`) are derived from these and the dataset's
    /// record at read time, so renumbering a dataset never rewrites data.
    public var dataset: String?
    public var datasetRow: Int?

    public init(rowOffset: Int, rows: Int, objects: [FragmentObject], deletionVector: DeletionVectorReference? = nil,
                statistics: [String: ColumnStatistics]) {
        self.formatVersion = FragmentManifest.formatVersion
        self.rowOffset = rowOffset
        self.rows = rows
        self.objects = objects
        self.deletionVector = deletionVector
        self.statistics = statistics
    }

    /// Rows a reader sees.
    public var liveRows: Int { rows - (deletionVector?.deletedRows ?? 0) }

    /// Bytes of every data object, deletion vector included.
    public var bytes: Int { objects.reduce(0) { $0 + $1.bytes } + (deletionVector?.bytes ?? 0) }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", rowOffset = "row_offset", rows, objects
        case deletionVector = "deletion_vector", statistics, dataset, datasetRow = "dataset_row"
    }
}

/// A Parquet object holding some of a fragment's columns, with the byte ranges a reader needs so that it can
/// fetch the footer and page index without first reading the file's tail.
public struct FragmentObject: Codable, Hashable, Sendable {
    public var hash: ObjectHash
    public var bytes: Int
    /// The table columns stored in this object, in table order.
    public var columns: [String]
    /// The Thrift FileMetaData: its offset and length (the 8-byte tail follows it).
    public var footer: ByteRange
    /// The ColumnIndex and OffsetIndex structures of all column chunks, when the writer wrote a page index.
    public var columnIndex: ByteRange?
    public var offsetIndex: ByteRange?
    /// The SHA-256 of each 1 MiB block, for objects larger than one block: ranged reads from a remote
    /// check each block they download. Absent in objects written before block digests existed.
    public var blocks: BlockDigests?

    public init(hash: ObjectHash, bytes: Int, columns: [String], footer: ByteRange, columnIndex: ByteRange?, offsetIndex: ByteRange?,
                blocks: BlockDigests? = nil) {
        self.hash = hash
        self.bytes = bytes
        self.columns = columns
        self.footer = footer
        self.columnIndex = columnIndex
        self.offsetIndex = offsetIndex
        self.blocks = blocks
    }

    enum CodingKeys: String, CodingKey {
        case hash = "sha256", bytes, columns, footer, columnIndex = "column_index", offsetIndex = "offset_index", blocks
    }
}

/// A byte range inside an object.
public struct ByteRange: Codable, Hashable, Sendable {
    public var offset: Int
    public var length: Int
    public init(offset: Int, length: Int) {
        self.offset = offset
        self.length = length
    }
    public var range: Range<Int> { offset..<(offset + length) }
}

/// An object listing deleted row positions of a fragment (format in `DeletionVector`).
public struct DeletionVectorReference: Codable, Hashable, Sendable {
    public var hash: ObjectHash
    public var bytes: Int
    public var deletedRows: Int

    public init(hash: ObjectHash, bytes: Int, deletedRows: Int) {
        self.hash = hash
        self.bytes = bytes
        self.deletedRows = deletedRows
    }

    enum CodingKeys: String, CodingKey { case hash = "sha256", bytes, deletedRows = "deleted_rows" }
}

/// Min, max and null count of one column of a fragment. Bounds are written as text so that every value of
/// every type survives JSON exactly (uint64 above 2^53, NaN-free float bounds, arbitrary strings).
public struct ColumnStatistics: Codable, Hashable, Sendable {
    public var min: String?
    public var max: String?
    public var nullCount: Int
    /// For a floating-point column: whether every non-null value is a whole number (counts stored as
    /// float32, as h5ad files hold them), so that readers may treat them as integers between `min` and
    /// `max`. nil for other columns and in manifests written before cairn recorded it.
    public var integral: Bool?

    public init(min: String?, max: String?, nullCount: Int, integral: Bool? = nil) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
        self.integral = integral
    }

    enum CodingKeys: String, CodingKey { case min, max, nullCount = "null_count", integral }
}
