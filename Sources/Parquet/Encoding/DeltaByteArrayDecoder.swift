import Columnar

/// Decoders for DELTA_LENGTH_BYTE_ARRAY (DELTA_BINARY_PACKED lengths, then the concatenated bytes) and
/// DELTA_BYTE_ARRAY (DELTA_BINARY_PACKED prefix lengths, then the suffixes as DELTA_LENGTH_BYTE_ARRAY;
/// value `i` is the first `prefix[i]` bytes of value `i-1` followed by `suffix[i]`).
public enum DeltaByteArrayDecoder {
    /// Default cap on the bytes DELTA_BYTE_ARRAY may expand to (prefix sharing can multiply the input).
    public static let defaultMaxOutputBytes = Int(Int32.max)

    /// DELTA_LENGTH_BYTE_ARRAY: decodes `count` values, appending to `out`; returns bytes consumed.
    @discardableResult
    public static func decodeDeltaLength(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout VarBinary) throws -> Int {
        try checkCount(count)
        var lengths: [Int32] = []
        let lengthBytes = try DeltaBinaryPackedDecoder.decode(bytes, count: count, into: &lengths)
        var cursor = ByteCursor(bytes, position: lengthBytes)
        let total = try totalLength(lengths, what: "DELTA_LENGTH_BYTE_ARRAY")
        let data = try cursor.take(total, "DELTA_LENGTH_BYTE_ARRAY data")
        out.reserve(values: out.count + count, bytes: out.bytes.count + total)
        out.bytes.append(contentsOf: data)
        var end = out.offsets[out.offsets.count - 1]
        for length in lengths {
            end += Int(length)
            out.offsets.append(end)
        }
        return cursor.position
    }

    /// DELTA_BYTE_ARRAY: decodes `count` values, appending to `out`; returns bytes consumed.
    /// Throws when the decoded values would exceed `maxOutputBytes`.
    @discardableResult
    public static func decodeDeltaByteArray(
        _ bytes: UnsafeRawBufferPointer, count: Int, into out: inout VarBinary,
        maxOutputBytes: Int = defaultMaxOutputBytes
    ) throws -> Int {
        try checkCount(count)
        var prefixes: [Int32] = []
        let prefixBytes = try DeltaBinaryPackedDecoder.decode(bytes, count: count, into: &prefixes)
        var suffixLengths: [Int32] = []
        let rest = UnsafeRawBufferPointer(rebasing: bytes[prefixBytes...])
        let suffixLengthBytes = try DeltaBinaryPackedDecoder.decode(rest, count: count, into: &suffixLengths)
        var cursor = ByteCursor(rest, position: suffixLengthBytes)
        let suffixTotal = try totalLength(suffixLengths, what: "DELTA_BYTE_ARRAY suffix")
        let suffixes = try cursor.take(suffixTotal, "DELTA_BYTE_ARRAY suffix data")

        // Validate prefixes and size the output before copying anything.
        var previous = 0
        var outputTotal = 0
        for i in 0..<count {
            let prefix = Int(prefixes[i])
            guard prefix >= 0, prefix <= previous else {
                throw ParquetError.corrupt("DELTA_BYTE_ARRAY: prefix length \(prefix) of value \(i) exceeds previous length \(previous)")
            }
            previous = prefix + Int(suffixLengths[i])
            outputTotal += previous
            guard outputTotal <= maxOutputBytes else {
                throw ParquetError.corrupt("DELTA_BYTE_ARRAY: values expand past \(maxOutputBytes) bytes")
            }
        }

        let start = out.bytes.count
        out.offsets.reserveCapacity(out.offsets.count + count)
        try out.bytes.appendFilled(outputTotal, with: 0) { dst in
            var at = 0
            var previousStart = 0
            var suffixAt = 0
            for i in 0..<count {
                let prefix = Int(prefixes[i]), suffix = Int(suffixLengths[i])
                if prefix > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(dst)[at..<(at + prefix)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(dst)[previousStart..<(previousStart + prefix)]))
                }
                if suffix > 0 {
                    UnsafeMutableRawBufferPointer(rebasing: UnsafeMutableRawBufferPointer(dst)[(at + prefix)..<(at + prefix + suffix)])
                        .copyMemory(from: UnsafeRawBufferPointer(rebasing: suffixes[suffixAt..<(suffixAt + suffix)]))
                }
                previousStart = at
                at += prefix + suffix
                suffixAt += suffix
            }
        }
        var end = start
        for i in 0..<count {
            end += Int(prefixes[i]) + Int(suffixLengths[i])
            out.offsets.append(end)
        }
        return prefixBytes + cursor.position
    }

    /// Sum of `lengths`, each checked non-negative.
    static func totalLength(_ lengths: [Int32], what: StaticString) throws -> Int {
        var total = 0
        for length in lengths {
            guard length >= 0 else { throw ParquetError.corrupt("\(what): negative length \(length)") }
            total += Int(length)
        }
        return total
    }
}
