import Lake

/// Which tokenizer a stream uses and the settings a user gives it, turned into a tokenizer for one matrix
/// of one version: the vocabulary from a file or built from the registry, Geneformer's medians from a
/// file or the version's cached statistic.
public struct TokenizerChoice: Sendable {
    public enum Kind: String, Sendable, CaseIterable {
        case raw, geneformer, scgpt
    }

    public var kind: Kind
    /// Genes per cell; nil: the reference's default (Geneformer 2048, scGPT 1199).
    public var maxGenes: Int?
    public var vocabularyPath: String?
    public var mediansPath: String?
    public var specialTokens = false
    public var bins = 51
    public var allowNormalized = false

    public init(kind: Kind) { self.kind = kind }

    public func make(for stream: TrainingStream) throws -> any CellTokenizer {
        let facts = stream.facts
        switch kind {
        case .raw:
            return RawTokenizer(geneCount: facts.geneCount, valueType: facts.exactType)
        case .geneformer:
            let medians = try mediansPath.map(GeneMedians.load(path:))
                ?? GeneMedians.cached(snapshot: stream.snapshot, matrix: stream.request.matrix)
            return try GeneformerTokenizer(features: facts.features, vocabulary: vocabulary(GeneVocabulary.geneformerSpecials, facts),
                                           medians: medians, valueType: facts.exactType,
                                           options: .init(maxGenes: maxGenes ?? 2048, specialTokens: specialTokens, allowNormalized: allowNormalized))
        case .scgpt:
            return try ScGPTTokenizer(features: facts.features, vocabulary: vocabulary(GeneVocabulary.scGPTSpecials, facts), valueType: facts.exactType,
                                      options: .init(maxGenes: maxGenes ?? 1199, bins: bins, allowNormalized: allowNormalized))
        }
    }

    private func vocabulary(_ specials: [String], _ facts: MatrixFacts) throws -> GeneVocabulary {
        try vocabularyPath.map(GeneVocabulary.load(path:)) ?? GeneVocabulary.built(features: facts.features, specials: specials)
    }
}
