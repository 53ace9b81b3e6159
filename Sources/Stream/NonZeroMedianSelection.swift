/// Exact per-gene medians of a stream of values too large to hold, in a few passes over it (radix
/// selection): each pass narrows every gene's median to one of 256 buckets of the next 8 bits of its
/// order-preserving 64-bit key, and once a gene's bucket holds at most `collectLimit` values, the next pass
/// collects them and picks the median. Memory: 1 KiB of counts per gene while any gene is still being
/// narrowed, plus at most `collectLimit` keys per gene being collected; no bound on the values streamed.
/// The median of an even number of values is the mean of the two middle ones (as numpy's).
struct NonZeroMedianSelection {
    private enum Mode: UInt8 { case narrowing, collecting, awaitingNext, done, empty }

    let geneCount: Int
    let collectLimit: Int
    private var mode: [Mode]
    /// The high bits every candidate key shares, and how many low bits are still unknown.
    private var prefix: [UInt64]
    private var shift: [UInt64]
    /// The lower middle value's rank among the gene's candidates; whether the count is even.
    private var rank: [Int]
    private var even: [Bool]
    private var histogram: [UInt32]
    private var collected: [[UInt64]]
    /// The lower middle key once known, and the smallest key above the candidates (the upper middle when
    /// the lower one is the last candidate).
    private var lower: [UInt64]
    private var above: [UInt64]
    private var result: [Double?]
    private var firstPass = true

    init(geneCount: Int, collectLimit: Int = 256) {
        self.geneCount = geneCount
        self.collectLimit = collectLimit
        mode = Array(repeating: .narrowing, count: geneCount)
        prefix = Array(repeating: 0, count: geneCount)
        shift = Array(repeating: 64, count: geneCount)
        rank = Array(repeating: 0, count: geneCount)
        even = Array(repeating: false, count: geneCount)
        histogram = Array(repeating: 0, count: geneCount * 256)
        collected = Array(repeating: [], count: geneCount)
        lower = Array(repeating: 0, count: geneCount)
        above = Array(repeating: .max, count: geneCount)
        result = Array(repeating: nil, count: geneCount)
    }

    /// Whether another pass over the values is needed.
    var needsPass: Bool { mode.contains { $0 == .narrowing || $0 == .collecting || $0 == .awaitingNext } }

    /// One value of gene `gene` in the current pass (every pass must see the same values).
    @inline(__always)
    mutating func observe(gene: Int, value: Double) {
        let key = RankSort.orderedKey(value)
        let s = shift[gene]
        switch mode[gene] {
        case .narrowing:
            if key >> s == prefix[gene] { histogram[gene &* 256 &+ Int(truncatingIfNeeded: (key >> (s &- 8)) & 0xFF)] &+= 1 }
        case .collecting:
            let high = key >> s
            if high == prefix[gene] {
                collected[gene].append(key)
            } else if high > prefix[gene] && key < above[gene] {
                above[gene] = key
            }
        case .awaitingNext:
            if key >> s > prefix[gene] && key < above[gene] { above[gene] = key }
        case .done, .empty:
            break
        }
    }

    /// Narrows or finishes every gene after a pass.
    mutating func endPass() {
        for gene in 0..<geneCount {
            switch mode[gene] {
            case .narrowing: narrow(gene)
            case .collecting:
                var keys = collected[gene]
                keys.sort()
                collected[gene] = []
                lower[gene] = keys[rank[gene]]
                if rank[gene] + 1 < keys.count { above[gene] = keys[rank[gene] + 1] }
                finish(gene)
            case .awaitingNext: finish(gene)
            case .done, .empty: break
            }
        }
        firstPass = false
        if !mode.contains(.narrowing) { histogram = [] }
    }

    private mutating func narrow(_ gene: Int) {
        let row = gene * 256
        if firstPass {
            var count = 0
            for digit in 0..<256 { count += Int(histogram[row + digit]) }
            guard count > 0 else { mode[gene] = .empty; return }
            rank[gene] = (count - 1) / 2
            even[gene] = count % 2 == 0
        }
        var below = 0, digit = 0
        while below + Int(histogram[row + digit]) <= rank[gene] {
            below += Int(histogram[row + digit])
            digit += 1
        }
        let candidates = Int(histogram[row + digit])
        for d in 0..<256 { histogram[row + d] = 0 }
        rank[gene] -= below
        prefix[gene] = (shift[gene] == 64 ? 0 : prefix[gene] << 8) | UInt64(digit)
        shift[gene] -= 8
        if shift[gene] == 0 {
            // Every candidate has the same key: the lower middle is known; the upper one too unless it lies above.
            lower[gene] = prefix[gene]
            if !even[gene] || rank[gene] + 1 < candidates {
                above[gene] = prefix[gene]
                finish(gene)
            } else {
                mode[gene] = .awaitingNext
            }
        } else if candidates <= collectLimit {
            mode[gene] = .collecting
            collected[gene].reserveCapacity(candidates)
        }
    }

    private mutating func finish(_ gene: Int) {
        let low = Self.value(lower[gene])
        result[gene] = even[gene] ? (low + Self.value(above[gene])) / 2 : low
        mode[gene] = .done
    }

    private static func value(_ key: UInt64) -> Double {
        Double(bitPattern: key & (1 << 63) != 0 ? key ^ (1 << 63) : ~key)
    }

    /// Each gene's median; nil for genes that had no values.
    var medians: [Double?] { result }
}
