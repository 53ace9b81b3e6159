import Columnar
import Foundation
import History

/// What `index build genes` did to one matrix's gene index.
public struct GeneIndexBuildResult: Sendable {
    /// The commit made; nil when every dataset's index was already current.
    public var commit: ObjectID?
    public var table: String
    /// Indexes built (new, or replacing stale ones).
    public var built: [GeneIndexManifest]
    /// Datasets whose index was already current.
    public var current: [String]
    /// Indexes removed because their dataset is gone.
    public var removed: [String]
    /// Bytes of the matrix's fragments, beside which the index's size is worth knowing.
    public var matrixBytes: Int
}

extension Repository {
    /// Builds the gene index of `matrix` (X or a layer's name) for every dataset at the head of the
    /// current branch whose index is missing or stale, and commits it: a versioned index, so `--at`
    /// reads the index of that version, `diff` shows it, and `gc` keeps what any kept commit names.
    public func buildGeneIndex(matrix: String = "X", message: String? = nil) throws -> GeneIndexBuildResult {
        try buildGeneIndex(matrix: matrix, message: message, runEntries: GeneIndexBuilder.defaultRunEntries)
    }

    /// As above, sorting runs of `runEntries` and keeping `runMemory` bytes of them in memory (tests make
    /// both small, so that runs spill and merge).
    func buildGeneIndex(matrix: String, message: String?, runEntries: Int, runMemory: Int = GeneIndexBuilder.defaultRunMemory) throws -> GeneIndexBuildResult {
        let branch = try currentBranch()
        guard let head = branch.commit else { throw LakeError.invalidArgument("nothing to index: the branch has no commits yet (import a dataset first)") }
        let snapshot = try Snapshot(repository: self, commit: head, revision: Self.shortBranchName(branch.reference))
        let records = try snapshot.datasets()
        guard !records.isEmpty else { throw LakeError.invalidArgument("nothing to index: no dataset imported at \(snapshot.revision)") }
        let table = try snapshot.matrixTable(matrix).table
        let existing = try snapshot.geneIndexes(of: table)
        let fragments = try snapshot.fragments(of: table)
        var built: [(index: GeneIndexManifest, chunks: [FragmentManifest], blobs: [ObjectID])] = []
        var current: [String] = []
        for record in records {
            guard let valueType = record.valueType(of: table) else { continue }  // a layer this dataset lacks
            if let index = existing[record.name], try snapshot.isCurrent(index) {
                current.append(record.name)
                continue
            }
            built.append(try buildGeneIndex(snapshot, table: table, record: record, valueType: valueType,
                                            fragments: fragments.filter { $0.manifest.dataset == record.name },
                                            runEntries: runEntries, runMemory: runMemory))
        }
        let removed = existing.keys.filter { name in !records.contains { $0.name == name } }.sorted()
        let matrixBytes = fragments.reduce(0) { $0 + $1.manifest.bytes }
        guard !built.isEmpty || !removed.isEmpty else {
            return GeneIndexBuildResult(commit: nil, table: table, built: [], current: current, removed: [], matrixBytes: matrixBytes)
        }
        let summary = built.count == 1 ? "dataset \(built[0].index.dataset)" : "\(built.count) datasets"
        let (commit, _) = try commit(message: message ?? "Gene index of \(matrix): \(summary)", onto: branch) { editor, _, now in
            if let now, now != head {
                // The branch moved while the index was built: what was built must still describe it.
                let moved = try Snapshot(repository: self, commit: now, revision: snapshot.revision)
                for (index, _, _) in built {
                    guard try moved.isCurrent(index) else { throw LakeError.conflict("dataset '\(index.dataset)' changed while its gene index was built; build it again") }
                }
            }
            for (index, chunks, blobs) in built { try Self.write(index, chunks: chunks, blobs: blobs, into: &editor) }
            for name in removed { try editor.remove(ManifestPaths.geneIndexDirectory(table) + "/" + name) }
        }
        return GeneIndexBuildResult(commit: commit, table: table, built: built.map(\.index), current: current, removed: removed,
                                    matrixBytes: matrixBytes)
    }

    /// Removes the gene index of `matrix` at the head of the current branch, in a commit; false when
    /// there was none.
    public func dropGeneIndex(matrix: String = "X", message: String? = nil) throws -> ObjectID? {
        let branch = try currentBranch()
        guard let head = branch.commit else { return nil }
        let snapshot = try Snapshot(repository: self, commit: head, revision: Self.shortBranchName(branch.reference))
        let table = try snapshot.matrixTable(matrix).table
        guard try !snapshot.geneIndexes(of: table).isEmpty else { return nil }
        return try commit(message: message ?? "Drop the gene index of \(matrix)", onto: branch) { editor, _, _ in
            try editor.remove(ManifestPaths.geneIndexDirectory(table))
        }.commit
    }

    /// One dataset's index, built from its fragments at `snapshot` (read in order, decoded on every core),
    /// and its chunks' manifests written to git (`blobs`).
    private func buildGeneIndex(_ snapshot: Snapshot, table: String, record: DatasetRecord, valueType: DataType,
                                fragments: [Fragment], runEntries: Int,
                                runMemory: Int) throws -> (index: GeneIndexManifest, chunks: [FragmentManifest], blobs: [ObjectID]) {
        let builder = try GeneIndexBuilder(positions: record.panel.count, valueType: valueType, config: config, objects: objects,
                                           what: "dataset \(record.name) in \(table)", runEntries: runEntries, runMemory: runMemory)
        let schema = SingleCellTables.expressionStorage(valueType)
        // This thread sorts a run every `runEntries` entries: the readers decode a run's worth of fragments
        // ahead meanwhile, instead of waiting for it with a window of one fragment per core.
        let averageRows = max(1, fragments.reduce(0) { $0 + $1.manifest.rows } / max(1, fragments.count))
        let window = OrderedParallelMap.defaultWorkers + 1 + min(64, (runEntries + averageRows - 1) / averageRows)
        // The sort's first pass runs where each batch is decoded.
        try snapshot.read(fragments, columns: schema.names, reader: { FragmentReader(repository: self, fragment: $0, schema: schema) },
                          transform: { try builder.bucket($0) }, window: window) { try builder.append($0) }
        // Chunk manifests go into git while later chunks are encoded, not all at the commit.
        var chunkBlobs: [ObjectID] = []
        var (index, chunks) = try builder.finish(table: table, dataset: record.name) { chunk in
            chunkBlobs.append(try git.writeBlob(Data(try ManifestCoding.encode(chunk))))
        }
        let blobs = Dictionary(uniqueKeysWithValues: try snapshot.fragmentEntries(of: table).map { ($0.name, $0.id) })
        index.source = GeneIndexSource(names: fragments.map(\.name), blobs: try fragments.map { fragment in
            guard let blob = blobs[fragment.name] else {
                throw LakeError.corruptManifest(path: "fragment \(table)/\(fragment.name)", detail: "not in the tree")
            }
            return blob
        }, manifests: fragments.map(\.manifest))
        return (index, chunks, chunkBlobs)
    }

    /// Puts a dataset's index into the tree, replacing any earlier one (its chunks too); `blobs`: the
    /// chunks' manifests where already written.
    static func write(_ index: GeneIndexManifest, chunks: [FragmentManifest], blobs: [ObjectID]? = nil, into editor: inout TreeEditor) throws {
        try editor.remove(ManifestPaths.geneIndexDirectory(index.table) + "/" + index.dataset)
        try editor.upsert(ManifestPaths.geneIndex(index.table, index.dataset), data: Data(try ManifestCoding.encode(index)))
        for (k, chunk) in chunks.enumerated() {
            let path = ManifestPaths.geneIndexChunk(index.table, index.dataset, ManifestPaths.fragmentName(sequence: k))
            if let blobs { try editor.upsert(path, blob: blobs[k]) } else { _ = try editor.upsert(path, data: Data(try ManifestCoding.encode(chunk))) }
        }
    }
}

extension DatasetRecord {
    /// The stored type of this dataset's values in matrix `table`; nil when it has no such matrix.
    public func valueType(of table: String) -> DataType? {
        if table == SingleCellTables.expression { return valueType }
        return layers?.first { $0.table == table }?.valueType
    }
}
