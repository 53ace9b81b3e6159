import Columnar
import Interchange

/// Geneformer's rank-value encoding (Theodoris et al. 2023; `geneformer/tokenizer.py`): each count divided
/// by the cell's total count, times 10,000, divided by the gene's non-zero median over the corpus; the
/// genes ordered by that value, highest first (ties by gene id, where the reference's unstable sort leaves
/// them in no set order), the first `maxGenes` kept, each replaced by its token; `<cls>` before and
/// `<eos>` after when `specialTokens` (Geneformer V2). Genes without a token or a median are left out.
public struct GeneformerTokenizer: CellTokenizer {
    public struct Options: Sendable {
        /// Genes kept per cell (the reference's `model_input_size`, less 2 with special tokens).
        public var maxGenes: Int
        /// `<cls>` first and `<eos>` last (V2 models: true, with `maxGenes` 4094).
        public var specialTokens: Bool
        /// Tokenize a matrix that holds non-integer values instead of refusing it.
        public var allowNormalized: Bool

        public init(maxGenes: Int = 2048, specialTokens: Bool = false, allowNormalized: Bool = false) {
            self.maxGenes = maxGenes
            self.specialTokens = specialTokens
            self.allowNormalized = allowNormalized
        }
    }

    public let options: Options
    /// The wire type of `input_ids`: uint16 when every token fits.
    public let tokenType: DataType
    /// By gene id: 1 / the median and the token, together (one load an entry); an inverse median of 0
    /// marks a gene left out (no token or no median).
    private let genesByID: [RankedGene]

    private struct RankedGene {
        var inverseMedian: Double
        var token: UInt32
    }
    private let cls: UInt32
    private let eos: UInt32
    /// Whether every value is known to be whole (integer matrices cannot hold anything else, and float
    /// ones may be recorded so in their statistics).
    private let wholeValues: Bool
    /// Whether values need checking for integrality.
    private let checksCounts: Bool

    /// `features`: the registry's feature id per gene id ("" where none). `valueType`: a type that holds
    /// every value exactly: the matrix's, or the integer type its statistics allow (`MatrixFacts.exactType`).
    public init(features: [String], vocabulary: GeneVocabulary, medians: GeneMedians, valueType: DataType, options: Options) throws {
        guard options.maxGenes >= 1 else { throw TokenizerError.invalidOption("--max-genes must be at least 1, not \(options.maxGenes)") }
        var cls = 0, eos = 0
        if options.specialTokens {
            guard let c = vocabulary["<cls>"], let e = vocabulary["<eos>"] else {
                throw TokenizerError.invalidOption("Geneformer special tokens need <cls> and <eos> in the vocabulary")
            }
            (cls, eos) = (c, e)
        }
        self.options = options
        self.cls = UInt32(cls)
        self.eos = UInt32(eos)
        genesByID = zip(vocabulary.tokensByGene(features: features), medians.byGene(features: features)).map { token, median in
            token < 0 || median == 0 ? RankedGene(inverseMedian: 0, token: 0) : RankedGene(inverseMedian: 1 / median, token: UInt32(token))
        }
        tokenType = vocabulary.tokenType
        wholeValues = valueType.isInteger
        checksCounts = !wholeValues && !options.allowNormalized
    }

    public var fields: [ArrowField] {
        [ArrowField("input_ids", .list(ArrowField("item", RawTokenizer.arrowType(tokenType))))]
    }

    public func tokenize(_ batch: CellBatch, context: TokenizationContext) throws -> [ArrowArray] {
        // Tokens are written at the wire's width straight away.
        func list<Token: FixedWidthInteger & UnsignedInteger>(_: Token.Type) throws -> ArrowArray {
            let ids = try rankValueEncoding(batch, as: Token.self)
            return .list(offsets: ids.offsets, element: .fixed(count: ids.tokens.count, validity: nil, values: ArrowBuffer(ids.tokens)), validity: nil)
        }
        return [tokenType == .uint16 ? try list(UInt16.self) : try list(UInt32.self)]
    }

    /// Every cell's tokens, concatenated, and where each cell's start (count + 1 offsets); tokens as
    /// `Token` (wide enough for the vocabulary).
    public func rankValueEncoding<Token: FixedWidthInteger & UnsignedInteger>(_ batch: CellBatch, as _: Token.Type = UInt32.self) throws
        -> (tokens: [Token], offsets: [Int32]) {
        let specials = options.specialTokens ? 2 : 0
        var widest = 0, capacity = 0
        for i in 0..<batch.count {
            let n = batch.offsets[i + 1] - batch.offsets[i]
            widest = max(widest, n)
            capacity += min(n, options.maxGenes) + specials
        }
        var output = [Token](repeating: 0, count: capacity)
        var offsets = [Int32](repeating: 0, count: batch.count + 1)
        // Scratch for one cell at a time, reused: the loop below allocates nothing.
        let scratch = RankScratch(capacity: widest)
        let tokens = UnsafeMutablePointer<UInt32>.allocate(capacity: max(widest, 1))
        defer {
            scratch.deallocate()
            tokens.deallocate()
        }
        let keys = scratch.keys, order = scratch.indices
        let maxGenes = options.maxGenes, specialTokens = options.specialTokens
        var written = 0
        try batch.genes.withUnsafeBufferPointer { genes in
            try batch.values.withUnsafeBufferPointer { values in
                try genesByID.withUnsafeBufferPointer { genesByID in
                    try output.withUnsafeMutableBufferPointer { output in
                        for i in 0..<batch.count {
                            let entries = batch.entries(of: i)
                            // Whole counts (integer storage, or every value checked here) sum the same in
                            // any order; normalized values keep the reference's order.
                            let total: Double
                            if checksCounts {
                                let (sum, whole) = batch.checkedWholeTotal(of: i)
                                if !whole, let x = entries.lazy.map({ values[$0] }).first(where: { !$0.isIntegral }) {
                                    throw TokenizerError.normalizedInput(tokenizer: "Geneformer", value: x, cellID: batch.cellIDs[i])
                                }
                                total = sum
                            } else {
                                total = wholeValues ? batch.wholeTotal(of: i) : batch.total(of: i)
                            }
                            let n = Self.keys(of: genes, values, entries, genesByID, inverseTotal: 1 / total, into: keys, tokens: tokens)
                            scratch.order(count: n)
                            if specialTokens { output[written] = Token(truncatingIfNeeded: cls); written &+= 1 }
                            let kept = min(n, maxGenes)
                            for j in 0..<kept { output[written &+ j] = Token(truncatingIfNeeded: tokens[Int(order[j])]) }
                            written &+= kept
                            if specialTokens { output[written] = Token(truncatingIfNeeded: eos); written &+= 1 }
                            offsets[i + 1] = Int32(truncatingIfNeeded: written)
                        }
                    }
                }
            }
        }
        output.removeLast(capacity - written)
        return (output, offsets)
    }

    /// One cell's keys and tokens, for the entries of genes that have both a token and a median and a
    /// non-zero value; how many. A function of its own so that its loop has the registers to itself.
    @inline(never)
    private static func keys(of genes: UnsafeBufferPointer<Int32>, _ values: UnsafeBufferPointer<Double>, _ entries: Range<Int>,
                             _ genesByID: UnsafeBufferPointer<RankedGene>, inverseTotal: Double,
                             into keys: UnsafeMutablePointer<UInt64>, tokens: UnsafeMutablePointer<UInt32>) -> Int {
        let geneCount = UInt32(truncatingIfNeeded: genesByID.count)
        var n = 0
        for k in entries {
            let gene = UInt32(bitPattern: genes[k])
            guard gene < geneCount else { continue }
            let ranked = genesByID[Int(gene)]
            guard ranked.inverseMedian != 0 else { continue }
            // The reference computes X / n_counts * target_sum / medians on a sparse X, which scipy
            // evaluates as X * (1 / n_counts) * target_sum * (1 / medians): the same operations, so
            // near-ties order the same way.
            let normalized = values[k] * inverseTotal * 10_000 * ranked.inverseMedian
            guard normalized != 0 && !normalized.isNaN else { continue }
            // Descending value: order the complement of the ordered key ascending.
            keys[n] = ~RankSort.orderedKey(normalized)
            tokens[n] = ranked.token
            n &+= 1
        }
        return n
    }
}
