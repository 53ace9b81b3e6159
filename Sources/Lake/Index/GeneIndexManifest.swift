import Columnar
import Foundation
import History
import Storage

/// `indexes/genes/<table>/<dataset>.json`: one dataset's gene-major index of one matrix table.
///
/// The dataset's stored entries (dataset-local `row`, `value` of the stored type), sorted by (panel
/// position, row) and cut into Parquet chunks, with a per-position offset: the entries of panel position
/// p are entries `offsets[p] ..< offsets[p + 1]`. Like the matrix, the index holds local rows and panel
/// positions, so renumbering a dataset's cells or genes (a rebase, a merge) leaves it valid.
public struct GeneIndexManifest: Codable, Hashable, Sendable {
    /// 2: chunks hold `row` and `value`, positions follow from the offsets. 1 (still read): chunks also
    /// hold each entry's position as `col`.
    public static let formatVersion = 2

    public var formatVersion: Int
    public var table: String
    public var dataset: String
    /// The matrix fragments the index was built from: a reader uses the index only while they are
    /// still the dataset's fragments (else the index is stale and the fragments are read instead).
    public var source: GeneIndexSource
    /// Entries indexed: the dataset's live entries in the table when it was built.
    public var entries: Int
    /// Panel positions covered (the dataset's panel size).
    public var positions: Int
    /// The stored type of the values, exactly as the matrix fragments hold them.
    public var valueType: DataType
    /// Little-endian UInt64 × (positions + 1), ascending, the last equal to `entries`.
    public var offsets: IndexObject
    /// The entries in (col, row) order are cut into chunks of consecutive entries, each a blob
    /// `chunks/<name>.json` beside this one (a fragment manifest whose `row_offset` is its first entry,
    /// naming one Parquet object with columns row, col, value): the first entry of each, so that a reader
    /// opens only the chunks its genes lie in.
    public var chunkStarts: [Int]
    /// Bytes of every object of the index (the offsets and the chunks).
    public var bytes: Int

    public init(table: String, dataset: String, source: GeneIndexSource, entries: Int, positions: Int, valueType: DataType,
                offsets: IndexObject, chunks: [FragmentManifest]) {
        self.formatVersion = Self.formatVersion
        self.table = table
        self.dataset = dataset
        self.source = source
        self.entries = entries
        self.positions = positions
        self.valueType = valueType
        self.offsets = offsets
        self.chunkStarts = chunks.map(\.rowOffset)
        self.bytes = offsets.bytes + chunks.reduce(0) { $0 + $1.bytes }
    }

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", table, dataset, source, entries, positions, valueType = "value_type", offsets
        case chunkStarts = "chunk_starts", bytes
    }
}

/// A data object named by hash and size.
public struct IndexObject: Codable, Hashable, Sendable {
    public var hash: ObjectHash
    public var bytes: Int

    public init(hash: ObjectHash, bytes: Int) {
        self.hash = hash
        self.bytes = bytes
    }

    enum CodingKeys: String, CodingKey { case hash = "sha256", bytes }
}

/// Which matrix fragments an index describes, recorded two ways: by their blobs in the commit's tree (a
/// cheap check, no manifest decoded) and by their data (the same objects and deletion vectors under
/// other fragment names or offsets — a merge that renumbered the dataset — still match).
public struct GeneIndexSource: Codable, Hashable, Sendable {
    /// The dataset's first and last fragment names in the table (nil: it has none).
    public var first: String?
    public var last: String?
    public var fragments: Int
    /// SHA-256 of `<name> <blob id>\n` for each fragment, in name order.
    public var treeDigest: String
    /// SHA-256 of each fragment's object hashes and deletion vector, in order.
    public var contentDigest: String

    enum CodingKeys: String, CodingKey { case first, last, fragments, treeDigest = "tree_digest", contentDigest = "content_digest" }

    /// The source made of fragments (in row order): their names and blobs in the tree, and their manifests.
    init(names: [String], blobs: [ObjectID], manifests: [FragmentManifest]) {
        first = names.first
        last = names.last
        fragments = names.count
        treeDigest = Self.treeDigest(names: names, blobs: blobs)
        contentDigest = Self.contentDigest(manifests)
    }

    static func treeDigest(names: [String], blobs: [ObjectID]) -> String {
        ObjectHash.of(Array(zip(names, blobs).map { "\($0) \($1.hex)\n" }.joined().utf8)).hex
    }

    static func contentDigest(_ manifests: [FragmentManifest]) -> String {
        let lines = manifests.map { manifest in
            manifest.objects.map(\.hash.hex).joined(separator: ",") + ";" + (manifest.deletionVector?.hash.hex ?? "-") + "\n"
        }
        return ObjectHash.of(Array(lines.joined().utf8)).hex
    }
}
