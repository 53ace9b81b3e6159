/// Decoding of definition/repetition levels (RLE/bit-packed hybrid with the bit width of the max level).
/// Data page v1 prefixes the levels with a 4-byte length; data page v2 gives the length in the header.
public enum LevelDecoder {
    /// Bits needed to store levels up to `maxLevel` (0 for a required column).
    public static func bitWidth(maxLevel: Int) -> Int {
        maxLevel <= 0 ? 0 : Int.bitWidth - maxLevel.leadingZeroBitCount
    }

    /// Decodes `count` levels, each checked to be ≤ `maxLevel`, appending to `out`.
    /// Returns the bytes consumed (including the 4-byte prefix when `lengthPrefixed`).
    @discardableResult
    public static func decodeLevels(
        _ bytes: UnsafeRawBufferPointer, maxLevel: Int, count: Int, lengthPrefixed: Bool, into out: inout [UInt32]
    ) throws -> Int {
        guard maxLevel >= 0 && maxLevel <= Int(UInt16.max) else {
            throw ParquetError.invalidArgument("max level \(maxLevel) outside 0…65535")
        }
        let width = bitWidth(maxLevel: maxLevel)
        let start = out.count
        let consumed = lengthPrefixed
            ? try RLEHybridDecoder.decodeLengthPrefixed(bytes, bitWidth: width, count: count, into: &out)
            : try RLEHybridDecoder.decode(bytes, bitWidth: width, count: count, into: &out)
        let limit = UInt32(maxLevel)
        let bad = out.withUnsafeBufferPointer { all in all[start...].contains { $0 > limit } }
        if bad {
            out.removeSubrange(start...)
            throw ParquetError.corrupt("level exceeds the maximum level \(maxLevel)")
        }
        return consumed
    }

    /// Result of decoding definition levels of a flat optional column (max definition level 1).
    public struct Validity: Equatable, Sendable {
        /// `true` where the value is present (level 1), `false` where it is null (level 0).
        public var isValid: [Bool]
        /// Number of `true` entries: how many values the page's value section holds.
        public var nonNullCount: Int
        /// Bytes consumed, including the length prefix when there was one.
        public var consumedBytes: Int
    }

    /// Fast path for max definition level 1: decodes `count` levels straight into a validity mask.
    /// Also decodes RLE-encoded BOOLEAN values (same format, bit width 1, length-prefixed).
    public static func decodeValidity(
        _ bytes: UnsafeRawBufferPointer, count: Int, lengthPrefixed: Bool
    ) throws -> Validity {
        try checkCount(count)
        let body = lengthPrefixed ? try RLEHybridDecoder.lengthPrefixedBody(bytes) : bytes
        var cursor = ByteCursor(body)
        var mask = [Bool](repeating: false, count: count)
        var nonNull = 0
        try mask.withUnsafeMutableBufferPointer { dst in
            var produced = 0
            while produced < count {
                let header = try cursor.readULEB128("level run header")
                let wanted = count - produced
                if header & 1 == 0 {
                    let run = header >> 1
                    let value = try cursor.readByte("level RLE run value")
                    guard value <= 1 else { throw ParquetError.corrupt("definition level \(value) exceeds 1") }
                    let n = run >= UInt64(wanted) ? wanted : Int(run)
                    if value == 1 {
                        UnsafeMutableBufferPointer(rebasing: dst[produced..<(produced + n)]).update(repeating: true)
                        nonNull += n
                    }
                    produced += n
                } else {
                    let groups = header >> 1
                    let runValues = groups >= UInt64(Int32.max) ? Int(Int32.max) * 8 : Int(groups) * 8
                    let n = min(runValues, wanted)
                    let needed = (n + 7) / 8
                    guard needed <= cursor.remaining else {
                        throw ParquetError.corrupt("bit-packed levels: \(n) values need \(needed) bytes, \(cursor.remaining) left")
                    }
                    let packed = cursor.takeUpTo(runValues / 8)
                    var i = 0
                    while i < n {
                        let byte = packed[i >> 3]
                        let upTo = min(8, n - i)
                        for b in 0..<upTo {
                            let set = (byte >> UInt8(b)) & 1 == 1
                            dst[produced + i + b] = set
                            nonNull &+= set ? 1 : 0
                        }
                        i += upTo
                    }
                    produced += n
                }
            }
        }
        return Validity(isValid: mask, nonNullCount: nonNull,
                        consumedBytes: lengthPrefixed ? 4 + body.count : cursor.position)
    }
}
