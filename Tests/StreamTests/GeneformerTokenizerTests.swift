import Columnar
import Foundation
import Interchange
import Testing
@testable import Stream

@Suite struct GeneformerTokenizerTests {
    static func cells(_ encoded: (tokens: [UInt32], offsets: [Int32])) -> [[UInt32]] {
        (0..<(encoded.offsets.count - 1)).map { Array(encoded.tokens[Int(encoded.offsets[$0])..<Int(encoded.offsets[$0 + 1])]) }
    }

    @Test func matchesTheReferenceRankValueEncodingTokenForToken() throws {
        let atlas = try TokenizerOracle.atlas(seed: 11, cells: 300, genes: 160)
        let batch = atlas.batch()
        for (maxGenes, special) in [(4096, false), (25, false), (25, true), (1, true)] {
            let tokenizer = try GeneformerTokenizer(features: atlas.features, vocabulary: GeneVocabulary(tokens: atlas.vocab),
                                                    medians: GeneMedians(values: atlas.medians), valueType: .int32,
                                                    options: .init(maxGenes: maxGenes, specialTokens: special))
            let cells = Self.cells(try tokenizer.rankValueEncoding(batch))
            #expect(cells.count == 300)
            for (i, cell) in cells.enumerated() {
                let expected = Array(atlas.ranked[i].prefix(maxGenes))
                #expect(cell == (special ? [2] + expected + [3] : expected), "cell \(i), max \(maxGenes)")
            }
        }
    }

    @Test func differsFromTheReferencesUnstableSortOnlyWithinTies() throws {
        let atlas = try TokenizerOracle.atlas(seed: 12, cells: 200, genes: 120)
        let tokenizer = try GeneformerTokenizer(features: atlas.features, vocabulary: GeneVocabulary(tokens: atlas.vocab),
                                                medians: GeneMedians(values: atlas.medians), valueType: .int32, options: .init(maxGenes: 4096))
        let cells = Self.cells(try tokenizer.rankValueEncoding(atlas.batch()))
        var ties = 0
        for (i, cell) in cells.enumerated() {
            let values = cell.map { atlas.tokenValues[i][String($0)]! }
            #expect(values == atlas.argsortValues[i], "cell \(i)")
            ties += zip(values, values.dropFirst()).filter { $0 == $1 }.count
        }
        #expect(ties > 100, "the atlas should exercise ties")
    }

    @Test func sendsNarrowTokenListsWithoutPadding() throws {
        let batch = CellBatch(cellIDs: [1, 2, 3], offsets: [0, 3, 3, 5], genes: [0, 1, 2, 0, 2], values: [1, 4, 2, 7, 7], valueType: .uint16)
        let features = ["A", "B", "C"]
        let medians = GeneMedians(values: ["A": 1, "B": 1, "C": 2])
        let small = try GeneformerTokenizer(features: features, vocabulary: .built(features: features, specials: GeneVocabulary.geneformerSpecials),
                                            medians: medians, valueType: .uint16, options: .init(maxGenes: 10, specialTokens: true))
        #expect(small.fields == [ArrowField("input_ids", .list(ArrowField("item", .int(bits: 16, signed: false))))])
        let arrays = try small.tokenize(batch, context: TokenizationContext(seed: 0, epoch: 0))
        guard case .list(let offsets, .fixed(let count, _, let values), _) = arrays[0] else {
            Issue.record("input_ids is not a list of fixed-width tokens")
            return
        }
        // Cell 1: B (4/7) > C (2/7 / 2) ≥ A (1/7), A before C on the tie by gene id; cell 2: no genes; cell 3: A > C.
        #expect(Self.cells(try small.rankValueEncoding(batch)) == [[2, 5, 4, 6, 3], [2, 3], [2, 4, 6, 3]])
        #expect(offsets == [0, 5, 7, 11] && count == 11 && values.byteCount == 22)
        let wide = GeneVocabulary(tokens: ["A": 70_000, "B": 1, "C": 2])
        let tokenizer = try GeneformerTokenizer(features: features, vocabulary: wide, medians: medians, valueType: .uint16, options: .init())
        #expect(tokenizer.fields[0].type == .list(ArrowField("item", .int(bits: 32, signed: false))))
    }

    @Test func usesTheNCountsColumnWhenTheBatchCarriesTotals() throws {
        let features = ["A", "B"]
        // Per-cell totals do not change one cell's order, but they are what the division uses: with
        // totals that are not the sums, only the order matters, so check against a hand computation.
        var batch = CellBatch(cellIDs: [1], offsets: [0, 2], genes: [0, 1], values: [3, 2], valueType: .int32, totals: [1000])
        let tokenizer = try GeneformerTokenizer(features: features, vocabulary: .built(features: features, specials: []),
                                                medians: GeneMedians(values: ["A": 3, "B": 1]), valueType: .int32, options: .init())
        #expect(Self.cells(try tokenizer.rankValueEncoding(batch)) == [[1, 0]])
        batch.totals = nil
        #expect(Self.cells(try tokenizer.rankValueEncoding(batch)) == [[1, 0]])
    }

    @Test func refusesNormalizedInputUnlessAllowed() throws {
        let features = ["A", "B"]
        let vocabulary = GeneVocabulary.built(features: features, specials: GeneVocabulary.geneformerSpecials)
        let medians = GeneMedians(values: ["A": 1, "B": 1])
        let batch = CellBatch(cellIDs: [42], offsets: [0, 2], genes: [0, 1], values: [1.5, 2], valueType: .float32)
        let strict = try GeneformerTokenizer(features: features, vocabulary: vocabulary, medians: medians, valueType: .float32, options: .init())
        #expect(throws: TokenizerError.normalizedInput(tokenizer: "Geneformer", value: 1.5, cellID: 42)) {
            try strict.rankValueEncoding(batch)
        }
        // Float-stored counts are fine.
        let counts = CellBatch(cellIDs: [1], offsets: [0, 2], genes: [0, 1], values: [1, 2], valueType: .float32)
        #expect(Self.cells(try strict.rankValueEncoding(counts)) == [[5, 4]])
        let lenient = try GeneformerTokenizer(features: features, vocabulary: vocabulary, medians: medians, valueType: .float32,
                                              options: .init(allowNormalized: true))
        #expect(Self.cells(try lenient.rankValueEncoding(batch)) == [[5, 4]])
    }

    @Test func rejectsBadOptions() throws {
        let features = ["A"]
        let medians = GeneMedians(values: ["A": 1])
        #expect(throws: TokenizerError.invalidOption("--max-genes must be at least 1, not 0")) {
            try GeneformerTokenizer(features: features, vocabulary: .built(features: features, specials: GeneVocabulary.geneformerSpecials),
                                    medians: medians, valueType: .int32, options: .init(maxGenes: 0))
        }
        #expect(throws: TokenizerError.invalidOption("Geneformer special tokens need <cls> and <eos> in the vocabulary")) {
            try GeneformerTokenizer(features: features, vocabulary: .built(features: features, specials: []),
                                    medians: medians, valueType: .int32, options: .init(specialTokens: true))
        }
    }

    @Test func sortsLargeCellsLikeASortByValueThenGene() {
        // The radix paths (cells of 32 entries or more; of more than 65,536) against the standard library's sort.
        var random = SeededRandom(seed: 5, epoch: 0, cellID: 0)
        // Heavy ties, spread values, values over every binade, and one outlier far above clustered values.
        let shapes: [(Int, () -> Double)] = [
            (0, { 0 }), (1, { 1 }), (47, { 1 }), (48, { Double(random.nextIndex(below: 50)) * 0.37 - 3 }),
            (300, { Double(random.nextIndex(below: 50)) * 0.37 - 3 }), (5000, { Double(random.nextIndex(below: 50)) * 0.37 - 3 }),
            (1500, { Double(1 + random.nextIndex(below: 8)) * 7.3 / (0.5 + random.nextUnit() * 4) }),
            (2000, { pow(10, Double(random.nextIndex(below: 600)) - 300) * (random.nextUnit() + 0.5) }),
            // One outlier widens the span so far that every other key shares the top bits.
            (2000, { random.nextIndex(below: 1000) == 0 ? 1e300 : 1 + random.nextUnit() }),
            (33, { Double(random.nextIndex(below: 3)) }),
            // Past 65,536 entries indices take 32 bits of a 64-bit word.
            (70_000, { Double(random.nextIndex(below: 5000)) * 0.37 }),
        ]
        for (n, draw) in shapes {
            let values = (0..<n).map { _ in draw() }
            let scratch = RankScratch(capacity: n)
            defer { scratch.deallocate() }
            for i in 0..<n { scratch.keys[i] = ~RankSort.orderedKey(values[i]) }
            scratch.order(count: n)
            let expected = (0..<n).sorted { values[$0] != values[$1] ? values[$0] > values[$1] : $0 < $1 }
            #expect((0..<n).map { Int(scratch.indices[$0]) } == expected, "n = \(n)")
        }
    }
}
