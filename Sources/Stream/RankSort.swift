/// Sorting a cell's (key, payload) pairs by key ascending, stably, without allocating: the rank-value
/// encoding's hot loop. Keys are 64-bit; `orderedKey` turns a double into a key with the same order.
///
/// A cell's keys are radix sorted on a 16-bit prefix of their offset from the cell's smallest key (its
/// most significant 16 bits over the cell's own span, so a cell's shared top bits cost nothing), packed
/// above each entry's index into one 64-bit word: two 8-bit passes move 8 bytes an entry (a pass whose
/// digit every entry shares is skipped). Entries whose prefixes tie — a few at a time, even where a
/// cell's values cluster — are then put in key order by one insertion pass over the whole array, and the
/// payload gathered by index. Fewer, wider passes cost more than the ties they save.
enum RankSort {
    /// A key whose unsigned order is the double's numeric order (negative values flip all bits).
    @inline(__always)
    static func orderedKey(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    /// Sorts `payload[0..<count]` by `keys` ascending, stably (entries with equal keys keep their order);
    /// `keys` are left in an unspecified order. `packed`, `packedScratch` and `payloadScratch` hold at
    /// least `count` elements, `histograms` `histogramCapacity`.
    static func sort(keys: UnsafeMutablePointer<UInt64>, payload: UnsafeMutablePointer<UInt32>, count n: Int,
                     packed: UnsafeMutablePointer<UInt64>, packedScratch: UnsafeMutablePointer<UInt64>,
                     payloadScratch: UnsafeMutablePointer<UInt32>, histograms: UnsafeMutablePointer<UInt32>) {
        if n < 32 {
            insertionSort(keys: keys, payload: payload, count: n)
            return
        }
        var low = keys[0], high = keys[0]
        for i in 1..<n {
            low = min(low, keys[i])
            high = max(high, keys[i])
        }
        let span = high &- low
        guard span > 0 else { return }  // all keys equal: a stable sort changes nothing
        let shift = UInt64(max(0, (64 - span.leadingZeroBitCount) - prefixBits))
        histograms.initialize(repeating: 0, count: histogramCapacity)
        for i in 0..<n {
            let prefix = (keys[i] &- low) &>> shift
            packed[i] = prefix &<< 32 | UInt64(truncatingIfNeeded: i)
            histograms[Int(truncatingIfNeeded: prefix & 0xFF)] &+= 1
            histograms[256 &+ Int(truncatingIfNeeded: prefix &>> 8)] &+= 1
        }
        var source = packed, target = packedScratch
        for pass in 0..<2 {
            let histogram = histograms + pass &* 256
            let digitShift = UInt64(32 &+ pass &* 8)
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
        if shift > 0 && !insertionPass(source, count: n, keys: keys) {
            var all = UnsafeMutableBufferPointer(start: source, count: n)
            all.sort { a, b in
                let i = Int(truncatingIfNeeded: a & 0xFFFF_FFFF), j = Int(truncatingIfNeeded: b & 0xFFFF_FFFF)
                return keys[i] != keys[j] ? keys[i] < keys[j] : i < j
            }
        }
        for j in 0..<n { payloadScratch[j] = payload[Int(truncatingIfNeeded: source[j] & 0xFFFF_FFFF)] }
        payload.update(from: payloadScratch, count: n)
    }

    static let prefixBits = 16
    /// Counters of the two digit passes.
    static let histogramCapacity = 2 * 256

    /// Insertion-sorts packed entries by their full keys (stably); false, leaving them in some order, when
    /// that would move more than a few entries per entry.
    private static func insertionPass(_ words: UnsafeMutablePointer<UInt64>, count n: Int, keys: UnsafeMutablePointer<UInt64>) -> Bool {
        var budget = 4 &* n &+ 64
        var previous = keys[Int(truncatingIfNeeded: words[0] & 0xFFFF_FFFF)]
        for i in 1..<n {
            let word = words[i]
            let key = keys[Int(truncatingIfNeeded: word & 0xFFFF_FFFF)]
            if key >= previous {
                previous = key
                continue
            }
            var j = i
            repeat {
                words[j] = words[j &- 1]
                j &-= 1
            } while j > 0 && keys[Int(truncatingIfNeeded: words[j &- 1] & 0xFFFF_FFFF)] > key
            words[j] = word
            budget &-= i &- j
            if budget < 0 { return false }
        }
        return true
    }

    private static func insertionSort(keys: UnsafeMutablePointer<UInt64>, payload: UnsafeMutablePointer<UInt32>, count: Int) {
        guard count > 1 else { return }
        for i in 1..<count {
            let key = keys[i], value = payload[i]
            var j = i
            while j > 0 && keys[j - 1] > key {
                keys[j] = keys[j - 1]
                payload[j] = payload[j - 1]
                j -= 1
            }
            keys[j] = key
            payload[j] = value
        }
    }
}

/// The buffers `RankSort` needs for cells of up to `capacity` entries, allocated once per batch.
struct RankScratch {
    let keys: UnsafeMutablePointer<UInt64>
    let payload: UnsafeMutablePointer<UInt32>
    private let packed: UnsafeMutablePointer<UInt64>
    private let packedScratch: UnsafeMutablePointer<UInt64>
    private let payloadScratch: UnsafeMutablePointer<UInt32>
    private let histograms: UnsafeMutablePointer<UInt32>

    init(capacity: Int) {
        let capacity = max(capacity, 1)
        keys = .allocate(capacity: capacity)
        payload = .allocate(capacity: capacity)
        packed = .allocate(capacity: capacity)
        packedScratch = .allocate(capacity: capacity)
        payloadScratch = .allocate(capacity: capacity)
        histograms = .allocate(capacity: RankSort.histogramCapacity)
    }

    /// Orders the first `count` payload entries by their keys ascending, stably (the keys are used up).
    func sort(count: Int) {
        RankSort.sort(keys: keys, payload: payload, count: count, packed: packed, packedScratch: packedScratch,
                      payloadScratch: payloadScratch, histograms: histograms)
    }

    func deallocate() {
        keys.deallocate()
        payload.deallocate()
        packed.deallocate()
        packedScratch.deallocate()
        payloadScratch.deallocate()
        histograms.deallocate()
    }
}
