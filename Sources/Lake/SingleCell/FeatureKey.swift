import Columnar

/// Which feature attribute joins datasets in the global gene registry (`import --feature-key`).
public enum FeatureKeyMode: String, CaseIterable, Codable, Sendable {
    /// The Ensembl id without its version when the source has ids, else the symbol.
    case auto
    /// The feature id; a source without one is refused.
    case id
    /// The gene symbol, even where ids exist (panels from tools that dropped the ids).
    case symbol
}

/// How features of different datasets meet in the global gene registry: the normalized key is the Ensembl
/// id without its version suffix when the source has ids, else the symbol. Multi-genome prefixes
/// (`GRCh38_`, `mm10___`) are kept as given.
public enum FeatureKey {
    /// var columns that hold stable feature ids, in order of preference.
    static let idColumns = ["gene_ids", "gene_id", "feature_id", "feature_ids", "ensembl_id", "ensembl_ids", "id"]
    /// var columns that hold symbols when the index holds ids (CELLxGENE's `feature_name`, scanpy's `gene_symbols`).
    static let symbolColumns = ["gene_symbols", "gene_symbol", "feature_name", "gene_name", "gene_names", "symbol"]

    /// `ENSG00000141510.17` → `ENSG00000141510`; anything else unchanged.
    public static func normalize(_ id: String) -> String {
        guard let dot = id.lastIndex(of: "."), isEnsembl(id),
              !id[id.index(after: dot)...].isEmpty, id[id.index(after: dot)...].allSatisfy(\.isNumber) else { return id }
        return String(id[..<dot])
    }

    /// An Ensembl id, possibly behind a genome prefix (`GRCh38_ENSG…`, `mm10___ENSMUSG…`).
    static func isEnsembl(_ id: String) -> Bool { id.hasPrefix("ENS") || id.contains("_ENS") }

    /// Keys and symbols of each feature of a var frame (`var_name` first, then its columns).
    static func resolve(_ frame: RecordBatch, mode: FeatureKeyMode = .auto) throws -> (keys: [String], symbols: [String]) {
        let names = strings(frame.columns[0])
        let indexIsIDs = !names.isEmpty && names.allSatisfy(isEnsembl)
        let symbolColumn = indexIsIDs ? symbolColumns.lazy.compactMap { completeStrings(frame, $0) }.first : nil
        let symbols = symbolColumn ?? names
        let ids = idColumns.lazy.compactMap { completeStrings(frame, $0) }.first ?? (indexIsIDs ? names : nil)
        switch mode {
        case .auto:
            // An index of Ensembl ids is itself the key.
            return ((ids ?? names).map(normalize), symbols)
        case .id:
            guard let ids else {
                throw LakeError.invalidArgument("--feature-key id: var has no feature id column (one of \(idColumns.joined(separator: ", "))) and its index is not Ensembl ids; use --feature-key symbol")
            }
            return (ids.map(normalize), symbols)
        case .symbol:
            return (symbols, symbols)
        }
    }

    /// Genome prefixes found on the keys (`GRCh38_ENSG…` → `GRCh38_`), with how many features carry each.
    /// They are kept as given: the same gene of two genomes stays two genes.
    static func genomePrefixes(_ keys: [String]) -> [(prefix: String, features: Int)] {
        var counts: [String: Int] = [:]
        for key in keys {
            guard let range = key.range(of: "_ENS") else { continue }
            var end = range.lowerBound
            while end < key.endIndex, key[end] == "_" { end = key.index(after: end) }
            counts[String(key[..<end]), default: 0] += 1
        }
        return counts.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }
    }

    private static func completeStrings(_ frame: RecordBatch, _ name: String) -> [String]? {
        guard let column = frame.column(named: name), column.type == .string, column.nullCount == 0 else { return nil }
        return strings(column)
    }

    private static func strings(_ column: Column) -> [String] {
        guard case .bytes(let values) = column.buffer else { return (0..<column.count).map { column.value(at: $0).description } }
        return (0..<values.count).map { values.string(at: $0) }
    }
}
