import Columnar
import Lake

extension Snapshot {
    /// The registry's feature id of each gene id ("" for ids it does not list): what tokenizers map genes by.
    public func registryFeatures() throws -> [String] {
        guard tableNames.contains("genes") else { return [] }
        var features: [String] = []
        try scan("genes", columns: ["gene_id", "feature_id"]) { batch in
            guard case .int64(let ids) = batch.columns[0].buffer, case .bytes(let keys) = batch.columns[1].buffer else { return }
            for i in 0..<batch.rowCount {
                let id = Int(ids[i])
                guard id >= 0 else { continue }
                if id >= features.count { features.append(contentsOf: repeatElement("", count: id + 1 - features.count)) }
                features[id] = keys.string(at: i)
            }
        }
        return features
    }
}
