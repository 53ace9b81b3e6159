import Columnar

/// Decode side of dictionary encoding: looks indices up in a decoded dictionary page.
/// Every index is checked against the dictionary size; an out-of-range index throws
/// `ParquetError.corrupt` and leaves `out` unchanged.
public enum DictionaryDecoder {
    public static func gather(_ dictionary: [Int32], indices: UnsafeBufferPointer<UInt32>, into out: inout [Int32]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Int64], indices: UnsafeBufferPointer<UInt32>, into out: inout [Int64]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Float], indices: UnsafeBufferPointer<UInt32>, into out: inout [Float]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Double], indices: UnsafeBufferPointer<UInt32>, into out: inout [Double]) throws {
        try gatherFixed(dictionary, indices: indices, zero: 0, into: &out)
    }

    public static func gather(_ dictionary: [Bool], indices: UnsafeBufferPointer<UInt32>, into out: inout [Bool]) throws {
        try gatherFixed(dictionary, indices: indices, zero: false, into: &out)
    }

    /// Byte arrays: appends the dictionary entry of each index to `out`.
    public static func gather(_ dictionary: VarBinary, indices: UnsafeBufferPointer<UInt32>, into out: inout VarBinary) throws {
        try checkIndices(indices, dictionaryCount: dictionary.count)
        var total = 0
        dictionary.offsets.withUnsafeBufferPointer { offsets in
            for i in indices { total &+= offsets[Int(i) + 1] - offsets[Int(i)] }
        }
        out.reserve(values: out.count + indices.count, bytes: out.bytes.count + total)
        var end = out.offsets[out.offsets.count - 1]
        dictionary.bytes.withUnsafeBufferPointer { bytes in
            dictionary.offsets.withUnsafeBufferPointer { offsets in
                for i in indices {
                    let lo = offsets[Int(i)], hi = offsets[Int(i) + 1]
                    out.bytes.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
                    end += hi - lo
                    out.offsets.append(end)
                }
            }
        }
    }

    /// Array convenience for any of the overloads above.
    public static func gather(_ dictionary: [Int64], indices: [UInt32]) throws -> [Int64] {
        var out: [Int64] = []
        try indices.withUnsafeBufferPointer { try gather(dictionary, indices: $0, into: &out) }
        return out
    }

    static func checkIndices(_ indices: UnsafeBufferPointer<UInt32>, dictionaryCount: Int) throws {
        var largest: UInt32 = 0
        for i in indices { largest = max(largest, i) }  // branch-free: it vectorizes
        guard indices.isEmpty || Int(largest) < dictionaryCount else {
            throw ParquetError.corrupt("dictionary index \(largest) out of range for a dictionary of \(dictionaryCount) values")
        }
    }

    static func gatherFixed<T>(_ dictionary: [T], indices: UnsafeBufferPointer<UInt32>, zero: T, into out: inout [T]) throws {
        try checkIndices(indices, dictionaryCount: dictionary.count)
        guard !indices.isEmpty else { return }
        try out.appendFilled(indices.count, with: zero) { dst in
            dictionary.withUnsafeBufferPointer { dict in
                for (k, i) in indices.enumerated() { dst[k] = dict[Int(i)] }
            }
        }
    }
}
