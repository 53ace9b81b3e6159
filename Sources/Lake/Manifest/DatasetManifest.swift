/// `dataset.json`: counts per table and the provenance of everything imported, so `show` and `ls` need one blob.
public struct DatasetManifest: Codable, Hashable, Sendable {
    public static let formatVersion = 1

    public var formatVersion: Int
    public var tables: [String: TableSummary]
    /// Every source ever loaded into this history, oldest first.
    public var sources: [SourceRecord]

    public init(tables: [String: TableSummary] = [:], sources: [SourceRecord] = []) {
        formatVersion = DatasetManifest.formatVersion
        self.tables = tables
        self.sources = sources
    }

    enum CodingKeys: String, CodingKey { case formatVersion = "format_version", tables, sources }
}

public struct TableSummary: Codable, Hashable, Sendable {
    public var rows: Int
    public var fragments: Int
    public var bytes: Int

    public init(rows: Int, fragments: Int, bytes: Int) {
        self.rows = rows
        self.fragments = fragments
        self.bytes = bytes
    }
}

/// One loaded file: where it came from and the SHA-256 of its bytes.
public struct SourceRecord: Codable, Hashable, Sendable {
    public var table: String
    public var path: String
    public var sha256: String
    public var rows: Int

    public init(table: String, path: String, sha256: String, rows: Int) {
        self.table = table
        self.path = path
        self.sha256 = sha256
        self.rows = rows
    }
}
