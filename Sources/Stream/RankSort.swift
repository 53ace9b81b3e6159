/// Ordering a cell's keys ascending, stably, without allocating: the rank-value encoding's hot loop.
/// Keys are 64-bit; `orderedKey` turns a double into a key with the same order. The result is the
/// entries' indices in key order, so a caller gathers what it needs (tokens) straight into its output.
///
/// A cell's keys are radix sorted on a 16-bit prefix of their offset from the cell's smallest key (its
/// most significant 16 bits over the cell's own span, so a cell's shared top bits cost nothing), packed
/// above each entry's index into one word: 32 bits (16 of index) for cells of up to 65,536 entries, else
/// 64. Two 8-bit passes move one word an entry (a pass whose digit every entry shares is skipped).
/// Entries whose prefixes tie — a few at a time, even where a cell's values cluster — are then put in
/// key order by one insertion pass over the whole array. Fewer, wider passes cost more than the ties
/// they save.
enum RankSort {
    /// A key whose unsigned order is the double's numeric order (negative values flip all bits).
    @inline(__always)
    static func orderedKey(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    static let prefixBits = 16
    /// Counters of the two digit passes.
    static let histogramCapacity = 2 * 256

    /// Writes into `indices` the positions `0..<count` ordered by `keys` ascending, stably (equal keys
    /// keep their order). `low` and `high` are the least and greatest key. `words` and `wordScratch`
    /// hold at least `8 * count` bytes each (bound here to the word type used), `histograms` `histogramCapacity`.
    @inline(__always)
    static func order(keys: UnsafeMutablePointer<UInt64>, count n: Int, low: UInt64, high: UInt64, into indices: UnsafeMutablePointer<UInt32>,
                      words: UnsafeMutableRawPointer, wordScratch: UnsafeMutableRawPointer, histograms: UnsafeMutablePointer<UInt32>) {
        let span = high &- low
        if n < 32 || span == 0 {
            for i in 0..<n { indices[i] = UInt32(truncatingIfNeeded: i) }
            if span != 0 { insertionSort(indices, count: n, keys: keys) }
            return
        }
        let shift = UInt64(max(0, (64 - span.leadingZeroBitCount) - prefixBits))
        if n <= 1 << 16 {
            radixOrder(UInt32.self, indexBits: 16, keys: keys, count: n, low: low, shift: shift, into: indices,
                       words: words.bindMemory(to: UInt32.self, capacity: n), wordScratch: wordScratch.bindMemory(to: UInt32.self, capacity: n),
                       histograms: histograms)
        } else {
            radixOrder(UInt64.self, indexBits: 32, keys: keys, count: n, low: low, shift: shift, into: indices,
                       words: words.bindMemory(to: UInt64.self, capacity: n), wordScratch: wordScratch.bindMemory(to: UInt64.self, capacity: n),
                       histograms: histograms)
        }
    }

    /// The radix passes over words of `Word` (prefix above `indexBits` bits of index), the insertion pass,
    /// and the indices unpacked.
    @inline(__always)
    private static func radixOrder<Word: FixedWidthInteger & UnsignedInteger>(
        _: Word.Type, indexBits: Int, keys: UnsafeMutablePointer<UInt64>, count n: Int, low: UInt64, shift: UInt64,
        into indices: UnsafeMutablePointer<UInt32>, words: UnsafeMutablePointer<Word>, wordScratch: UnsafeMutablePointer<Word>,
        histograms: UnsafeMutablePointer<UInt32>
    ) {
        let indexMask = Word(truncatingIfNeeded: (UInt64(1) << UInt64(indexBits)) &- 1)
        histograms.initialize(repeating: 0, count: histogramCapacity)
        for i in 0..<n {
            let prefix = (keys[i] &- low) &>> shift
            words[i] = Word(truncatingIfNeeded: prefix) &<< Word(truncatingIfNeeded: indexBits) | Word(truncatingIfNeeded: i)
            histograms[Int(truncatingIfNeeded: prefix & 0xFF)] &+= 1
            histograms[256 &+ Int(truncatingIfNeeded: prefix &>> 8)] &+= 1
        }
        var source = words, target = wordScratch
        for pass in 0..<2 {
            let histogram = histograms + pass &* 256
            let digitShift = Word(truncatingIfNeeded: indexBits &+ pass &* 8)
            if histogram[Int(truncatingIfNeeded: (source[0] &>> digitShift) & 0xFF)] == UInt32(truncatingIfNeeded: n) { continue }
            var offset: UInt32 = 0
            for digit in 0..<256 {
                let count = histogram[digit]
                histogram[digit] = offset
                offset &+= count
            }
            for i in 0..<n {
                let word = source[i]
                let digit = Int(truncatingIfNeeded: (word &>> digitShift) & 0xFF)
                let slot = histogram[digit]
                histogram[digit] = slot &+ 1
                target[Int(truncatingIfNeeded: slot)] = word
            }
            swap(&source, &target)
        }
        // Equal prefixes hide keys that differ below them only when the span is wider than the prefix.
        // One insertion pass over the whole array puts them in key order: entries only move within their
        // prefix, and its branch (out of order or not) is nearly always predicted, where finding each run
        // of equal prefixes first mispredicts at every run's end. Strict comparison keeps equal keys in
        // index order. A cell whose entries crowd under few prefixes (an outlier widened the span) would
        // make this quadratic: past a budget of moves, a comparison sort finishes the job.
        if shift > 0 && !insertionPass(source, count: n, mask: indexMask, keys: keys) {
            var all = UnsafeMutableBufferPointer(start: source, count: n)
            all.sort { a, b in
                let i = Int(truncatingIfNeeded: a & indexMask), j = Int(truncatingIfNeeded: b & indexMask)
                return keys[i] != keys[j] ? keys[i] < keys[j] : i < j
            }
        }
        for j in 0..<n { indices[j] = UInt32(truncatingIfNeeded: source[j] & indexMask) }
    }

    /// Insertion-sorts packed words by their entries' full keys (stably); false, leaving them in some
    /// order, when that would move more than a few entries per entry.
    @inline(__always)
    private static func insertionPass<Word: FixedWidthInteger & UnsignedInteger>(
        _ words: UnsafeMutablePointer<Word>, count n: Int, mask: Word, keys: UnsafeMutablePointer<UInt64>
    ) -> Bool {
        var budget = 4 &* n &+ 64
        var previous = keys[Int(truncatingIfNeeded: words[0] & mask)]
        for i in 1..<n {
            let word = words[i]
            let key = keys[Int(truncatingIfNeeded: word & mask)]
            if key >= previous {
                previous = key
                continue
            }
            var j = i
            repeat {
                words[j] = words[j &- 1]
                j &-= 1
            } while j > 0 && keys[Int(truncatingIfNeeded: words[j &- 1] & mask)] > key
            words[j] = word
            budget &-= i &- j
            if budget < 0 { return false }
        }
        return true
    }

    /// Orders `indices` (stably) by their keys: for cells of a few entries.
    private static func insertionSort(_ indices: UnsafeMutablePointer<UInt32>, count: Int, keys: UnsafeMutablePointer<UInt64>) {
        guard count > 1 else { return }
        for i in 1..<count {
            let index = indices[i], key = keys[Int(index)]
            var j = i
            while j > 0 && keys[Int(indices[j - 1])] > key {
                indices[j] = indices[j - 1]
                j -= 1
            }
            indices[j] = index
        }
    }
}

/// The buffers `RankSort` needs for cells of up to `capacity` entries, allocated once per batch: the
/// keys to fill, and the order found.
struct RankScratch {
    let keys: UnsafeMutablePointer<UInt64>
    /// After `order`: the entries' positions in key order.
    let indices: UnsafeMutablePointer<UInt32>
    private let words: UnsafeMutableRawPointer
    private let wordScratch: UnsafeMutableRawPointer
    private let histograms: UnsafeMutablePointer<UInt32>

    init(capacity: Int) {
        let capacity = max(capacity, 1)
        keys = .allocate(capacity: capacity)
        indices = .allocate(capacity: capacity)
        words = .allocate(byteCount: 8 * capacity, alignment: 8)
        wordScratch = .allocate(byteCount: 8 * capacity, alignment: 8)
        histograms = .allocate(capacity: RankSort.histogramCapacity)
    }

    /// Puts in `indices` the positions of the first `count` keys in ascending key order, stably. The keys'
    /// bounds are found in a pass of their own: a caller's loop that fills the keys keeps its registers
    /// (finding them there made one go through memory at every key).
    @inline(__always)
    func order(count: Int) {
        var low = UInt64.max, high = UInt64.min
        for i in 0..<count {
            low = min(low, keys[i])
            high = max(high, keys[i])
        }
        RankSort.order(keys: keys, count: count, low: low, high: high, into: indices, words: words, wordScratch: wordScratch,
                       histograms: histograms)
    }

    func deallocate() {
        keys.deallocate()
        indices.deallocate()
        words.deallocate()
        wordScratch.deallocate()
        histograms.deallocate()
    }
}
