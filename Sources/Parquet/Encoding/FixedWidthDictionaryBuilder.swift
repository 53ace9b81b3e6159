/// Dictionary builders for fixed-width values. Values are keyed by their bit pattern, so NaN payloads,
/// -0.0 and +0.0 are distinct entries and round-trip bit-exactly.
///
/// Use: `append` each batch of (non-null) values; `takeIndices()` after each data page; `dictionary`
/// for the dictionary page (PLAIN-encode it); check `shouldFallBackToPlain` to switch to PLAIN.
public struct Int32DictionaryBuilder: Sendable {
    var core: BitPatternDictionary<UInt32>
    public init(policy: DictionaryFallbackPolicy = DictionaryFallbackPolicy()) { core = BitPatternDictionary(policy: policy) }
    public mutating func append(_ values: UnsafeBufferPointer<Int32>) {
        values.withMemoryRebound(to: UInt32.self) { core.append($0) }
    }
    public mutating func append(_ values: [Int32]) { values.withUnsafeBufferPointer { append($0) } }
    /// The distinct values in first-seen order; index `i` in `indices` refers to `dictionary[i]`.
    public var dictionary: [Int32] { core.keys.map { Int32(bitPattern: $0) } }
    public var state: DictionaryBuilderState { core.state }
    public var indices: [UInt32] { core.indices }
    /// Returns the indices appended since the last call and clears them (the dictionary is kept).
    public mutating func takeIndices() -> [UInt32] { core.takeIndices() }
}

public struct Int64DictionaryBuilder: Sendable {
    var core: BitPatternDictionary<UInt64>
    public init(policy: DictionaryFallbackPolicy = DictionaryFallbackPolicy()) { core = BitPatternDictionary(policy: policy) }
    public mutating func append(_ values: UnsafeBufferPointer<Int64>) {
        values.withMemoryRebound(to: UInt64.self) { core.append($0) }
    }
    public mutating func append(_ values: [Int64]) { values.withUnsafeBufferPointer { append($0) } }
    public var dictionary: [Int64] { core.keys.map { Int64(bitPattern: $0) } }
    public var state: DictionaryBuilderState { core.state }
    public var indices: [UInt32] { core.indices }
    public mutating func takeIndices() -> [UInt32] { core.takeIndices() }
}

public struct FloatDictionaryBuilder: Sendable {
    var core: BitPatternDictionary<UInt32>
    public init(policy: DictionaryFallbackPolicy = DictionaryFallbackPolicy()) { core = BitPatternDictionary(policy: policy) }
    public mutating func append(_ values: UnsafeBufferPointer<Float>) {
        values.withMemoryRebound(to: UInt32.self) { core.append($0) }
    }
    public mutating func append(_ values: [Float]) { values.withUnsafeBufferPointer { append($0) } }
    public var dictionary: [Float] { core.keys.map { Float(bitPattern: $0) } }
    public var state: DictionaryBuilderState { core.state }
    public var indices: [UInt32] { core.indices }
    public mutating func takeIndices() -> [UInt32] { core.takeIndices() }
}

public struct DoubleDictionaryBuilder: Sendable {
    var core: BitPatternDictionary<UInt64>
    public init(policy: DictionaryFallbackPolicy = DictionaryFallbackPolicy()) { core = BitPatternDictionary(policy: policy) }
    public mutating func append(_ values: UnsafeBufferPointer<Double>) {
        values.withMemoryRebound(to: UInt64.self) { core.append($0) }
    }
    public mutating func append(_ values: [Double]) { values.withUnsafeBufferPointer { append($0) } }
    public var dictionary: [Double] { core.keys.map { Double(bitPattern: $0) } }
    public var state: DictionaryBuilderState { core.state }
    public var indices: [UInt32] { core.indices }
    public mutating func takeIndices() -> [UInt32] { core.takeIndices() }
}

/// Size bookkeeping shared by every dictionary builder.
public struct DictionaryBuilderState: Hashable, Sendable {
    public var policy: DictionaryFallbackPolicy
    /// Distinct values so far.
    public var distinctCount: Int = 0
    /// Bytes of the PLAIN-encoded dictionary page.
    public var dictionaryBytes: Int = 0
    /// Values appended since the builder was created.
    public var valueCount: Int = 0
    /// Bytes those values would take PLAIN-encoded.
    public var plainBytes: Int = 0

    /// Bit width of the indices for the current dictionary size.
    public var indexBitWidth: Int {
        RLEHybridEncoder.bitWidth(forMaxValue: UInt32(clamping: max(distinctCount - 1, 0)))
    }
    /// The dictionary page would exceed `policy.maxDictionaryBytes`.
    public var exceedsByteLimit: Bool { dictionaryBytes > policy.maxDictionaryBytes }
    /// The writer should stop dictionary-encoding this column chunk and write PLAIN pages.
    public var shouldFallBackToPlain: Bool {
        distinctCount >= Int(Int32.max)
            || policy.shouldFallBack(dictionaryBytes: dictionaryBytes, distinctCount: distinctCount,
                                     valueCount: valueCount, plainBytes: plainBytes)
    }
}

/// Open-addressing hash table from bit patterns to dense indices (insertion order).
struct BitPatternDictionary<Key: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    private(set) var keys: [Key] = []
    private(set) var indices: [UInt32] = []
    private(set) var state: DictionaryBuilderState
    /// `-1` marks an empty slot; otherwise an index into `keys`.
    private var slots: [Int32]
    /// The key of each occupied slot, beside it, so a probe compares without a second lookup.
    private var slotKeys: [Key]
    private var shift: UInt64

    init(policy: DictionaryFallbackPolicy) {
        state = DictionaryBuilderState(policy: policy)
        slots = [Int32](repeating: -1, count: 64)
        slotKeys = [Key](repeating: 0, count: 64)
        shift = 64 - 6
    }

    mutating func takeIndices() -> [UInt32] {
        defer { indices = [] }
        return indices
    }

    /// Fibonacci hashing: the top bits of the product pick the slot.
    @inline(__always)
    private static func slot(for key: Key, shift: UInt64) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15) &>> shift)
    }

    mutating func append(_ values: UnsafeBufferPointer<Key>) {
        let n = values.count
        guard n > 0 else { return }
        let base = indices.count
        indices.append(contentsOf: repeatElement(0, count: n))
        // Work on locals through raw buffers: this loop is the hottest of a dictionary-encoded write.
        var keys = self.keys, slots = self.slots, slotKeys = self.slotKeys, shift = self.shift
        self.keys = []
        self.slots = []
        self.slotKeys = []
        // Runs of one value (sorted or clustered columns) skip the hash table; but where values change at
        // random, that test's branch mispredicts every other value, costing more than the lookup it saves.
        // A sample of the slice decides, and each case has a loop of its own.
        var repeats = 0
        for k in 1..<min(n, 64) where values[k] == values[k - 1] { repeats += 1 }
        let followRuns = repeats * 4 >= (min(n, 64) - 1) * 3
        indices.withUnsafeMutableBufferPointer { out in
            let out = UnsafeMutableBufferPointer(rebasing: out[base...])
            var i = 0
            while i < n {
                if (keys.count + 1) * 2 > slots.count { Self.grow(&keys, &slots, &slotKeys, &shift) }
                i = slots.withUnsafeMutableBufferPointer { table in
                    slotKeys.withUnsafeMutableBufferPointer { tableKeys in
                        let table = Table(slots: table, keys: tableKeys, shift: shift)
                        return followRuns ? table.fillFollowingRuns(out, values, from: i, &keys)
                                          : table.fill(out, values, from: i, &keys)
                    }
                }
            }
        }
        self.keys = keys
        self.slots = slots
        self.slotKeys = slotKeys
        self.shift = shift
        state.distinctCount = keys.count
        state.dictionaryBytes = keys.count * MemoryLayout<Key>.size
        state.valueCount += n
        state.plainBytes += n * MemoryLayout<Key>.size
    }

    /// The hash table during one fill, its constants held in registers (it grows only between fills).
    private struct Table {
        let slots: UnsafeMutableBufferPointer<Int32>
        let keys: UnsafeMutableBufferPointer<Key>
        let shift: UInt64
        let mask: Int
        /// Distinct keys the table holds before it must grow (half its slots).
        let limit: Int

        init(slots: UnsafeMutableBufferPointer<Int32>, keys: UnsafeMutableBufferPointer<Key>, shift: UInt64) {
            self.slots = slots
            self.keys = keys
            self.shift = shift
            mask = slots.count - 1
            limit = slots.count / 2
        }

        /// `key`'s index, inserted (appended to `distinct`) when new; nil when the table is full.
        @inline(__always)
        func index(of key: Key, _ distinct: inout [Key]) -> UInt32? {
            var s = BitPatternDictionary.slot(for: key, shift: shift)
            while true {
                let index = slots[s]
                if index < 0 {
                    guard distinct.count < limit else { return nil }
                    slots[s] = Int32(truncatingIfNeeded: distinct.count)
                    keys[s] = key
                    distinct.append(key)
                    return UInt32(truncatingIfNeeded: distinct.count &- 1)
                }
                if keys[s] == key { return UInt32(truncatingIfNeeded: index) }
                s = (s &+ 1) & mask
            }
        }

        /// Indexes `values` from `i` into `out`; returns where it stopped: the end, or the value that found
        /// the table full.
        func fill(_ out: UnsafeMutableBufferPointer<UInt32>, _ values: UnsafeBufferPointer<Key>, from i: Int, _ distinct: inout [Key]) -> Int {
            var i = i
            while i < values.count {
                guard let index = index(of: values[i], &distinct) else { return i }
                out[i] = index
                i &+= 1
            }
            return i
        }

        /// `fill` for values in runs: each run is looked up once and its indices filled at once.
        func fillFollowingRuns(_ out: UnsafeMutableBufferPointer<UInt32>, _ values: UnsafeBufferPointer<Key>, from i: Int,
                               _ distinct: inout [Key]) -> Int {
            let n = values.count
            var i = i
            while i < n {
                let key = values[i]
                guard let index = index(of: key, &distinct) else { return i }
                // The run's end: eight values at a time (branch-free, so it vectorizes), then value by value.
                var end = i &+ 1
                while end &+ 8 <= n {
                    var differ: Key = 0
                    for k in 0..<8 { differ |= values[end &+ k] ^ key }
                    if differ != 0 { break }
                    end &+= 8
                }
                while end < n && values[end] == key { end &+= 1 }
                for k in i..<end { out[k] = index }
                i = end
            }
            return i
        }
    }

    /// Doubles the table, re-inserting every key.
    private static func grow(_ keys: inout [Key], _ slots: inout [Int32], _ slotKeys: inout [Key], _ shift: inout UInt64) {
        let capacity = slots.count * 2
        shift -= 1
        slots = [Int32](repeating: -1, count: capacity)
        slotKeys = [Key](repeating: 0, count: capacity)
        let mask = capacity - 1
        for (i, key) in keys.enumerated() {
            var s = slot(for: key, shift: shift)
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(i)
            slotKeys[s] = key
        }
    }
}
