/// Encoder for the RLE/bit-packed hybrid encoding. Values are looked at in groups of 8 (the bit-packing
/// unit), counted from the start of the current literal stretch: a group of 8 equal values starts an RLE
/// run, which then takes every following equal value; everything else goes into bit-packed runs (at most
/// 63 groups per run, so headers stay one byte). Only the final group of the stream is padded with zeros.
/// Judging whole groups costs one branch per 8 values, which stays predictable on values that change
/// at random (dictionary indices of measurements), where a branch per value would not.
public enum RLEHybridEncoder {
    /// Smallest bit width that holds `maxValue`.
    public static func bitWidth(forMaxValue maxValue: UInt32) -> Int {
        UInt32.bitWidth - maxValue.leadingZeroBitCount
    }

    /// Appends the hybrid encoding of `values` (bit width 0…32, no length prefix) to `out`.
    public static func encode(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        precondition(bitWidth >= 0 && bitWidth <= 32, "RLEHybridEncoder: bit width \(bitWidth) outside 0…32")
        let mask: UInt32 = bitWidth == 32 ? ~0 : (1 << UInt32(bitWidth)) &- 1
        let n = values.count
        guard n > 0, let v = values.baseAddress else { return }
        /// Whether the 8 values at `i` all equal `value` under the mask (branch-free).
        @inline(__always) func groupEquals(_ i: Int, _ value: UInt32) -> Bool {
            var differ: UInt32 = 0
            for k in 0..<8 { differ |= (v[i &+ k] ^ value) }
            return differ & mask == 0
        }
        var literalStart = 0
        var i = 0
        while i &+ 8 <= n {
            let value = v[i] & mask
            guard groupEquals(i, value) else {
                i &+= 8
                continue
            }
            var j = i &+ 8
            while j &+ 8 <= n && groupEquals(j, value) { j &+= 8 }
            while j < n && v[j] & mask == value { j &+= 1 }
            if i > literalStart { appendBitPacked(values, from: literalStart, count: i - literalStart, bitWidth: bitWidth, into: &out) }
            appendRun(value: value, count: j - i, bitWidth: bitWidth, into: &out)
            i = j
            literalStart = j
        }
        if literalStart < n {
            appendBitPacked(values, from: literalStart, count: n - literalStart, bitWidth: bitWidth, into: &out)
        }
    }

    /// The hybrid encoding of `values`.
    public static func encode(_ values: [UInt32], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { encode($0, bitWidth: bitWidth, into: &out) }
        return out
    }

    /// Appends a 4-byte little-endian length followed by the hybrid encoding (data page v1 levels).
    public static func encodeLengthPrefixed(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        let lengthAt = out.count
        out.append(contentsOf: [0, 0, 0, 0])
        encode(values, bitWidth: bitWidth, into: &out)
        ByteWriter.storeUInt32LE(UInt32(out.count - lengthAt - 4), at: lengthAt, in: &out)
    }

    /// A dictionary-index stream: one byte of bit width (the minimum for `dictionarySize`), then the runs.
    /// Appends a dictionary-index stream for `indices` to `out` (no copy of the indices).
    public static func encodeDictionaryIndices(_ indices: UnsafeBufferPointer<UInt32>, dictionarySize: Int, into out: inout [UInt8]) {
        let width = bitWidth(forMaxValue: UInt32(max(dictionarySize - 1, 0)))
        out.append(UInt8(width))
        encode(indices, bitWidth: width, into: &out)
    }

    public static func encodeDictionaryIndices(_ indices: [UInt32], dictionarySize: Int) -> [UInt8] {
        let width = bitWidth(forMaxValue: UInt32(max(dictionarySize - 1, 0)))
        var out: [UInt8] = [UInt8(width)]
        indices.withUnsafeBufferPointer { encode($0, bitWidth: width, into: &out) }
        return out
    }

    /// Levels with the bit width of `maxLevel`, optionally length-prefixed.
    public static func encodeLevels(_ levels: [UInt32], maxLevel: Int, lengthPrefixed: Bool) -> [UInt8] {
        let width = LevelDecoder.bitWidth(maxLevel: maxLevel)
        var out: [UInt8] = []
        levels.withUnsafeBufferPointer { buffer in
            if lengthPrefixed {
                encodeLengthPrefixed(buffer, bitWidth: width, into: &out)
            } else {
                encode(buffer, bitWidth: width, into: &out)
            }
        }
        return out
    }

    /// Definition levels (max level 1) of a validity mask: 1 where valid. Also the RLE encoding of booleans.
    public static func encodeValidity(_ isValid: [Bool], lengthPrefixed: Bool) -> [UInt8] {
        let levels = isValid.map { $0 ? UInt32(1) : 0 }
        return encodeLevels(levels, maxLevel: 1, lengthPrefixed: lengthPrefixed)
    }

    static func appendRun(value: UInt32, count: Int, bitWidth: Int, into out: inout [UInt8]) {
        let valueBytes = (bitWidth + 7) / 8
        var left = count
        while left > 0 {
            let n = min(left, Int(Int32.max))
            ByteWriter.appendULEB128(UInt64(n) << 1, to: &out)
            for k in 0..<valueBytes { out.append(UInt8(truncatingIfNeeded: value >> UInt32(8 * k))) }
            left -= n
        }
    }

    static func appendBitPacked(
        _ values: UnsafeBufferPointer<UInt32>, from start: Int, count: Int, bitWidth: Int, into out: inout [UInt8]
    ) {
        let maxPerRun = 63 * 8
        var at = start
        var left = count
        while left > 0 {
            let n = min(left, maxPerRun)
            let groups = (n + 7) / 8
            ByteWriter.appendULEB128(UInt64(groups) << 1 | 1, to: &out)
            let available = min(n, values.count - at)
            let before = out.count
            BitPacking.packCore(UnsafeBufferPointer(rebasing: values[at..<(at + available)]), bitWidth: bitWidth, into: &out)
            let padding = groups * bitWidth - (out.count - before)
            if padding > 0 { out.append(contentsOf: repeatElement(0, count: padding)) }
            at += n
            left -= n
        }
    }
}
