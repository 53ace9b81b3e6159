import Columnar
import Foundation
import Interchange

/// scGPT's input (Cui et al. 2024; `scgpt/preprocess.py` Preprocessor and `binning`,
/// `scgpt/tokenizer/gene_tokenizer.py` tokenize_and_pad_batch): each cell's counts of the genes in the
/// vocabulary normalized to a total of 10,000, log1p, and binned by the quantiles of the cell's non-zero
/// values into `nBins` bins (1 ... nBins - 1; 0 is the zero bin, which non-zeros never get); `<cls>` with
/// value 0 first; when a cell has more than `maxGenes` non-zeros, `maxGenes` of them chosen at random.
/// The reference's unseeded draws (a value on a bin edge gets a random bin among those the edge spans;
/// the random choice of genes) come from `SeededRandom(seed:epoch:cellID:)`.
public struct ScGPTTokenizer: CellTokenizer {
    public struct Options: Sendable {
        /// Genes kept per cell, besides `<cls>` (the reference's `max_len` less 1).
        public var maxGenes: Int
        /// The reference's `n_bins` (51 in its tutorials and collator).
        public var bins: Int
        public var allowNormalized: Bool

        public init(maxGenes: Int = 1199, bins: Int = 51, allowNormalized: Bool = false) {
            self.maxGenes = maxGenes
            self.bins = bins
            self.allowNormalized = allowNormalized
        }
    }

    /// The reference's pad value for `values` (the Python side pads with it; cairn sends no padding).
    public static let padValue = -2

    public let options: Options
    public let tokenType: DataType
    /// int8 while the bins and the pad value fit in it, else int16.
    public let valueType: DataType
    private let tokens: [Int32]
    private let cls: UInt32
    private let checksCounts: Bool

    /// `valueType`: a type that holds every value exactly: the matrix's, or the integer type its statistics
    /// allow (`MatrixFacts.exactType`); values are checked to be counts unless it is an integer type.
    public init(features: [String], vocabulary: GeneVocabulary, valueType: DataType, options: Options) throws {
        guard options.maxGenes >= 1 else { throw TokenizerError.invalidOption("--max-genes must be at least 1, not \(options.maxGenes)") }
        guard options.bins >= 2 && options.bins <= Int(Int16.max) else {
            throw TokenizerError.invalidOption("--n-bins must be between 2 and \(Int16.max), not \(options.bins)")
        }
        guard let cls = vocabulary["<cls>"] else { throw TokenizerError.invalidOption("scGPT needs <cls> in the vocabulary") }
        self.options = options
        self.cls = UInt32(cls)
        tokens = vocabulary.tokensByGene(features: features)
        tokenType = vocabulary.tokenType
        self.valueType = options.bins - 1 <= Int(Int8.max) ? .int8 : .int16
        checksCounts = !valueType.isInteger && !options.allowNormalized
    }

    public var fields: [ArrowField] {
        [ArrowField("input_ids", .list(ArrowField("item", RawTokenizer.arrowType(tokenType)))),
         ArrowField("values", .list(ArrowField("item", RawTokenizer.arrowType(valueType))))]
    }

    public func tokenize(_ batch: CellBatch, context: TokenizationContext) throws -> [ArrowArray] {
        let cells = try binnedCells(batch, context: context)
        let ids: ArrowBuffer = tokenType == .uint16 ? ArrowBuffer(cells.tokens.map { UInt16(truncatingIfNeeded: $0) }) : ArrowBuffer(cells.tokens)
        let values: ArrowBuffer = valueType == .int8 ? ArrowBuffer(cells.values.map { Int8(truncatingIfNeeded: $0) }) : ArrowBuffer(cells.values)
        return [
            .list(offsets: cells.offsets, element: .fixed(count: cells.tokens.count, validity: nil, values: ids), validity: nil),
            .list(offsets: cells.offsets, element: .fixed(count: cells.values.count, validity: nil, values: values), validity: nil),
        ]
    }

    /// Every cell's tokens and binned values, concatenated, and where each cell starts.
    public func binnedCells(_ batch: CellBatch, context: TokenizationContext) throws -> (tokens: [UInt32], values: [Int16], offsets: [Int32]) {
        var widest = 0, capacity = 0
        for i in 0..<batch.count {
            let n = batch.offsets[i + 1] - batch.offsets[i]
            widest = max(widest, n)
            capacity += min(n, options.maxGenes) + 1
        }
        var outTokens = [UInt32](repeating: 0, count: capacity)
        var outValues = [Int16](repeating: 0, count: capacity)
        var offsets = [Int32](repeating: 0, count: batch.count + 1)
        // Per-cell scratch, reused: the cell's tokens, log values, sorted values, bins and chosen positions.
        let width = max(widest, 1)
        let cellTokens = UnsafeMutablePointer<UInt32>.allocate(capacity: width)
        let logValues = UnsafeMutablePointer<Double>.allocate(capacity: width)
        let sorted = UnsafeMutableBufferPointer<Double>.allocate(capacity: width)
        let digits = UnsafeMutablePointer<Int16>.allocate(capacity: width)
        let chosen = UnsafeMutablePointer<Int>.allocate(capacity: width)
        let edges = UnsafeMutablePointer<Double>.allocate(capacity: options.bins - 1)
        let draws = UnsafeMutablePointer<Double>.allocate(capacity: width)
        let order = RankScratch(capacity: width)
        defer {
            cellTokens.deallocate(); logValues.deallocate(); sorted.deallocate(); digits.deallocate(); chosen.deallocate(); edges.deallocate()
            draws.deallocate(); order.deallocate()
        }
        let quantiles = Self.linspace(count: options.bins - 1)
        var written = 0
        for i in 0..<batch.count {
            // The genes in the vocabulary (the reference's tutorials subset the data to them first).
            var n = 0, sum = 0.0
            for k in batch.entries(of: i) {
                let x = batch.values[k]
                if checksCounts && !x.isIntegral {
                    throw TokenizerError.normalizedInput(tokenizer: "scGPT", value: x, cellID: batch.cellIDs[i])
                }
                let gene = Int(batch.genes[k])
                guard gene >= 0 && gene < tokens.count, tokens[gene] >= 0, x != 0 else { continue }
                cellTokens[n] = UInt32(tokens[gene])
                logValues[n] = x
                sum += x
                n += 1
            }
            let total = batch.totals?[i] ?? sum
            // scanpy's normalize_total: X / (counts / target_sum), a zero total left as 1; then log1p.
            let scale = (total == 0 ? 1 : total) / 10_000
            for j in 0..<n { logValues[j] = Foundation.log1p(logValues[j] / scale) }
            var random = SeededRandom(seed: context.seed, epoch: context.epoch, cellID: batch.cellIDs[i])
            var hasNaN = false
            for j in 0..<n where logValues[j].isNaN { hasNaN = true }
            if n > 0 && !hasNaN {
                // The values sorted with their positions, so one walk up the edges bins them all (a binary
                // search per value was most of the time); the draws stay one per non-zero, in entry order.
                for j in 0..<n { order.keys[j] = RankSort.orderedKey(logValues[j]) }
                order.order(count: n)
                for k in 0..<n { sorted[k] = logValues[Int(order.indices[k])] }
                for e in 0..<(options.bins - 1) { edges[e] = Self.quantile(sorted.baseAddress!, count: n, q: quantiles[e]) }
                for j in 0..<n { draws[j] = random.nextUnit() }
                // np.digitize both ways: `left` edges ≤ x, `right` edges < x; the draw spreads a value on tied
                // edges over their bins, as the reference's np.random.rand(len(x)).
                var left = 0, right = 0
                let edgeCount = options.bins - 1
                for k in 0..<n {
                    let x = sorted[k]
                    while left < edgeCount && edges[left] <= x { left += 1 }
                    while right < edgeCount && edges[right] < x { right += 1 }
                    let j = Int(order.indices[k])
                    digits[j] = Int16((draws[j] * Double(right - left) + Double(left)).rounded(.up))
                }
            } else if n > 0 {
                // A NaN (a negative value below minus the total) has no place in the walk: each value is
                // binary searched among the edges instead.
                for j in 0..<n { sorted[j] = logValues[j] }
                var cellSorted = UnsafeMutableBufferPointer(rebasing: sorted[0..<n])
                cellSorted.sort()
                for e in 0..<(options.bins - 1) { edges[e] = Self.quantile(sorted.baseAddress!, count: n, q: quantiles[e]) }
                for j in 0..<n {
                    // np.digitize both ways: `left` edges ≤ x, `right` edges < x; one draw per non-zero, as the
                    // reference's np.random.rand(len(x)), spreads a value on tied edges over their bins.
                    let x = logValues[j]
                    let left = Self.countEdges(edges, options.bins - 1) { $0 <= x }
                    let right = Self.countEdges(edges, options.bins - 1) { $0 < x }
                    let u = random.nextUnit()
                    digits[j] = Int16((u * Double(right - left) + Double(left)).rounded(.up))
                }
            }
            // More non-zeros than room: choose maxGenes of them at random, in random order (np.random.choice
            // without replacement); a partial Fisher–Yates shuffle drawn after the bins' draws.
            let kept = min(n, options.maxGenes)
            for j in 0..<n { chosen[j] = j }
            if n > options.maxGenes {
                for j in 0..<kept {
                    let pick = j + random.nextIndex(below: n - j)
                    (chosen[j], chosen[pick]) = (chosen[pick], chosen[j])
                }
            }
            outTokens[written] = cls
            outValues[written] = 0
            for j in 0..<kept {
                outTokens[written + 1 + j] = cellTokens[chosen[j]]
                outValues[written + 1 + j] = digits[chosen[j]]
            }
            written += kept + 1
            offsets[i + 1] = Int32(truncatingIfNeeded: written)
        }
        return (outTokens, outValues, offsets)
    }

    /// np.linspace(0, 1, count): k * (1 / (count - 1)), the last exactly 1.
    static func linspace(count: Int) -> [Double] {
        guard count > 1 else { return [0] }
        let step = 1.0 / Double(count - 1)
        return (0..<count).map { $0 == count - 1 ? 1 : Double($0) * step + 0 }
    }

    /// np.quantile(sorted, q) with its default linear method, computed as numpy computes it (virtual index
    /// (n − 1)·q; lerp from the nearer end).
    static func quantile(_ sorted: UnsafePointer<Double>, count n: Int, q: Double) -> Double {
        let virtualIndex = Double(n - 1) * q
        var previous = virtualIndex.rounded(.down)
        var lowerIndex = Int(previous), upperIndex = lowerIndex + 1
        if virtualIndex >= Double(n - 1) {
            previous = -1
            lowerIndex = n - 1
            upperIndex = n - 1
        }
        let gamma = virtualIndex - previous
        let a = sorted[lowerIndex], b = sorted[upperIndex]
        let difference = b - a
        return gamma >= 0.5 ? b - difference * (1 - gamma) : a + difference * gamma
    }

    @inline(__always)
    private static func countEdges(_ edges: UnsafeMutablePointer<Double>, _ count: Int, _ below: (Double) -> Bool) -> Int {
        // Edges ascend: binary search for the first that fails `below`.
        var low = 0, high = count
        while low < high {
            let mid = (low + high) / 2
            if below(edges[mid]) { low = mid + 1 } else { high = mid }
        }
        return low
    }
}
