import Columnar

/// Decoder for BYTE_STREAM_SPLIT: a value of K bytes is scattered over K streams, byte `k` of value `i`
/// at `stream[k][i]`. The stream length is `bytes.count / K` (the number of values in the buffer), which
/// must be at least `count`; `bytes.count` must be a multiple of K.
public enum ByteStreamSplitDecoder {
    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Float]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Double]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int32]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    /// FIXED_LEN_BYTE_ARRAY of `width` bytes per value, into a VarBinary.
    @discardableResult
    public static func decodeFixedLength(
        _ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into out: inout VarBinary
    ) throws -> Int {
        let stride = try streamLength(bytes, count: count, width: width)
        try out.bytes.appendFilled(count * width, with: 0) { dst in
            gatherStreams(bytes, stride: stride, count: count, width: width, into: UnsafeMutableRawBufferPointer(dst))
        }
        var end = out.offsets[out.offsets.count - 1]
        out.offsets.reserveCapacity(out.offsets.count + count)
        for _ in 0..<count {
            end += width
            out.offsets.append(end)
        }
        return bytes.count
    }

    static func decodeFixed<T: BitwiseCopyable>(
        _ bytes: UnsafeRawBufferPointer, count: Int, zero: T, into out: inout [T]
    ) throws -> Int {
        let width = MemoryLayout<T>.size
        let stride = try streamLength(bytes, count: count, width: width)
        try out.appendFilled(count, with: zero) { dst in
            gatherStreams(bytes, stride: stride, count: count, width: width, into: UnsafeMutableRawBufferPointer(dst))
        }
        return bytes.count
    }

    static func streamLength(_ bytes: UnsafeRawBufferPointer, count: Int, width: Int) throws -> Int {
        try checkCount(count)
        guard width > 0 else { throw ParquetError.corrupt("BYTE_STREAM_SPLIT: value width \(width) must be positive") }
        guard bytes.count % width == 0 else {
            throw ParquetError.corrupt("BYTE_STREAM_SPLIT: \(bytes.count) bytes are not a multiple of the value width \(width)")
        }
        let stride = bytes.count / width
        guard stride >= count else {
            throw ParquetError.corrupt("BYTE_STREAM_SPLIT: \(stride) values in the buffer, \(count) expected")
        }
        return stride
    }

    /// Reassembles `count` values of `width` bytes; `dst` holds `count * width` bytes.
    static func gatherStreams(
        _ src: UnsafeRawBufferPointer, stride: Int, count: Int, width: Int, into dst: UnsafeMutableRawBufferPointer
    ) {
        guard count > 0, let s = src.baseAddress, let d = dst.baseAddress else { return }
        for k in 0..<width {
            let stream = s + k * stride
            var p = d + k
            for i in 0..<count {
                p.storeBytes(of: stream.load(fromByteOffset: i, as: UInt8.self), as: UInt8.self)
                p += width
            }
        }
    }
}
