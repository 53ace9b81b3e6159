/// Entries as parallel arrays: a sort key, the entry's other coordinate, and its value's raw bytes.
struct EntryArrays {
    var keys: UnsafeMutablePointer<UInt32>
    var others: UnsafeMutablePointer<UInt32>
    var values: UnsafeMutableRawPointer
}

/// A stable counting sort of entries by their UInt32 key in two passes that each stay in the cache: the
/// first scatters entries into at most a few thousand buckets by the key's high bits, the second orders each
/// bucket (small enough for L2) by the low bits. Entries move with their values, so nothing is gathered
/// through a permutation afterwards; memory is the entries twice and histograms of fixed size.
enum KeyedEntrySort {
    /// Sorts `count` entries of `entries` (values `width` bytes each) whose keys are at most `maxKey`,
    /// using `scratch` (as large) in between; calls `sorted` with each range of `entries` as soon as it is
    /// in final order, in ascending key order.
    static func sort(_ entries: EntryArrays, scratch: EntryArrays, count: Int, width: Int, maxKey: UInt32,
                     sorted: (Range<Int>) throws -> Void) rethrows {
        switch width {
        case 1: try sort(entries, scratch, count, maxKey, UInt8.self, sorted)
        case 2: try sort(entries, scratch, count, maxKey, UInt16.self, sorted)
        case 4: try sort(entries, scratch, count, maxKey, UInt32.self, sorted)
        default: try sort(entries, scratch, count, maxKey, UInt64.self, sorted)
        }
    }

    private static func sort<Value>(_ entries: EntryArrays, _ scratch: EntryArrays, _ count: Int, _ maxKey: UInt32,
                                    _: Value.Type, _ sorted: (Range<Int>) throws -> Void) rethrows {
        let keyBits = 32 - maxKey.leadingZeroBitCount
        // At most 4096 low values per bucket keep its histogram in L1; at least 1024 buckets when the key
        // allows keep each bucket small.
        let lowBits = max(0, min(12, keyBits - 10))
        let highBuckets = 1 << (keyBits - lowBits)
        let lowMask = UInt32((1 << lowBits) - 1)
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: max(highBuckets, 1 << lowBits) + 1)
        defer { counts.deallocate() }
        let values = entries.values.assumingMemoryBound(to: Value.self)
        let scratchValues = scratch.values.assumingMemoryBound(to: Value.self)

        // Pass 1: entries → scratch by the high bits; `starts` ends up as the bucket boundaries.
        let starts = UnsafeMutableBufferPointer<Int>.allocate(capacity: highBuckets + 1)
        defer { starts.deallocate() }
        starts.initialize(repeating: 0)
        for i in 0..<count { starts[Int(entries.keys[i] &>> UInt32(lowBits)) &+ 1] &+= 1 }
        for b in 0..<highBuckets { starts[b + 1] &+= starts[b] }
        for b in 0...highBuckets { counts[b] = starts[b] }
        for i in 0..<count {
            let key = entries.keys[i]
            let bucket = Int(key &>> UInt32(lowBits))
            let j = counts[bucket]
            counts[bucket] = j &+ 1
            scratch.keys[j] = key
            scratch.others[j] = entries.others[i]
            scratchValues[j] = values[i]
        }

        // Pass 2: each bucket → back into entries by the low bits.
        for b in 0..<highBuckets where starts[b] < starts[b + 1] {
            let range = starts[b]..<starts[b + 1]
            if lowBits == 0 {
                (entries.keys + range.lowerBound).update(from: scratch.keys + range.lowerBound, count: range.count)
                (entries.others + range.lowerBound).update(from: scratch.others + range.lowerBound, count: range.count)
                (values + range.lowerBound).update(from: scratchValues + range.lowerBound, count: range.count)
            } else {
                let local = UnsafeMutableBufferPointer(rebasing: counts[0...(1 << lowBits)])
                local.update(repeating: 0)
                for i in range { local[Int(scratch.keys[i] & lowMask) &+ 1] &+= 1 }
                var offset = range.lowerBound
                for l in 0..<(1 << lowBits) { let c = local[l + 1]; local[l] = offset; offset &+= c }
                for i in range {
                    let key = scratch.keys[i]
                    let l = Int(key & lowMask)
                    let j = local[l]
                    local[l] = j &+ 1
                    entries.keys[j] = key
                    entries.others[j] = scratch.others[i]
                    values[j] = scratchValues[i]
                }
            }
            try sorted(range)
        }
    }
}
