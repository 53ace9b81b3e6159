import Columnar
import Lake

extension Snapshot {
    /// The table holding matrix `name` (`X`: the expression table; else a layer's name) and its value type.
    public func matrixTable(_ name: String) throws -> (table: String, valueType: DataType) {
        var table: String?
        if name == "X" {
            table = "expression"
        } else {
            table = try datasets().lazy.compactMap { $0.layers?.first(where: { $0.name == name })?.table }.first
        }
        guard let table, tableNames.contains(table), let field = try schema(of: table).fields.first(where: { $0.name == "value" }) else {
            throw TokenizerError.unknownMatrix(name, revision: revision)
        }
        return (table, field.type)
    }

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
