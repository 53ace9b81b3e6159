import Columnar

#if _endian(big)
#error("The Parquet encodings assume a little-endian host")
#endif

/// PLAIN decoding of untrusted bytes. Each function decodes exactly `count` values from the start of
/// `bytes`, appends them to `out`, and returns the number of bytes consumed; too few bytes throw
/// `ParquetError.corrupt` and leave `out` unchanged.
public enum PlainDecoder {
    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int32]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Float]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Double]) throws -> Int {
        try decodeFixed(bytes, count: count, zero: 0, into: &out)
    }

    /// BOOLEAN: one bit per value, LSB first.
    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Bool]) throws -> Int {
        try checkCount(count)
        let needed = (count + 7) / 8
        guard needed <= bytes.count else {
            throw ParquetError.corrupt("PLAIN BOOLEAN: \(count) values need \(needed) bytes, \(bytes.count) available")
        }
        try out.appendFilled(count, with: false) { dst in
            for i in 0..<count { dst[i] = (bytes[i >> 3] >> UInt8(i & 7)) & 1 == 1 }
        }
        return needed
    }

    /// BYTE_ARRAY: each value a 4-byte little-endian length followed by that many bytes.
    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout VarBinary) throws -> Int {
        try checkCount(count)
        // First pass: validate every length and find the total payload size.
        var cursor = ByteCursor(bytes)
        var payload = 0
        for _ in 0..<count {
            let length = try cursor.readUInt32LE("PLAIN BYTE_ARRAY length")
            try cursor.skip(Int(length), "PLAIN BYTE_ARRAY value")
            payload += Int(length)
        }
        let consumed = cursor.position
        // Second pass: copy.
        out.reserve(values: out.count + count, bytes: out.bytes.count + payload)
        var at = 0
        var end = out.bytes.count
        for _ in 0..<count {
            let length = Int(UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: at, as: UInt32.self)))
            out.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[(at + 4)..<(at + 4 + length)]))
            end += length
            out.offsets.append(end)
            at += 4 + length
        }
        return consumed
    }

    /// FIXED_LEN_BYTE_ARRAY of `width` bytes per value, into a VarBinary.
    @discardableResult
    public static func decodeFixedLength(
        _ bytes: UnsafeRawBufferPointer, count: Int, width: Int, into out: inout VarBinary
    ) throws -> Int {
        try checkCount(count)
        guard width >= 0 else { throw ParquetError.corrupt("FIXED_LEN_BYTE_ARRAY width \(width) is negative") }
        let (total, overflow) = count.multipliedReportingOverflow(by: width)
        guard !overflow, total <= bytes.count else {
            throw ParquetError.corrupt("PLAIN FIXED_LEN_BYTE_ARRAY: \(count) values of \(width) bytes exceed \(bytes.count) bytes")
        }
        out.reserve(values: out.count + count, bytes: out.bytes.count + total)
        out.bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<total]))
        var end = out.offsets[out.offsets.count - 1]
        for _ in 0..<count {
            end += width
            out.offsets.append(end)
        }
        return total
    }

    /// The Julian day number of 1970-01-01.
    static let julianDayOfEpoch: Int64 = 2_440_588
    static let nanosecondsPerDay: Int64 = 86_400_000_000_000

    /// Legacy INT96 timestamps (8 bytes nanoseconds of day, then 4 bytes Julian day, little-endian) as
    /// nanoseconds since the Unix epoch. Values outside the Int64 nanosecond range throw `.unsupported`.
    @discardableResult
    public static func decodeInt96Timestamps(
        _ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]
    ) throws -> Int {
        try checkCount(count)
        let (total, overflow) = count.multipliedReportingOverflow(by: 12)
        guard !overflow, total <= bytes.count else {
            throw ParquetError.corrupt("PLAIN INT96: \(count) values need more than \(bytes.count) bytes")
        }
        try out.appendFilled(count, with: 0) { dst in
            for i in 0..<count {
                let nanosOfDay = Int64(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 12, as: Int64.self))
                let julianDay = Int64(Int32(littleEndian: bytes.loadUnaligned(fromByteOffset: i * 12 + 8, as: Int32.self)))
                let (dayNanos, o1) = (julianDay - julianDayOfEpoch).multipliedReportingOverflow(by: nanosecondsPerDay)
                let (value, o2) = dayNanos.addingReportingOverflow(nanosOfDay)
                guard !o1, !o2 else {
                    throw ParquetError.unsupported("INT96 timestamp (Julian day \(julianDay)) outside the nanosecond range")
                }
                dst[i] = value
            }
        }
        return total
    }

    static func decodeFixed<T: BitwiseCopyable>(
        _ bytes: UnsafeRawBufferPointer, count: Int, zero: T, into out: inout [T]
    ) throws -> Int {
        try checkCount(count)
        let size = MemoryLayout<T>.size
        let (total, overflow) = count.multipliedReportingOverflow(by: size)
        guard !overflow, total <= bytes.count else {
            throw ParquetError.corrupt("PLAIN \(T.self): \(count) values need more than \(bytes.count) bytes")
        }
        guard count > 0 else { return 0 }
        out.reserveCapacity(out.count + count)
        let start = out.count
        out.append(contentsOf: repeatElement(zero, count: count))
        out.withUnsafeMutableBytes { raw in
            let dst = UnsafeMutableRawBufferPointer(rebasing: raw[(start * size)...])
            dst.copyMemory(from: UnsafeRawBufferPointer(rebasing: bytes[0..<total]))
        }
        return total
    }
}
