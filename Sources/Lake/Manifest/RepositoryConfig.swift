/// `cairn.json` at the repository root: the format version and settings (never credentials).
public struct RepositoryConfig: Codable, Hashable, Sendable {
    public static let currentFormatVersion = 1

    public var format: String
    public var formatVersion: Int
    /// Rows per fragment written by `load` (a fragment is the unit of append, diff and skipping).
    public var fragmentRows: Int
    /// Rows per Parquet row group and target bytes per data page, sized for random row-range reads.
    public var rowGroupRows: Int
    public var pageBytes: Int

    public init(fragmentRows: Int = 1 << 20, rowGroupRows: Int = 128 * 1024, pageBytes: Int = 64 * 1024) {
        format = "cairn"
        formatVersion = RepositoryConfig.currentFormatVersion
        self.fragmentRows = fragmentRows
        self.rowGroupRows = rowGroupRows
        self.pageBytes = pageBytes
    }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", fragmentRows = "fragment_rows"
        case rowGroupRows = "row_group_rows", pageBytes = "page_bytes"
    }
}
