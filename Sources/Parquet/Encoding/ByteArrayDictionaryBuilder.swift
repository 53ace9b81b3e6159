import Columnar

/// Dictionary builder for BYTE_ARRAY values (strings, binary). Distinct values are kept in one
/// `VarBinary`; an open-addressing table of (hash, index) finds them without allocating per value.
public struct ByteArrayDictionaryBuilder: Sendable {
    /// The distinct values in first-seen order; index `i` in `indices` refers to value `i`.
    public private(set) var dictionary = VarBinary()
    public private(set) var indices: [UInt32] = []
    public private(set) var state: DictionaryBuilderState
    /// `-1` marks an empty slot; otherwise an index into `dictionary`.
    private var slots: [Int32]
    /// Hash of each dictionary entry, for cheap rejection and rehashing.
    private var hashes: [UInt64] = []

    public init(policy: DictionaryFallbackPolicy = DictionaryFallbackPolicy()) {
        state = DictionaryBuilderState(policy: policy)
        slots = [Int32](repeating: -1, count: 64)
    }

    /// Appends every value of `values`.
    public mutating func append(_ values: VarBinary) { append(values, range: 0..<values.count) }

    /// Appends values `range` of `values`.
    public mutating func append(_ values: VarBinary, range: Range<Int>) {
        indices.reserveCapacity(indices.count + range.count)
        values.bytes.withUnsafeBytes { bytes in
            for i in range {
                let lo = values.offsets[i], hi = values.offsets[i + 1]
                indices.append(insert(UnsafeRawBufferPointer(rebasing: bytes[lo..<hi])))
            }
        }
        state.valueCount += range.count
        state.plainBytes += 4 * range.count + values.offsets[range.upperBound] - values.offsets[range.lowerBound]
    }

    /// Appends one value.
    public mutating func append(bytes value: UnsafeRawBufferPointer) {
        indices.append(insert(value))
        state.valueCount += 1
        state.plainBytes += 4 + value.count
    }

    /// Returns the indices appended since the last call and clears them (the dictionary is kept).
    public mutating func takeIndices() -> [UInt32] {
        defer { indices = [] }
        return indices
    }

    private static func hash(_ value: UnsafeRawBufferPointer) -> UInt64 {
        var hasher = Hasher()
        hasher.combine(bytes: value)
        return UInt64(UInt(bitPattern: hasher.finalize()))
    }

    private mutating func insert(_ value: UnsafeRawBufferPointer) -> UInt32 {
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let h = Self.hash(value)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: h) & mask
        while true {
            let entry = slots[s]
            if entry < 0 {
                let index = Int32(hashes.count)
                slots[s] = index
                hashes.append(h)
                dictionary.bytes.append(contentsOf: value)
                dictionary.offsets.append(dictionary.bytes.count)
                state.distinctCount += 1
                state.dictionaryBytes += 4 + value.count
                return UInt32(index)
            }
            if hashes[Int(entry)] == h && equals(entry: Int(entry), value) { return UInt32(entry) }
            s = (s + 1) & mask
        }
    }

    private func equals(entry: Int, _ value: UnsafeRawBufferPointer) -> Bool {
        let lo = dictionary.offsets[entry], hi = dictionary.offsets[entry + 1]
        guard hi - lo == value.count else { return false }
        if value.isEmpty { return true }
        return dictionary.bytes.withUnsafeBytes { all in
            memcmpBytes(all.baseAddress! + lo, value.baseAddress!, value.count) == 0
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        slots = [Int32](repeating: -1, count: capacity)
        let mask = capacity - 1
        for (i, h) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: h) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(i)
        }
    }
}

/// `memcmp` without importing libc into every file.
@inline(__always)
func memcmpBytes(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, _ count: Int) -> Int32 {
    var i = 0
    while i + 8 <= count {
        let x = a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        let y = b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
        if x != y { break }
        i += 8
    }
    while i < count {
        let x = a.load(fromByteOffset: i, as: UInt8.self), y = b.load(fromByteOffset: i, as: UInt8.self)
        if x != y { return x < y ? -1 : 1 }
        i += 1
    }
    return 0
}
