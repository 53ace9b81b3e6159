import Columnar
import Foundation
import Interchange
import Testing
@testable import Stream

@Suite struct ScGPTTokenizerTests {
    typealias Cells = (tokens: [UInt32], values: [Int16], offsets: [Int32])

    static func cell(_ cells: Cells, _ i: Int) -> (tokens: [UInt32], values: [Int16]) {
        let range = Int(cells.offsets[i])..<Int(cells.offsets[i + 1])
        return (Array(cells.tokens[range]), Array(cells.values[range]))
    }

    static func tokenizer(_ atlas: TokenizerOracle.Atlas, maxGenes: Int, bins: Int = 51) throws -> ScGPTTokenizer {
        try ScGPTTokenizer(features: atlas.features, vocabulary: GeneVocabulary(tokens: atlas.scgptVocab), valueType: .int32,
                           options: .init(maxGenes: maxGenes, bins: bins))
    }

    /// Whether `digit` is a value the reference's _digitize can give a value with these np.digitize results.
    static func valid(_ digit: Int16, left: Int, right: Int) -> Bool {
        left == right ? Int(digit) == left : Int(digit) >= max(right + 1, 1) && Int(digit) <= left
    }

    @Test func quantileEdgesAreNumpysBitForBit() throws {
        let atlas = try TokenizerOracle.atlas(seed: 21, cells: 150, genes: 140)
        let quantiles = ScGPTTokenizer.linspace(count: 50)
        for (i, row) in atlas.scgptLog.enumerated() where !row.isEmpty {
            let sorted = row.sorted()
            let edges = sorted.withUnsafeBufferPointer { p in quantiles.map { ScGPTTokenizer.quantile(p.baseAddress!, count: sorted.count, q: $0) } }
            #expect(edges == atlas.edges[i], "cell \(i)")
        }
    }

    @Test func keepsTheReferencesGenesAndBinsEveryValueAsItCould() throws {
        let atlas = try TokenizerOracle.atlas(seed: 22, cells: 300, genes: 140)
        let cells = try Self.tokenizer(atlas, maxGenes: 4096).binnedCells(atlas.batch(), context: TokenizationContext(seed: 1, epoch: 0))
        var exact = 0, tied = 0
        for i in 0..<300 {
            let (tokens, values) = Self.cell(cells, i)
            #expect(tokens == [1] + atlas.scgptTokens[i], "cell \(i)")
            #expect(values.first == 0)
            for (j, digit) in values.dropFirst().enumerated() {
                let left = atlas.left[i][j], right = atlas.right[i][j]
                #expect(Self.valid(digit, left: left, right: right), "cell \(i) value \(j): \(digit) not in \(right)...\(left)")
                if left == right { exact += 1 } else { tied += 1 }
            }
        }
        #expect(exact > 50 && tied > 1000, "the atlas should exercise both exact bins and tied edges")
    }

    @Test func samplesAValidSubsetReproduciblyPerSeedEpochAndCell() throws {
        let atlas = try TokenizerOracle.atlas(seed: 23, cells: 200, genes: 140)
        let tokenizer = try Self.tokenizer(atlas, maxGenes: 20)
        let batch = atlas.batch()
        let context = TokenizationContext(seed: 7, epoch: 3)
        let cells = try tokenizer.binnedCells(batch, context: context)
        var sampled = 0
        for i in 0..<200 {
            let (tokens, values) = Self.cell(cells, i)
            let reference = atlas.scgptTokens[i]
            #expect(tokens.first == 1 && values.first == 0)
            #expect(tokens.count == min(reference.count, 20) + 1)
            #expect(Set(tokens.dropFirst()).count == tokens.count - 1, "genes chosen twice in cell \(i)")
            for (token, digit) in zip(tokens.dropFirst(), values.dropFirst()) {
                guard let j = reference.firstIndex(of: token) else { Issue.record("cell \(i): token \(token) is not one of its genes"); continue }
                #expect(Self.valid(digit, left: atlas.left[i][j], right: atlas.right[i][j]))
            }
            if reference.count > 20 { sampled += 1 }
        }
        #expect(sampled > 50)
        // The same (seed, epoch, cell) gives the same draws, whatever else is in the batch.
        let again = try tokenizer.binnedCells(batch, context: context)
        #expect(again.tokens == cells.tokens && again.values == cells.values)
        for i in [0, 57, 199] {
            let single = CellBatch(cellIDs: [batch.cellIDs[i]], offsets: [0, batch.offsets[i + 1] - batch.offsets[i]],
                                   genes: Array(batch.genes[batch.entries(of: i)]), values: Array(batch.values[batch.entries(of: i)]),
                                   valueType: .int32)
            let alone = try tokenizer.binnedCells(single, context: context)
            #expect(Self.cell(alone, 0) == Self.cell(cells, i))
        }
        // Another epoch or seed draws again.
        let nextEpoch = try tokenizer.binnedCells(batch, context: TokenizationContext(seed: 7, epoch: 4))
        let otherSeed = try tokenizer.binnedCells(batch, context: TokenizationContext(seed: 8, epoch: 3))
        #expect(nextEpoch.tokens != cells.tokens && otherSeed.tokens != cells.tokens)
    }

    @Test func sendsSignedSmallValuesAndNarrowTokens() throws {
        let features = ["A", "B", "C"]
        let vocabulary = GeneVocabulary.built(features: features, specials: GeneVocabulary.scGPTSpecials)
        let tokenizer = try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .int32, options: .init())
        #expect(tokenizer.fields == [ArrowField("input_ids", .list(ArrowField("item", .int(bits: 16, signed: false)))),
                                     ArrowField("values", .list(ArrowField("item", .int(bits: 8, signed: true))))])
        let wide = try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .int32, options: .init(bins: 200))
        #expect(wide.fields[1].type == .list(ArrowField("item", .int(bits: 16, signed: true))))
        // A cell with no genes in the vocabulary is <cls> alone; one gene gets a random bin in 1 ... n_bins − 1.
        let batch = CellBatch(cellIDs: [1, 2], offsets: [0, 0, 1], genes: [1], values: [5], valueType: .int32)
        let arrays = try tokenizer.tokenize(batch, context: TokenizationContext(seed: 0, epoch: 0))
        guard case .list(let offsets, .fixed(let count, _, let ids), _) = arrays[0], case .list(_, .fixed(_, _, let values), _) = arrays[1] else {
            Issue.record("not lists of fixed-width values")
            return
        }
        #expect(offsets == [0, 1, 3] && count == 3 && ids.byteCount == 6 && values.byteCount == 3)
        let cells = try tokenizer.binnedCells(batch, context: TokenizationContext(seed: 0, epoch: 0))
        #expect(cells.tokens == [1, 1, 4] && cells.values[0] == 0 && cells.values[1] == 0 && (1...50).contains(cells.values[2]))
    }

    @Test func refusesNormalizedInputAndBadOptions() throws {
        let features = ["A", "B"]
        let vocabulary = GeneVocabulary.built(features: features, specials: GeneVocabulary.scGPTSpecials)
        let strict = try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .float64, options: .init())
        let batch = CellBatch(cellIDs: [9], offsets: [0, 2], genes: [0, 1], values: [0.25, 2], valueType: .float64)
        #expect(throws: TokenizerError.normalizedInput(tokenizer: "scGPT", value: 0.25, cellID: 9)) {
            try strict.binnedCells(batch, context: TokenizationContext(seed: 0, epoch: 0))
        }
        let lenient = try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .float64, options: .init(allowNormalized: true))
        #expect(try lenient.binnedCells(batch, context: TokenizationContext(seed: 0, epoch: 0)).tokens.count == 3)
        #expect(throws: TokenizerError.invalidOption("--max-genes must be at least 1, not 0")) {
            try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .int32, options: .init(maxGenes: 0))
        }
        #expect(throws: TokenizerError.invalidOption("--n-bins must be between 2 and 32767, not 1")) {
            try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .int32, options: .init(bins: 1))
        }
        #expect(throws: TokenizerError.invalidOption("scGPT needs <cls> in the vocabulary")) {
            try ScGPTTokenizer(features: features, vocabulary: .built(features: features, specials: []), valueType: .int32, options: .init())
        }
    }

    /// Negative counts can make a cell's log values NaN (a value below minus the total): that cell is binned
    /// value by value (no sorted walk has a place for NaN), within the bins, and its neighbours are binned
    /// exactly as without it.
    @Test func aCellWithNaNLogValuesIsBinnedAloneAndLeavesOthersAlone() throws {
        let features = ["A", "B", "C", "D"]
        let vocabulary = GeneVocabulary.built(features: features, specials: GeneVocabulary.scGPTSpecials)
        let tokenizer = try ScGPTTokenizer(features: features, vocabulary: vocabulary, valueType: .int32, options: .init(bins: 11))
        let context = TokenizationContext(seed: 4, epoch: 0)
        let good = CellBatch(cellIDs: [1], offsets: [0, 4], genes: [0, 1, 2, 3], values: [1, 7, 2, 30], valueType: .int32)
        let both = CellBatch(cellIDs: [1, 2], offsets: [0, 4, 7], genes: [0, 1, 2, 3, 0, 1, 3], values: [1, 7, 2, 30, 5, -20, 3], valueType: .int32)
        let alone = try tokenizer.binnedCells(good, context: context)
        let cells = try tokenizer.binnedCells(both, context: context)
        #expect(Self.cell(cells, 0).tokens == Self.cell(alone, 0).tokens && Self.cell(cells, 0).values == Self.cell(alone, 0).values)
        let (tokens, values) = Self.cell(cells, 1)
        #expect(tokens == [1, 3, 4, 6])
        #expect(values.first == 0 && values.dropFirst().allSatisfy { (0...10).contains($0) }, "\(values)")
        #expect(try tokenizer.binnedCells(both, context: context).values == cells.values)
    }
}
