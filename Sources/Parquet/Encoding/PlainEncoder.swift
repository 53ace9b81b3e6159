import Columnar

/// PLAIN encoding: little-endian fixed-width values, bit-packed booleans, length-prefixed byte arrays.
/// Used for data pages, dictionary pages and statistics values.
public enum PlainEncoder {
    public static func encode(_ values: UnsafeBufferPointer<Int32>, into out: inout [UInt8]) {
        appendLittleEndian(values, into: &out)
    }

    public static func encode(_ values: UnsafeBufferPointer<Int64>, into out: inout [UInt8]) {
        appendLittleEndian(values, into: &out)
    }

    /// Floats by IEEE 754 bit pattern (NaN payloads and -0.0 preserved).
    public static func encode(_ values: UnsafeBufferPointer<Float>, into out: inout [UInt8]) {
        values.withMemoryRebound(to: UInt32.self) { appendLittleEndian($0, into: &out) }
    }

    public static func encode(_ values: UnsafeBufferPointer<Double>, into out: inout [UInt8]) {
        values.withMemoryRebound(to: UInt64.self) { appendLittleEndian($0, into: &out) }
    }

    /// Booleans bit-packed LSB first, one bit per value, the last byte zero-padded.
    public static func encode(_ values: UnsafeBufferPointer<Bool>, into out: inout [UInt8]) {
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: (values.count + 7) / 8))
        out.withUnsafeMutableBufferPointer { all in
            let dst = UnsafeMutableBufferPointer(rebasing: all[start...])
            for (i, v) in values.enumerated() where v {
                dst[i >> 3] |= 1 << UInt8(i & 7)
            }
        }
    }

    /// Byte arrays: each value as a 4-byte little-endian length followed by its bytes.
    /// Values must be shorter than 4 GiB.
    public static func encode(_ values: VarBinary, into out: inout [UInt8]) {
        encode(values, range: 0..<values.count, into: &out)
    }

    /// Byte arrays `range` of `values` (for one page of a larger column).
    public static func encode(_ values: VarBinary, range: Range<Int>, into out: inout [UInt8]) {
        let byteSpan = values.offsets[range.upperBound] - values.offsets[range.lowerBound]
        out.reserveCapacity(out.count + byteSpan + 4 * range.count)
        values.bytes.withUnsafeBufferPointer { bytes in
            for i in range {
                let lo = values.offsets[i], hi = values.offsets[i + 1]
                precondition(hi - lo <= Int(UInt32.max), "PlainEncoder: byte array longer than 4 GiB")
                ByteWriter.appendUInt32LE(UInt32(hi - lo), to: &out)
                out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[lo..<hi]))
            }
        }
    }

    /// FIXED_LEN_BYTE_ARRAY: the bytes of each value back to back; every value must be `width` long.
    public static func encodeFixedLength(_ values: VarBinary, width: Int, into out: inout [UInt8]) {
        precondition(values.bytes.count == width * values.count, "PlainEncoder: values are not all \(width) bytes")
        out.append(contentsOf: values.bytes[values.offsets[0]..<values.offsets[values.count]])
    }

    // Array conveniences.
    public static func encode(_ values: [Int32]) -> [UInt8] { collect { o in values.withUnsafeBufferPointer { encode($0, into: &o) } } }
    public static func encode(_ values: [Int64]) -> [UInt8] { collect { o in values.withUnsafeBufferPointer { encode($0, into: &o) } } }
    public static func encode(_ values: [Float]) -> [UInt8] { collect { o in values.withUnsafeBufferPointer { encode($0, into: &o) } } }
    public static func encode(_ values: [Double]) -> [UInt8] { collect { o in values.withUnsafeBufferPointer { encode($0, into: &o) } } }
    public static func encode(_ values: [Bool]) -> [UInt8] { collect { o in values.withUnsafeBufferPointer { encode($0, into: &o) } } }
    public static func encode(_ values: VarBinary) -> [UInt8] { collect { o in encode(values, into: &o) } }

    private static func collect(_ body: (inout [UInt8]) -> Void) -> [UInt8] {
        var out: [UInt8] = []
        body(&out)
        return out
    }

    static func appendLittleEndian<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, into out: inout [UInt8]) {
        #if _endian(little)
        out.append(contentsOf: UnsafeRawBufferPointer(values))
        #else
        let size = MemoryLayout<T>.size
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: values.count * size))
        out.withUnsafeMutableBytes { raw in
            for (i, v) in values.enumerated() {
                raw.storeBytes(of: v.littleEndian, toByteOffset: start + i * size, as: T.self)
            }
        }
        #endif
    }
}
