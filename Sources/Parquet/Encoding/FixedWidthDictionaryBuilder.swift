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
    private var shift: UInt64

    init(policy: DictionaryFallbackPolicy) {
        state = DictionaryBuilderState(policy: policy)
        slots = [Int32](repeating: -1, count: 64)
        shift = 64 - 6
    }

    mutating func takeIndices() -> [UInt32] {
        defer { indices = [] }
        return indices
    }

    @inline(__always)
    private func slot(for key: Key) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: key) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    mutating func append(_ values: UnsafeBufferPointer<Key>) {
        indices.reserveCapacity(indices.count + values.count)
        for key in values {
            if (keys.count + 1) * 2 > slots.count { grow() }
            let mask = slots.count - 1
            var s = slot(for: key)
            var index: Int32
            while true {
                index = slots[s]
                if index < 0 {
                    index = Int32(keys.count)
                    slots[s] = index
                    keys.append(key)
                    break
                }
                if keys[Int(index)] == key { break }
                s = (s + 1) & mask
            }
            indices.append(UInt32(index))
        }
        state.distinctCount = keys.count
        state.dictionaryBytes = keys.count * MemoryLayout<Key>.size
        state.valueCount += values.count
        state.plainBytes += values.count * MemoryLayout<Key>.size
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        shift -= 1
        slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (i, key) in keys.enumerated() {
            var s = slot(for: key)
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(i)
        }
    }
}
