/// Encoder for the RLE/bit-packed hybrid encoding. Repeats of 8 or more become RLE runs; everything else
/// goes into bit-packed runs of whole groups of 8 (at most 63 groups per run, so headers stay one byte).
/// Only the final group of the stream is padded with zeros.
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
        var literalStart = 0
        var i = 0
        while i < n {
            let v = values[i] & mask
            var j = i + 1
            while j < n && values[j] & mask == v { j += 1 }
            var run = j - i
            if run < 8 {
                i = j
                continue
            }
            let literal = i - literalStart
            if literal > 0 {
                let pad = (8 - literal % 8) % 8
                if run - pad < 8 {
                    i = j
                    continue
                }
                appendBitPacked(values, from: literalStart, count: literal + pad, bitWidth: bitWidth, into: &out)
                i += pad
                run -= pad
            }
            appendRun(value: v, count: run, bitWidth: bitWidth, into: &out)
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
