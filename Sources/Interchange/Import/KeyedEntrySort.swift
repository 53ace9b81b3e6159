import Foundation

/// Entries as parallel arrays: a sort key, the entry's other coordinate, and its value's raw bytes.
/// The sort's workers share them, each writing positions no other worker touches.
struct EntryArrays: @unchecked Sendable {
    var keys: UnsafeMutablePointer<UInt32>
    var others: UnsafeMutablePointer<UInt32>
    var values: UnsafeMutableRawPointer

    /// Uninitialized room for `count` entries with `width`-byte values.
    static func allocate(_ count: Int, width: Int) -> EntryArrays {
        EntryArrays(keys: .allocate(capacity: count), others: .allocate(capacity: count),
                    values: .allocate(byteCount: count * width, alignment: 8))
    }

    func deallocate() {
        keys.deallocate()
        others.deallocate()
        values.deallocate()
    }
}

/// A stable counting sort of entries by their UInt32 key in two passes that each stay in the cache:
/// `distribute` scatters entries into at most a few thousand buckets by the key's high bits, and each
/// bucket, small enough for L2, is then ordered by the low bits — into arrays (`order`) or by whoever
/// consumes it (the run writer puts entries straight into their row segments). Entries move with their
/// values, so nothing is gathered through a permutation; memory is the entries twice.
enum KeyedEntrySort {
    /// Where `distribute` put the entries: bucket `b` holds the keys whose high bits are `b`, at
    /// `bounds[b]..<bounds[b + 1]`, in their original order.
    struct Buckets {
        let lowBits: Int
        let bounds: [Int]

        var count: Int { bounds.count - 1 }
        var lowMask: UInt32 { UInt32((1 << lowBits) - 1) }
        func range(_ b: Int) -> Range<Int> { bounds[b]..<bounds[b + 1] }
    }

    /// Splits keys up to `maxKey`: at most 4096 low values per bucket keep its histogram in L1, and at least
    /// 1024 buckets (when the key allows) keep each bucket small.
    static func lowBits(maxKey: UInt32) -> Int { max(0, min(12, 32 - maxKey.leadingZeroBitCount - 10)) }

    /// Scatters `count` entries of `source` (values `width` bytes each) into `target` by their keys' high bits,
    /// stably, in up to `tasks` concurrent slices.
    static func distribute(_ source: EntryArrays, into target: EntryArrays, count: Int, width: Int, maxKey: UInt32,
                           tasks: Int) -> Buckets {
        switch width {
        case 1: return distribute(source, target, count, maxKey, tasks, UInt8.self)
        case 2: return distribute(source, target, count, maxKey, tasks, UInt16.self)
        case 4: return distribute(source, target, count, maxKey, tasks, UInt32.self)
        default: return distribute(source, target, count, maxKey, tasks, UInt64.self)
        }
    }

    /// Orders bucket `b` of `source` by the keys' low bits, stably, into the same positions of `target`.
    static func order(_ b: Int, of buckets: Buckets, from source: EntryArrays, into target: EntryArrays, width: Int) {
        switch width {
        case 1: order(buckets.range(b), buckets.lowBits, source, target, UInt8.self)
        case 2: order(buckets.range(b), buckets.lowBits, source, target, UInt16.self)
        case 4: order(buckets.range(b), buckets.lowBits, source, target, UInt32.self)
        default: order(buckets.range(b), buckets.lowBits, source, target, UInt64.self)
        }
    }

    private static func distribute<Value>(_ source: EntryArrays, _ target: EntryArrays, _ count: Int, _ maxKey: UInt32,
                                          _ tasks: Int, _: Value.Type) -> Buckets {
        let lowBits = lowBits(maxKey: maxKey)
        let bucketCount = 1 << (32 - maxKey.leadingZeroBitCount - lowBits)
        let shift = UInt32(lowBits)
        nonisolated(unsafe) let sourceValues = source.values.assumingMemoryBound(to: Value.self)
        nonisolated(unsafe) let targetValues = target.values.assumingMemoryBound(to: Value.self)
        // Each slice counts its own entries per bucket; a slice's share of a bucket then goes after the
        // shares of the slices before it, which keeps the scatter stable.
        let tasks = max(1, min(tasks, count / (1 << 16)))
        let sliceSize = (count + tasks - 1) / tasks
        @Sendable func slice(_ t: Int) -> Range<Int> { min(count, t * sliceSize)..<min(count, (t + 1) * sliceSize) }
        // Slice t's next position per bucket, at t * bucketCount.
        nonisolated(unsafe) let next = UnsafeMutableBufferPointer<Int>.allocate(capacity: tasks * bucketCount)
        defer { next.deallocate() }
        next.initialize(repeating: 0)
        DispatchQueue.concurrentPerform(iterations: tasks) { t in
            let counts = next.baseAddress! + t * bucketCount
            for i in slice(t) { counts[Int(source.keys[i] &>> shift)] &+= 1 }
        }
        var bounds = [Int](repeating: 0, count: bucketCount + 1)
        var offset = 0
        for b in 0..<bucketCount {
            bounds[b] = offset
            for t in 0..<tasks {
                let c = next[t * bucketCount + b]
                next[t * bucketCount + b] = offset
                offset &+= c
            }
        }
        bounds[bucketCount] = offset
        DispatchQueue.concurrentPerform(iterations: tasks) { t in
            let next = next.baseAddress! + t * bucketCount
            for i in slice(t) {
                let key = source.keys[i]
                let bucket = Int(key &>> shift)
                let j = next[bucket]
                next[bucket] = j &+ 1
                target.keys[j] = key
                target.others[j] = source.others[i]
                targetValues[j] = sourceValues[i]
            }
        }
        return Buckets(lowBits: lowBits, bounds: bounds)
    }

    private static func order<Value>(_ range: Range<Int>, _ lowBits: Int, _ source: EntryArrays, _ target: EntryArrays,
                                     _: Value.Type) {
        let sourceValues = source.values.assumingMemoryBound(to: Value.self)
        let targetValues = target.values.assumingMemoryBound(to: Value.self)
        let lowCount = 1 << lowBits, mask = UInt32(lowCount - 1)
        let next = UnsafeMutableBufferPointer<Int>.allocate(capacity: lowCount + 1)
        defer { next.deallocate() }
        next.initialize(repeating: 0)
        for i in range { next[Int(source.keys[i] & mask) &+ 1] &+= 1 }
        next[0] = range.lowerBound
        for l in 0..<lowCount { next[l + 1] &+= next[l] }
        for i in range {
            let key = source.keys[i]
            let l = Int(key & mask)
            let j = next[l]
            next[l] = j &+ 1
            target.keys[j] = key
            target.others[j] = source.others[i]
            targetValues[j] = sourceValues[i]
        }
    }
}
