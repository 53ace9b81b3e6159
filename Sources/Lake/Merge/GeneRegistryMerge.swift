import Columnar
import History

/// The `genes` table merges as a registry, not as rows: it only grows, and a feature keeps one id.
/// Genes the other side registered are added unless this side already has the feature (then its id is
/// used); an id this side gave to another feature is replaced by a fresh one. Datasets the other side
/// imported have their panels mapped through `renumbered`. Fragments removed on the other side (by a
/// compaction, or by reverting an import) stay: a later dataset may use their ids.
struct GeneRegistryMerge {
    /// The other side's gene id → the merged id, where they differ.
    private(set) var renumbered: [Int: Int] = [:]
    /// Fragments to append to the genes table (written already when ids changed).
    private(set) var appended: [FragmentManifest] = []

    init(repository: Repository, ours: ObjectID, added: [Fragment], schema: Schema) throws {
        guard !added.isEmpty else { return }
        var ids: [String: Int] = [:]
        var used = Set<Int>()
        let snapshot = try Snapshot(repository: repository, commit: ours, revision: ours.hex)
        if snapshot.manifest.tables[SingleCellTables.genes] != nil {
            try snapshot.scan(SingleCellTables.genes, columns: ["gene_id", "feature_id"]) { batch in
                guard case .int64(let geneIDs) = batch.columns[0].buffer, case .bytes(let keys) = batch.columns[1].buffer else { return }
                for i in 0..<batch.rowCount {
                    ids[keys.string(at: i)] = Int(geneIDs[i])
                    used.insert(Int(geneIDs[i]))
                }
            }
        }
        guard let idColumn = schema.index(of: "gene_id"), let keyColumn = schema.index(of: "feature_id") else {
            throw LakeError.corruptManifest(path: "tables/genes/schema.json", detail: "no gene_id or feature_id column")
        }
        let fragmentBatches = try added.map { fragment in
            var batches: [RecordBatch] = []
            try FragmentReader(repository: repository, fragment: fragment, schema: schema).read(columns: schema.names) { batches.append($0) }
            return batches
        }
        // Fresh ids start above every id either side has used.
        var next = (used.max() ?? -1) + 1
        for batch in fragmentBatches.joined() {
            guard case .int64(let geneIDs) = batch.columns[idColumn].buffer else { continue }
            next = max(next, Int(geneIDs.max() ?? -1) + 1)
        }
        var config = repository.config
        config.fragmentRows = Int.max / 2
        var writer = FragmentWriter(schema: schema, config: config, objects: repository.objects)
        var rewritten = false
        var keptVerbatim: [FragmentManifest] = []
        for (fragment, own) in zip(added, fragmentBatches) {
            var pending: [(batch: RecordBatch, keep: [Int], ids: [Int64])] = []
            var unchanged = true
            for batch in own {
                guard case .int64(let geneIDs) = batch.columns[idColumn].buffer, case .bytes(let keys) = batch.columns[keyColumn].buffer else { continue }
                var keep: [Int] = []
                var newIDs: [Int64] = []
                for i in 0..<batch.rowCount {
                    let key = keys.string(at: i), theirs = Int(geneIDs[i])
                    if let existing = ids[key] {
                        if existing != theirs { renumbered[theirs] = existing }
                        unchanged = false
                        continue
                    }
                    var id = theirs
                    if used.contains(theirs) {
                        id = next
                        next += 1
                        renumbered[theirs] = id
                        unchanged = false
                    }
                    used.insert(id)
                    ids[key] = id
                    keep.append(i)
                    newIDs.append(Int64(id))
                }
                pending.append((batch, keep, newIDs))
            }
            if unchanged {
                keptVerbatim.append(fragment.manifest)
                continue
            }
            for (batch, keep, newIDs) in pending where !keep.isEmpty {
                var columns = batch.columns.map { $0.gather(keep) }
                columns[idColumn] = Column(type: .int64, buffer: .int64(newIDs))
                try writer.append(RecordBatch(schema: schema, columns: columns))
                rewritten = true
            }
        }
        appended = keptVerbatim
        if rewritten { appended += try writer.finish() }
    }
}
