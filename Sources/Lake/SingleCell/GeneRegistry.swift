import Columnar
import History

/// The global feature registry (the `genes` table): one `gene_id` per normalized feature key. Read at
/// the head being committed on; keys seen for the first time get the next ids.
struct GeneRegistry {
    private var ids: [String: Int] = [:]
    private var nextID = 0
    private var added: [(id: Int, key: String, symbol: String)] = []
    private let repository: Repository

    init(repository: Repository, commit: ObjectID?) throws {
        self.repository = repository
        guard let commit else { return }
        let snapshot = try Snapshot(repository: repository, commit: commit, revision: commit.hex)
        guard snapshot.manifest.tables[SingleCellTables.genes] != nil else { return }
        try snapshot.scan(SingleCellTables.genes, columns: ["gene_id", "feature_id"]) { batch in
            guard case .int64(let geneIDs) = batch.columns[0].buffer, case .bytes(let keys) = batch.columns[1].buffer else { return }
            for i in 0..<batch.rowCount {
                ids[keys.string(at: i)] = Int(geneIDs[i])
                nextID = max(nextID, Int(geneIDs[i]) + 1)
            }
        }
    }

    /// The gene id of each feature, registering new keys.
    mutating func ids(for keys: [String], symbols: [String]) -> [Int] {
        zip(keys, symbols).map { key, symbol in
            if let id = ids[key] { return id }
            let id = nextID
            nextID += 1
            ids[key] = id
            added.append((id, key, symbol))
            return id
        }
    }

    /// Writes the genes registered by this commit as one fragment; returns how many there were.
    mutating func commitNewGenes(into tables: inout TableAppender, editor: inout TreeEditor, summary: inout DatasetManifest) throws -> Int {
        guard !added.isEmpty else { return 0 }
        let batch = RecordBatch(schema: SingleCellTables.genesSchema, columns: [
            Column(type: .int64, buffer: .int64(added.map { Int64($0.id) })),
            Column(type: .string, buffer: .bytes(VarBinary(strings: added.map(\.key)))),
            Column(type: .string, buffer: .bytes(VarBinary(strings: added.map(\.symbol)))),
        ])
        var writer = FragmentWriter(schema: batch.schema, config: repository.config, objects: repository.objects)
        try writer.append(batch)
        try tables.append(SingleCellTables.genes, fragments: try writer.finish(),
                          schema: { $0 ?? SingleCellTables.genesSchema }, editor: &editor, summary: &summary)
        let count = added.count
        added.removeAll()
        return count
    }
}
