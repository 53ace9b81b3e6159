import Columnar
import Foundation

/// The token of each feature (and of each special token): a model's own dictionary loaded from JSON
/// `{feature_id: token}`, or one built from the registry, specials first and then genes by gene id.
public struct GeneVocabulary: Sendable, Equatable {
    public let tokens: [String: Int]

    /// Geneformer V2's specials, with its ids: `<pad>` 0, `<mask>` 1, `<cls>` 2, `<eos>` 3.
    public static let geneformerSpecials = ["<pad>", "<mask>", "<cls>", "<eos>"]
    /// scGPT's specials (its tutorials' `[pad_token, "<cls>", "<eoc>"]`).
    public static let scGPTSpecials = ["<pad>", "<cls>", "<eoc>"]

    public init(tokens: [String: Int]) {
        self.tokens = tokens
    }

    /// `specials` get 0, 1, …; then every gene id with a feature id gets the next token, in gene-id order.
    public static func built(features: [String], specials: [String]) -> GeneVocabulary {
        var tokens: [String: Int] = [:]
        for special in specials where tokens[special] == nil { tokens[special] = tokens.count }
        for feature in features where !feature.isEmpty && tokens[feature] == nil { tokens[feature] = tokens.count }
        return GeneVocabulary(tokens: tokens)
    }

    /// Reads `{feature_id: token}`; tokens must be integers in 0 ... 2^31 - 1.
    public static func load(path: String) throws -> GeneVocabulary {
        let table = try JSONObjectFile.read(path: path, what: "vocabulary", expected: "an integer token") { scalar -> Int? in
            if case .integer(let token) = scalar { return token }
            return nil
        }
        for (key, token) in table where token < 0 || token > Int(Int32.max) {
            throw TokenizerError.badFile(what: "vocabulary", path: path, detail: "token \(token) of '\(key)' is not in 0...\(Int32.max)")
        }
        guard !table.isEmpty else { throw TokenizerError.badFile(what: "vocabulary", path: path, detail: "no tokens") }
        return GeneVocabulary(tokens: table)
    }

    public subscript(_ key: String) -> Int? { tokens[key] }

    /// The largest token, which decides the wire type.
    public var maxToken: Int { tokens.values.max() ?? 0 }

    /// The narrowest unsigned type that holds every token: uint16 up to 65,536 tokens.
    public var tokenType: DataType { maxToken <= Int(UInt16.max) ? .uint16 : .uint32 }

    /// Each gene id's token, -1 where its feature is not in the vocabulary (or it has none).
    public func tokensByGene(features: [String]) -> [Int32] {
        features.map { feature in feature.isEmpty ? -1 : tokens[feature].map { Int32(truncatingIfNeeded: $0) } ?? -1 }
    }
}
