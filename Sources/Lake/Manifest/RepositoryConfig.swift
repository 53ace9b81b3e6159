/// `cairn.json` at the repository root: the format version and settings (never credentials).
public struct RepositoryConfig: Codable, Hashable, Sendable {
    public static let currentFormatVersion = 1

    public var format: String
    public var formatVersion: Int
    /// Rows per fragment written by `load` (a fragment is the unit of append, diff and skipping).
    public var fragmentRows: Int
    /// Rows per Parquet row group, and target bytes and most rows per data page, sized for random
    /// row-range reads: a page of 4096 expression rows holds two or three cells, so a scattered slice
    /// decodes little more than the cells it wants.
    public var rowGroupRows: Int
    public var pageBytes: Int
    public var pageRows: Int

    public init(fragmentRows: Int = 1 << 20, rowGroupRows: Int = 128 * 1024, pageBytes: Int = 64 * 1024, pageRows: Int = 4096) {
        format = "cairn"
        formatVersion = RepositoryConfig.currentFormatVersion
        self.fragmentRows = fragmentRows
        self.rowGroupRows = rowGroupRows
        self.pageBytes = pageBytes
        self.pageRows = pageRows
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        format = try c.decode(String.self, forKey: .format)
        formatVersion = try c.decode(Int.self, forKey: .formatVersion)
        fragmentRows = try c.decode(Int.self, forKey: .fragmentRows)
        rowGroupRows = try c.decode(Int.self, forKey: .rowGroupRows)
        pageBytes = try c.decode(Int.self, forKey: .pageBytes)
        // Repositories made before the setting existed wrote pages of up to 20,000 rows.
        pageRows = try c.decodeIfPresent(Int.self, forKey: .pageRows) ?? 20_000
    }

    enum CodingKeys: String, CodingKey {
        case format, formatVersion = "format_version", fragmentRows = "fragment_rows"
        case rowGroupRows = "row_group_rows", pageBytes = "page_bytes", pageRows = "page_rows"
    }
}
