import Dispatch
import History
import Parquet

/// Where each manifest lives in a commit's tree, and how to read it back.
enum ManifestPaths {
    static let dataset = "dataset.json"

    static let datasetsDirectory = "datasets"
    static func datasetRecord(_ name: String) -> String { "datasets/\(name).json" }

    static func tableDirectory(_ table: String) -> String { "tables/\(table)" }
    static func schema(_ table: String) -> String { "tables/\(table)/schema.json" }
    static func fragmentDirectory(_ table: String) -> String { "tables/\(table)/fragments" }
    static func fragment(_ table: String, _ name: String) -> String { "tables/\(table)/fragments/\(name).json" }

    /// Gene-major indexes: per matrix table, per dataset, a manifest and its chunks.
    static let geneIndexesDirectory = "indexes/genes"
    static func geneIndexDirectory(_ table: String) -> String { "indexes/genes/\(table)" }
    static func geneIndex(_ table: String, _ dataset: String) -> String { "indexes/genes/\(table)/\(dataset)/index.json" }
    static func geneIndexChunk(_ table: String, _ dataset: String, _ name: String) -> String {
        "indexes/genes/\(table)/\(dataset)/chunks/\(name).json"
    }

    /// Fragment names are zero-padded sequence numbers, so git's byte-order tree listing is row order.
    /// The sequence number a fragment name starts with: `000000000007` and the names compaction
    /// inserts after it, `000000000007_000001`, are both 7 (appends continue after it).
    static func sequence(of name: String) -> Int? {
        Int(name.prefix { $0 != "_" })
    }

    static func fragmentName(sequence: Int) -> String {
        let digits = String(sequence)
        return String(repeating: "0", count: max(0, 12 - digits.count)) + digits
    }

    static func readDataset(_ git: GitRepository, commit: ObjectID) throws -> DatasetManifest {
        guard let data = try git.blob(at: dataset, in: commit) else {
            throw LakeError.corruptManifest(path: "\(commit.abbreviated()):\(dataset)", detail: "missing")
        }
        return try ManifestCoding.decode(DatasetManifest.self, from: data, path: "\(commit.abbreviated()):\(dataset)")
    }

    static func readSchema(_ git: GitRepository, commit: ObjectID, table: String) throws -> TableSchema {
        let path = schema(table)
        guard let data = try git.blob(at: path, in: commit) else {
            throw LakeError.corruptManifest(path: "\(commit.abbreviated()):\(path)", detail: "missing")
        }
        return try ManifestCoding.decode(TableSchema.self, from: data, path: "\(commit.abbreviated()):\(path)")
    }

    static func readFragments(_ git: GitRepository, commit: ObjectID, table: String) throws -> [Fragment] {
        let entries = try git.entries(at: fragmentDirectory(table), in: commit)
            .filter { $0.name.hasSuffix(".json") }
            .sorted { $0.name < $1.name }
        // Hundreds of manifests in a large table: each is read (loose ones without libgit2's lock) and
        // decoded on every core.
        let decoded = ConcurrentSlots<FragmentManifest>(count: entries.count)
        DispatchQueue.concurrentPerform(iterations: entries.count) { i in
            let path = "\(commit.abbreviated()):\(fragmentDirectory(table))/\(entries[i].name)"
            decoded.set(i, Result {
                let blob = try git.readBlob(entries[i].id)
                return try FragmentManifestParser.parse([UInt8](blob)) ?? ManifestCoding.decode(FragmentManifest.self, from: blob, path: path)
            })
        }
        return try entries.indices.map { i in
            let manifest = try decoded.get(i)
            guard manifest.formatVersion <= FragmentManifest.formatVersion else {
                throw LakeError.unsupportedFormat("\(commit.abbreviated()):\(fragmentDirectory(table))/\(entries[i].name): fragment format \(manifest.formatVersion) is newer than this cairn")
            }
            return Fragment(table: table, name: String(entries[i].name.dropLast(5)), manifest: manifest)
        }
    }

    /// Every imported dataset's record, in cell-id order.
    static func readDatasetRecords(_ git: GitRepository, commit: ObjectID) throws -> [DatasetRecord] {
        guard try git.entry(at: datasetsDirectory, in: commit) != nil else { return [] }
        return try git.entries(at: datasetsDirectory, in: commit)
            .filter { $0.name.hasSuffix(".json") }
            .map { entry in
                try ManifestCoding.decode(DatasetRecord.self, from: try git.readBlob(entry.id),
                                          path: "\(commit.abbreviated()):\(datasetsDirectory)/\(entry.name)")
            }
            .sorted { $0.cellOffset < $1.cellOffset }
    }
}
