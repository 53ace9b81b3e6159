import Foundation
import Interchange
import Lake
import Storage

/// Each gene's non-zero median of its normalized expression over a corpus: Geneformer's normalization
/// factors, as `{feature_id: median}` (the published `gene_median_dictionary`, or computed by
/// `cairn stats gene-medians` and cached per version).
public struct GeneMedians: Sendable, Equatable {
    public var values: [String: Double]

    public init(values: [String: Double]) {
        self.values = values
    }

    /// Reads `{feature_id: median}`; every median must be a positive finite number.
    public static func load(path: String) throws -> GeneMedians {
        let table = try JSONObjectFile.read(path: path, what: "gene medians", expected: "a number") { scalar -> Double? in
            switch scalar {
            case .integer(let value): return Double(value)
            case .number(let value): return value
            case .other: return nil
            }
        }
        if let key = table.filter({ !($0.value > 0) || !$0.value.isFinite }).keys.min() {
            throw TokenizerError.badFile(what: "gene medians", path: path, detail: "the median of '\(key)' is \(table[key]!), not a positive number")
        }
        guard !table.isEmpty else { throw TokenizerError.badFile(what: "gene medians", path: path, detail: "no medians") }
        return GeneMedians(values: table)
    }

    /// JSON with keys sorted, one gene a line; doubles printed so that they read back exactly.
    public func json() -> String {
        var text = "{"
        for (i, key) in values.keys.sorted().enumerated() {
            text += (i == 0 ? "\n" : ",\n") + "  " + JSONText.string(key) + ": " + "\(values[key]!)"
        }
        return text + (values.isEmpty ? "}\n" : "\n}\n")
    }

    public func write(to path: String) throws {
        try AtomicFile.write(Array(json().utf8), to: path)
    }

    /// Each gene id's median (0 where the gene has none).
    public func byGene(features: [String]) -> [Double] {
        features.map { $0.isEmpty ? 0 : values[$0] ?? 0 }
    }
}
