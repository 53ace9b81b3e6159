/// Sorting a cell's (key, payload) pairs by key ascending, stably, without allocating: the rank-value
/// encoding's hot loop. Keys are 64-bit; `orderedKey` turns a double into a key with the same order.
enum RankSort {
    /// A key whose unsigned order is the double's numeric order (negative values flip all bits).
    @inline(__always)
    static func orderedKey(_ value: Double) -> UInt64 {
        let bits = value.bitPattern
        return bits & (1 << 63) == 0 ? bits | (1 << 63) : ~bits
    }

    /// Sorts `keys[0..<count]` ascending and moves `payload` along, stably (equal keys keep their order).
    /// `scratchKeys` / `scratchPayload` hold at least `count` elements; `histograms` `histogramCapacity`.
    static func sort(keys: UnsafeMutablePointer<UInt64>, payload: UnsafeMutablePointer<UInt32>, count: Int,
                     scratchKeys: UnsafeMutablePointer<UInt64>, scratchPayload: UnsafeMutablePointer<UInt32>,
                     histograms: UnsafeMutablePointer<Int>, radixOnly: Bool = false) {
        if count < 48 && !radixOnly {
            insertionSort(keys: keys, payload: payload, count: count)
            return
        }
        if !radixOnly {
            bucketSort(keys: keys, payload: payload, count: count, scratchKeys: scratchKeys, scratchPayload: scratchPayload,
                       histograms: histograms, level: 0)
            return
        }
        // LSD radix sort, 8 bits a pass; all eight histograms in one read, and a pass whose digit is the same
        // for every key is skipped (a cell's values share their top bits).
        histograms.initialize(repeating: 0, count: 8 * 256)
        for i in 0..<count {
            let key = keys[i]
            for pass in 0..<8 { histograms[pass &* 256 &+ Int(truncatingIfNeeded: (key >> UInt64(pass &* 8)) & 0xFF)] &+= 1 }
        }
        var sourceKeys = keys, sourcePayload = payload
        var targetKeys = scratchKeys, targetPayload = scratchPayload
        for pass in 0..<8 {
            let histogram = histograms + pass * 256
            let shift = UInt64(pass * 8)
            if histogram[Int((sourceKeys[0] >> shift) & 0xFF)] == count { continue }
            var offset = 0
            for digit in 0..<256 {
                let n = histogram[digit]
                histogram[digit] = offset
                offset &+= n
            }
            for i in 0..<count {
                let key = sourceKeys[i]
                let digit = Int(truncatingIfNeeded: (key >> shift) & 0xFF)
                let slot = histogram[digit]
                histogram[digit] = slot &+ 1
                targetKeys[slot] = key
                targetPayload[slot] = sourcePayload[i]
            }
            swap(&sourceKeys, &targetKeys)
            swap(&sourcePayload, &targetPayload)
        }
        if sourceKeys != keys {
            keys.update(from: sourceKeys, count: count)
            payload.update(from: sourcePayload, count: count)
        }
    }

    /// Most cells: one stable pass distributing the keys into about two buckets per key (at most 2,048)
    /// spread evenly over the cell's own key range (a cell's keys share their top bits, so fixed top-bit
    /// buckets would leave most keys in a few large ones), then an insertion sort, which moves each key only
    /// within its bucket. A large bucket (keys cluster, or an outlier widens the range) is bucketed again
    /// over its own range, each level with its own slice of `histograms`; past the last level, radix sorted.
    private static func bucketSort(keys: UnsafeMutablePointer<UInt64>, payload: UnsafeMutablePointer<UInt32>, count: Int,
                                   scratchKeys: UnsafeMutablePointer<UInt64>, scratchPayload: UnsafeMutablePointer<UInt32>,
                                   histograms: UnsafeMutablePointer<Int>, level: Int) {
        var low = UInt64.max, high = UInt64.min
        for i in 0..<count {
            low = min(low, keys[i])
            high = max(high, keys[i])
        }
        let span = high &- low
        guard span > 0 else { return }  // all keys equal: a stable sort changes nothing
        // About two buckets per key (at most 2,048): a cell's values cluster, and fuller buckets made the
        // insertion sorts below most of the time.
        let bucketBits = min(11, Int.bitWidth - count.leadingZeroBitCount)
        let shift = UInt64(max(0, (64 - span.leadingZeroBitCount) - bucketBits))
        let buckets = Int(span >> shift) + 1
        let starts = histograms + level * levelStride
        starts.initialize(repeating: 0, count: buckets + 1)
        for i in 0..<count { starts[Int((keys[i] &- low) >> shift) &+ 1] &+= 1 }
        var largest = 0
        for b in 0..<buckets {
            largest = max(largest, starts[b + 1])
            starts[b + 1] &+= starts[b]
        }
        // starts[b] is bucket b's first slot; use starts[b] as the cursor, then recover the bounds below.
        for i in 0..<count {
            let key = keys[i]
            let b = Int((key &- low) >> shift)
            let slot = starts[b]
            starts[b] = slot &+ 1
            scratchKeys[slot] = key
            scratchPayload[slot] = payload[i]
        }
        keys.update(from: scratchKeys, count: count)
        payload.update(from: scratchPayload, count: count)
        // Every bucket small: one insertion sort over the whole range moves each key only within its bucket
        // (keys of earlier buckets are smaller), without a branchy walk over thousands of mostly empty buckets.
        if largest <= 64 {
            insertionSort(keys: keys, payload: payload, count: count)
            return
        }
        // After the scatter starts[b] is bucket b's end, which is bucket b + 1's start.
        var begin = 0
        for b in 0..<buckets {
            let end = starts[b]
            let size = end - begin
            if size > 64 && level + 1 < levels {
                bucketSort(keys: keys + begin, payload: payload + begin, count: size, scratchKeys: scratchKeys, scratchPayload: scratchPayload,
                           histograms: histograms, level: level + 1)
            } else if size > 64 {
                sort(keys: keys + begin, payload: payload + begin, count: size, scratchKeys: scratchKeys, scratchPayload: scratchPayload,
                     histograms: histograms + levels * levelStride, radixOnly: true)
            } else if size > 1 {
                insertionSort(keys: keys + begin, payload: payload + begin, count: size)
            }
            begin = end
        }
    }

    /// Bucket levels before the radix sort takes over, and the histogram slice each level uses (2,048
    /// buckets and one end); the radix sort's 8 × 256 counters follow them.
    static let levels = 6
    static let levelStride = 2050
    static let histogramCapacity = levels * levelStride + 8 * 256

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
    private let scratchKeys: UnsafeMutablePointer<UInt64>
    private let scratchPayload: UnsafeMutablePointer<UInt32>
    private let histograms: UnsafeMutablePointer<Int>

    init(capacity: Int) {
        let capacity = max(capacity, 1)
        keys = .allocate(capacity: capacity)
        payload = .allocate(capacity: capacity)
        scratchKeys = .allocate(capacity: capacity)
        scratchPayload = .allocate(capacity: capacity)
        histograms = .allocate(capacity: RankSort.histogramCapacity)
    }

    /// Sorts the first `count` keys (and their payload) ascending, stably.
    func sort(count: Int) {
        RankSort.sort(keys: keys, payload: payload, count: count, scratchKeys: scratchKeys, scratchPayload: scratchPayload,
                      histograms: histograms)
    }

    func deallocate() {
        keys.deallocate()
        payload.deallocate()
        scratchKeys.deallocate()
        scratchPayload.deallocate()
        histograms.deallocate()
    }
}
