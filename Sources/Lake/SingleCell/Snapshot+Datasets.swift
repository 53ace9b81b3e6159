import Columnar
import Storage

extension Snapshot {
    /// The record of one imported dataset.
    public func dataset(named name: String) throws -> DatasetRecord {
        guard let record = try datasets().first(where: { $0.name == name }) else {
            throw LakeError.unknownDataset(name, revision: revision)
        }
        return record
    }

    /// Rows of one dataset in a single-cell table exactly as stored (the source's own types, dataset-local
    /// positions), for a faithful export: `fields` name stored columns.
    public func scanStored(_ table: String, dataset: String, fields: [Field], _ body: (RecordBatch) throws -> Void) throws {
        let schema = Schema(fields)
        for fragment in try fragments(of: table) where fragment.manifest.dataset == dataset {
            try FragmentReader(repository: repository, fragment: fragment, schema: schema).read(columns: schema.names, body)
        }
    }

    /// X (or the layer `layer`) of one dataset as stored: `row` (dataset-local cell), `col` (panel
    /// position) and `value`.
    public func scanExpression(of record: DatasetRecord, layer: String? = nil, _ body: (RecordBatch) throws -> Void) throws {
        guard let layer else {
            return try scanStored(SingleCellTables.expression, dataset: record.name,
                                  fields: SingleCellTables.expressionStorage(record.valueType).fields, body)
        }
        guard let entry = record.layers?.first(where: { $0.name == layer }) else {
            throw LakeError.unknownDataset("\(record.name) layer \(layer)", revision: revision)
        }
        try scanStored(entry.table, dataset: record.name, fields: SingleCellTables.expressionStorage(entry.valueType).fields, body)
    }

    /// The registry rows for `geneIDs`, in that order: feature key and symbol.
    public func genes(_ geneIDs: [Int]) throws -> (keys: [String], symbols: [String]) {
        var key: [Int: (String, String)] = [:]
        let wanted = Set(geneIDs)
        try scan(SingleCellTables.genes) { batch in
            guard case .int64(let ids) = batch.columns[0].buffer else { return }
            for i in 0..<batch.rowCount where wanted.contains(Int(ids[i])) {
                key[Int(ids[i])] = (batch.columns[1].value(at: i).description, batch.columns[2].value(at: i).description)
            }
        }
        return (geneIDs.map { key[$0]?.0 ?? "" }, geneIDs.map { key[$0]?.1 ?? "" })
    }

    /// The archived elements of a dataset (raw, obsm, varm, obsp, varp, uns), when it has any.
    public func auxiliaryElements(of record: DatasetRecord) throws -> [UInt8]? {
        guard let auxiliary = record.auxiliary else { return nil }
        guard let hash = ObjectHash(hex: auxiliary.sha256) else {
            throw LakeError.corruptManifest(path: "datasets/\(record.name).json", detail: "auxiliary sha256 is not a digest")
        }
        return try repository.readObject(hash)
    }
}
