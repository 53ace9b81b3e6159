/// Decoder for the RLE/bit-packed hybrid encoding (definition/repetition levels, dictionary indices,
/// RLE booleans). Runs longer than the values still wanted are cut short (the last bit-packed group is
/// padded by writers); a final bit-packed run may be shorter than its header says if it still holds the
/// wanted values.
///
/// `count` sizes the output before decoding (RLE legitimately expands a few bytes into many values), so
/// callers bound it by trusted metadata such as the row group's row count.
public enum RLEHybridDecoder {
    /// Decodes `count` values of `bitWidth` (0…32) bits from `bytes` (no length prefix), appending to `out`.
    /// Returns the number of bytes consumed.
    @discardableResult
    public static func decode(
        _ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: inout [UInt32]
    ) throws -> Int {
        try checkCount(count)
        return try out.appendFilled(count, with: 0) { dst in
            var cursor = ByteCursor(bytes)
            try decodeCore(&cursor, bitWidth: bitWidth, count: count, into: dst.baseAddress)
            return cursor.position
        }
    }

    /// Decodes the variant with a 4-byte little-endian length prefix (levels in data page v1, RLE booleans).
    /// Returns the bytes consumed, prefix included.
    @discardableResult
    public static func decodeLengthPrefixed(
        _ bytes: UnsafeRawBufferPointer, bitWidth: Int, count: Int, into out: inout [UInt32]
    ) throws -> Int {
        let body = try lengthPrefixedBody(bytes)
        try decode(body, bitWidth: bitWidth, count: count, into: &out)
        return 4 + body.count
    }

    /// Decodes a dictionary-index stream (RLE_DICTIONARY / PLAIN_DICTIONARY data pages): one byte of bit
    /// width (0…32) followed by hybrid runs up to the end of `bytes`. Indices are not checked against
    /// the dictionary size here; `DictionaryDecoder.gather` does that.
    @discardableResult
    public static func decodeDictionaryIndices(
        _ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [UInt32]
    ) throws -> Int {
        try checkCount(count)
        guard let width = bytes.first else {
            if count == 0 { return 0 }
            throw ParquetError.corrupt("dictionary indices: missing bit width byte")
        }
        guard width <= 32 else { throw ParquetError.corrupt("dictionary indices: bit width \(width) exceeds 32") }
        let consumed = try decode(UnsafeRawBufferPointer(rebasing: bytes[1...]), bitWidth: Int(width), count: count, into: &out)
        return 1 + consumed
    }

    /// The body of a length-prefixed hybrid stream, checked against the bytes available.
    static func lengthPrefixedBody(_ bytes: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer {
        var cursor = ByteCursor(bytes)
        let length = try cursor.readUInt32LE("RLE length prefix")
        return try cursor.take(Int(length), "RLE data after length prefix")
    }

    /// Reads hybrid runs until `count` values are written to `dst`.
    static func decodeCore(
        _ cursor: inout ByteCursor, bitWidth: Int, count: Int, into dst: UnsafeMutablePointer<UInt32>?
    ) throws {
        guard count > 0, let dst else {
            guard bitWidth >= 0 && bitWidth <= 32 else {
                throw ParquetError.corrupt("RLE/bit-packed hybrid: bit width \(bitWidth) outside 0…32")
            }
            return
        }
        var produced = 0
        try forEachRun(&cursor, bitWidth: bitWidth, count: count) { value, n in
            (dst + produced).update(repeating: value, count: n)
            produced += n
        } packed: { bytes, n in
            BitPacking.unpackCore(bytes, count: n, bitWidth: bitWidth, into: dst + produced)
            produced += n
        }
    }

    /// Walks the hybrid runs covering the next `count` values: `repeated(value, n)` for an RLE run,
    /// `packed(bytes, n)` for `n` bit-packed values at the start of `bytes` (checked to hold them; the
    /// stream's later bytes follow as slack for whole-word loads). Runs are cut at `count`.
    @inline(__always)
    static func forEachRun(
        _ cursor: inout ByteCursor, bitWidth: Int, count: Int,
        repeated: (UInt32, Int) throws -> Void, packed: (UnsafeRawBufferPointer, Int) throws -> Void
    ) throws {
        guard bitWidth >= 0 && bitWidth <= 32 else {
            throw ParquetError.corrupt("RLE/bit-packed hybrid: bit width \(bitWidth) outside 0…32")
        }
        let valueBytes = (bitWidth + 7) / 8
        var produced = 0
        while produced < count {
            let header = try cursor.readULEB128("RLE/bit-packed run header")
            let wanted = count - produced
            if header & 1 == 0 {
                let run = header >> 1
                let raw = try cursor.take(valueBytes, "RLE run value")
                var value: UInt32 = 0
                for k in 0..<valueBytes { value |= UInt32(raw[k]) << UInt32(8 * k) }
                let n = run >= UInt64(wanted) ? wanted : Int(run)
                try repeated(value, n)
                produced += n
            } else {
                let groups = header >> 1
                let runValues = groups >= UInt64(Int32.max) ? Int(Int32.max) * 8 : Int(groups) * 8
                let n = min(runValues, wanted)
                let needed = BitPacking.byteCount(values: n, bitWidth: bitWidth)!
                let runBytes = groups >= UInt64(Int32.max) ? Int.max : Int(groups) * bitWidth
                guard needed <= cursor.remaining else {
                    throw ParquetError.corrupt("bit-packed run: \(n) values of \(bitWidth) bits need \(needed) bytes, \(cursor.remaining) left")
                }
                try packed(cursor.rest, n)
                _ = cursor.takeUpTo(runBytes)
                produced += n
            }
        }
    }
}
