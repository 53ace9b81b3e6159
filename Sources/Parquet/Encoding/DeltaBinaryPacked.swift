/// DELTA_BINARY_PACKED for INT32 and INT64: a header (block size, miniblocks per block, total count,
/// first value), then blocks of `min delta` + per-miniblock bit widths + bit-packed `delta - min delta`.
/// Deltas are computed with wrapping subtraction in the value's own width, as the spec requires, so every
/// sequence (Int64.min next to Int64.max included) round-trips.
public enum DeltaBinaryPackedEncoder {
    /// Block size and miniblock count this encoder writes (the spec's recommended layout).
    public static let blockSize = 128
    public static let miniblocksPerBlock = 4

    public static func encode(_ values: UnsafeBufferPointer<Int32>, into out: inout [UInt8]) {
        encodeCore(values, into: &out)
    }

    public static func encode(_ values: UnsafeBufferPointer<Int64>, into out: inout [UInt8]) {
        encodeCore(values, into: &out)
    }

    public static func encode(_ values: [Int32]) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { encode($0, into: &out) }
        return out
    }

    public static func encode(_ values: [Int64]) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { encode($0, into: &out) }
        return out
    }

    static func encodeCore<S: FixedWidthInteger & SignedInteger>(_ values: UnsafeBufferPointer<S>, into out: inout [UInt8]) {
        let n = values.count
        let perMiniblock = blockSize / miniblocksPerBlock
        ByteWriter.appendULEB128(UInt64(blockSize), to: &out)
        ByteWriter.appendULEB128(UInt64(miniblocksPerBlock), to: &out)
        ByteWriter.appendULEB128(UInt64(n), to: &out)
        ByteWriter.appendZigZag(n > 0 ? Int64(values[0]) : 0, to: &out)
        guard n > 1 else { return }
        // Blocks go into a scratch buffer sized for a few worst cases (a zigzag varint, the widths and every
        // miniblock at full width), appended to `out` when it may not hold another: per block, the deltas once into
        // `relative` (their minimum on the way), padded past the last value with that minimum (so padding
        // packs as zero), then minus the minimum with each miniblock's OR (its bit width), then packed.
        let blocks = (n - 1 + blockSize - 1) / blockSize
        let worstBlock = 10 + miniblocksPerBlock + blockSize * S.bitWidth / 8
        let mask = valueMask(S.self)
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: blockSize) { relative in
            withUnsafeTemporaryAllocation(byteCount: min(blocks, 64) * worstBlock, alignment: 8) { scratch in
                let buffer = scratch.baseAddress!
                let v = values.baseAddress!
                let rel = relative.baseAddress!
                var at = 0
                var i = 1
                while i < n {
                    if at + worstBlock > scratch.count {
                        out.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: at))
                        at = 0
                    }
                    let blockCount = min(blockSize, n &- i)
                    var minDelta = S.max
                    for k in 0..<blockCount {
                        let d = v[i &+ k] &- v[i &+ k &- 1]
                        rel[k] = UInt64(truncatingIfNeeded: d)
                        minDelta = Swift.min(minDelta, d)
                    }
                    let base = UInt64(truncatingIfNeeded: minDelta)
                    for k in blockCount..<blockSize { rel[k] = base }
                    // The block's min delta, zigzag varint.
                    var zigzag = UInt64(bitPattern: (Int64(minDelta) << 1) ^ (Int64(minDelta) >> 63))
                    while zigzag >= 0x80 {
                        buffer.storeBytes(of: UInt8(truncatingIfNeeded: zigzag) | 0x80, toByteOffset: at, as: UInt8.self)
                        zigzag >>= 7
                        at &+= 1
                    }
                    buffer.storeBytes(of: UInt8(zigzag), toByteOffset: at, as: UInt8.self)
                    at &+= 1
                    let widthsAt = at
                    at &+= miniblocksPerBlock
                    let miniblocks = (blockCount + perMiniblock - 1) / perMiniblock
                    for m in 0..<miniblocksPerBlock {
                        guard m < miniblocks else {
                            buffer.storeBytes(of: 0, toByteOffset: widthsAt &+ m, as: UInt8.self)
                            continue
                        }
                        let mini = rel + m &* perMiniblock
                        var bits: UInt64 = 0
                        for k in 0..<perMiniblock {
                            let r = (mini[k] &- base) & mask
                            mini[k] = r
                            bits |= r
                        }
                        let width = 64 &- bits.leadingZeroBitCount
                        buffer.storeBytes(of: UInt8(width), toByteOffset: widthsAt &+ m, as: UInt8.self)
                        BitPacking.packWhole(mini, count: perMiniblock, bitWidth: width, into: buffer + at)
                        at &+= perMiniblock / 8 &* width
                    }
                    i &+= blockCount
                }
                out.append(contentsOf: UnsafeRawBufferPointer(start: buffer, count: at))
            }
        }
    }

    @inline(__always)
    static func valueMask<S: FixedWidthInteger>(_: S.Type) -> UInt64 {
        S.bitWidth >= 64 ? ~0 : (1 << UInt64(S.bitWidth)) &- 1
    }
}

/// Decoder for DELTA_BINARY_PACKED. Untrusted input: header fields, bit widths (0…64) and lengths are
/// checked; arithmetic wraps as the spec says. Any block size that is a multiple of 128 is accepted
/// (pyarrow writes 256 for INT64). `count` sizes the output up front, so callers bound it by metadata.
public enum DeltaBinaryPackedDecoder {
    /// Decodes `count` values (the header's total must be at least `count`), appending to `out`.
    /// Returns the bytes consumed up to the end of the miniblock holding the last decoded value.
    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int32]) throws -> Int {
        try decodeInto(bytes, count: count, into: &out)
    }

    @discardableResult
    public static func decode(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [Int64]) throws -> Int {
        try decodeInto(bytes, count: count, into: &out)
    }

    static func decodeInto<T: FixedWidthInteger>(_ bytes: UnsafeRawBufferPointer, count: Int, into out: inout [T]) throws -> Int {
        try checkCount(count)
        return try out.appendFilled(count, with: 0) { dst in
            var cursor = ByteCursor(bytes)
            try decodeCore(&cursor, count: count, into: dst)
            return cursor.position
        }
    }

    static func decodeCore<T: FixedWidthInteger>(
        _ cursor: inout ByteCursor, count: Int, into dst: UnsafeMutableBufferPointer<T>
    ) throws {
        let blockSize = try cursor.readCount("DELTA_BINARY_PACKED block size")
        let miniblocks = try cursor.readCount("DELTA_BINARY_PACKED miniblock count")
        let total = try cursor.readULEB128("DELTA_BINARY_PACKED total value count")
        let first = try cursor.readZigZag("DELTA_BINARY_PACKED first value")
        guard blockSize > 0, blockSize % 128 == 0, miniblocks > 0, blockSize % miniblocks == 0,
              (blockSize / miniblocks) % 32 == 0 else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED: invalid block size \(blockSize) / \(miniblocks) miniblocks")
        }
        guard total >= UInt64(count) else {
            throw ParquetError.corrupt("DELTA_BINARY_PACKED: header holds \(total) values, \(count) expected")
        }
        guard count > 0 else { return }
        let perMiniblock = blockSize / miniblocks
        var last = UInt64(bitPattern: first)
        dst[0] = T(truncatingIfNeeded: last)
        var produced = 1
        // A miniblock is unpacked into `deltas` in one tight pass, then summed in another.
        let deltas = UnsafeMutablePointer<UInt64>.allocate(capacity: min(perMiniblock, count))  // the header's size is untrusted
        defer { deltas.deallocate() }
        while produced < count {
            let minDelta = UInt64(bitPattern: try cursor.readZigZag("DELTA_BINARY_PACKED min delta"))
            let widths = try cursor.take(miniblocks, "DELTA_BINARY_PACKED bit widths")
            for m in 0..<miniblocks where produced < count {
                let width = Int(widths[m])
                guard width <= 64 else {
                    throw ParquetError.corrupt("DELTA_BINARY_PACKED: miniblock bit width \(width) exceeds 64")
                }
                let n = min(perMiniblock, count - produced)
                let needed = BitPacking.byteCount(values: n, bitWidth: width)!
                guard needed <= cursor.remaining else {
                    throw ParquetError.corrupt("DELTA_BINARY_PACKED: miniblock needs \(needed) bytes, \(cursor.remaining) left")
                }
                if width == 0 {
                    for k in 0..<n {
                        last = last &+ minDelta
                        dst[produced + k] = T(truncatingIfNeeded: last)
                    }
                } else if n == 32 && width <= 32 && cursor.remaining >= 4 * width + 8 {
                    // A whole miniblock with a word of slack: unpacked and summed in one pass, the loop
                    // specialized for its bit width (see `sum32`).
                    let base = cursor.rest.baseAddress!
                    switch width {
                    case 1: sum32(base, 1, minDelta, &last, dst.baseAddress! + produced)
                    case 2: sum32(base, 2, minDelta, &last, dst.baseAddress! + produced)
                    case 3: sum32(base, 3, minDelta, &last, dst.baseAddress! + produced)
                    case 4: sum32(base, 4, minDelta, &last, dst.baseAddress! + produced)
                    case 5: sum32(base, 5, minDelta, &last, dst.baseAddress! + produced)
                    case 6: sum32(base, 6, minDelta, &last, dst.baseAddress! + produced)
                    case 7: sum32(base, 7, minDelta, &last, dst.baseAddress! + produced)
                    case 8: sum32(base, 8, minDelta, &last, dst.baseAddress! + produced)
                    case 9: sum32(base, 9, minDelta, &last, dst.baseAddress! + produced)
                    case 10: sum32(base, 10, minDelta, &last, dst.baseAddress! + produced)
                    case 11: sum32(base, 11, minDelta, &last, dst.baseAddress! + produced)
                    case 12: sum32(base, 12, minDelta, &last, dst.baseAddress! + produced)
                    case 13: sum32(base, 13, minDelta, &last, dst.baseAddress! + produced)
                    case 14: sum32(base, 14, minDelta, &last, dst.baseAddress! + produced)
                    case 15: sum32(base, 15, minDelta, &last, dst.baseAddress! + produced)
                    case 16: sum32(base, 16, minDelta, &last, dst.baseAddress! + produced)
                    default: sum32(base, width, minDelta, &last, dst.baseAddress! + produced)
                    }
                } else {
                    // Unpacked from everything left: later bytes are slack for whole-word loads.
                    BitPacking.unpackCore(cursor.rest, count: n, bitWidth: width, into: deltas)
                    for k in 0..<n {
                        last = last &+ minDelta &+ deltas[k]
                        dst[produced + k] = T(truncatingIfNeeded: last)
                    }
                }
                _ = cursor.takeUpTo(perMiniblock / 8 * width)
                produced += n
            }
        }
    }

    /// Unpacks the 32 deltas of `width` bits (1…32) at `bytes` and adds each (plus `minDelta`) to `last`,
    /// storing every sum. The caller guarantees `4 * width + 8` readable bytes. Eight deltas take `width`
    /// whole bytes, so the miniblock is four groups of eight, each written out: called with a constant
    /// width, every shift and offset is a constant (a loop over all 32 stayed a loop, with a shift by a
    /// register at each value). `minDelta` is added to the delta first, so that the running sum waits on
    /// one addition a value, not two.
    @inline(__always)
    static func sum32<T: FixedWidthInteger>(_ bytes: UnsafeRawPointer, _ width: Int, _ minDelta: UInt64, _ last: inout UInt64,
                                            _ dst: UnsafeMutablePointer<T>) {
        let mask: UInt64 = (1 << UInt64(width)) &- 1
        var running = last
        for group in 0..<4 {
            let base = bytes + group &* width, out = dst + group &* 8
            for j in 0..<8 { add(base, j, width, mask, minDelta, &running, out) }
        }
        last = running
    }

    /// Delta `j` of the group of eight at `base`, added to `running` and stored at `out[j]`.
    @inline(__always)
    private static func add<T: FixedWidthInteger>(_ base: UnsafeRawPointer, _ j: Int, _ width: Int, _ mask: UInt64, _ minDelta: UInt64,
                                                  _ running: inout UInt64, _ out: UnsafeMutablePointer<T>) {
        let bit = j &* width
        let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
        running = running &+ (minDelta &+ ((word >> UInt64(bit & 7)) & mask))
        out[j] = T(truncatingIfNeeded: running)
    }
}
