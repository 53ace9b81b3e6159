import Columnar

/// A column chunk's dictionary: its PLAIN-encoded values (the dictionary page) and one index per value.
struct ChunkDictionary {
    var page: [UInt8]
    var size: Int
    var indices: [UInt32]

    /// Integer chunks with more distinct values than this are written DELTA_BINARY_PACKED instead: sorted
    /// or clustered ids (gene positions within a cell) take a few bits per value that way, where dictionary
    /// indices would take the full index width.
    static let integerDistinctLimit = 1024

    /// A dictionary of `values[range]`. Values are fed in slices, and building stops as soon as the policy says the dictionary does not pay
    /// (too large, or barely smaller than PLAIN), so high-cardinality columns cost little.
    static func build(_ values: PhysicalValues, _ range: Range<Int>, policy: DictionaryFallbackPolicy) -> ChunkDictionary? {
        let distinctLimit: Int
        switch values {
        case .int32, .int64: distinctLimit = integerDistinctLimit
        default: distinctLimit = .max
        }
        // Integer chunks are judged every few limits' worth of values, so a high-cardinality column
        // (gene positions) is given up after a couple of thousand values instead of sixteen thousand.
        let step = distinctLimit == .max ? 16 * 1024 : 2 * distinctLimit
        func run<B>(_ builder: inout B, append: (inout B, Range<Int>) -> Void, state: (B) -> DictionaryBuilderState) -> Bool {
            var start = range.lowerBound
            while start < range.upperBound {
                let end = min(start + step, range.upperBound)
                append(&builder, start..<end)
                if state(builder).shouldFallBackToPlain || state(builder).distinctCount > distinctLimit { return false }
                start = end
            }
            return true
        }
        switch values {
        case .boolean:
            return nil  // one bit per value PLAIN beats any dictionary
        case .int32(let v):
            var b = Int32DictionaryBuilder(policy: policy)
            guard run(&b, append: { b, r in v.withUnsafeBufferPointer { b.append(UnsafeBufferPointer(rebasing: $0[r])) } }, state: \.state) else { return nil }
            return ChunkDictionary(page: PlainEncoder.encode(b.dictionary), size: b.state.distinctCount, indices: b.indices)
        case .int64(let v):
            var b = Int64DictionaryBuilder(policy: policy)
            guard run(&b, append: { b, r in v.withUnsafeBufferPointer { b.append(UnsafeBufferPointer(rebasing: $0[r])) } }, state: \.state) else { return nil }
            return ChunkDictionary(page: PlainEncoder.encode(b.dictionary), size: b.state.distinctCount, indices: b.indices)
        case .float(let v):
            var b = FloatDictionaryBuilder(policy: policy)
            guard run(&b, append: { b, r in v.withUnsafeBufferPointer { b.append(UnsafeBufferPointer(rebasing: $0[r])) } }, state: \.state) else { return nil }
            return ChunkDictionary(page: PlainEncoder.encode(b.dictionary), size: b.state.distinctCount, indices: b.indices)
        case .double(let v):
            var b = DoubleDictionaryBuilder(policy: policy)
            guard run(&b, append: { b, r in v.withUnsafeBufferPointer { b.append(UnsafeBufferPointer(rebasing: $0[r])) } }, state: \.state) else { return nil }
            return ChunkDictionary(page: PlainEncoder.encode(b.dictionary), size: b.state.distinctCount, indices: b.indices)
        case .bytes(let v):
            var b = ByteArrayDictionaryBuilder(policy: policy)
            guard run(&b, append: { b, r in b.append(v, range: r) }, state: \.state) else { return nil }
            return ChunkDictionary(page: PlainEncoder.encode(b.dictionary), size: b.state.distinctCount, indices: b.indices)
        }
    }
}
