import Columnar

/// How features of different datasets meet in the global gene registry: the normalized key is the Ensembl
/// id without its version suffix when the source has ids, else the symbol. Multi-genome prefixes
/// (`GRCh38_`, `mm10___`) are kept as given.
enum FeatureKey {
    /// var columns that hold stable feature ids, in order of preference.
    static let idColumns = ["gene_ids", "gene_id", "feature_id", "feature_ids", "ensembl_id", "ensembl_ids", "id"]

    /// `ENSG00000141510.17` → `ENSG00000141510`; anything else unchanged.
    static func normalize(_ id: String) -> String {
        guard let dot = id.lastIndex(of: "."), id.hasPrefix("ENS") || id.contains("_ENS"),
              !id[id.index(after: dot)...].isEmpty, id[id.index(after: dot)...].allSatisfy(\.isNumber) else { return id }
        return String(id[..<dot])
    }

    /// Keys and symbols of each feature of a var frame (`var_name` first, then its columns).
    static func resolve(_ frame: RecordBatch) -> (keys: [String], symbols: [String]) {
        let names = frame.columns[0]
        let symbols = (0..<frame.rowCount).map { names.value(at: $0).description }
        for candidate in idColumns {
            if let column = frame.column(named: candidate), column.type == .string, column.nullCount == 0 {
                return ((0..<frame.rowCount).map { normalize(column.value(at: $0).description) }, symbols)
            }
        }
        // An index of Ensembl ids is itself the key.
        return (symbols.map(normalize), symbols)
    }
}
