/// LSB-first bit packing, as used by the RLE/bit-packed hybrid and DELTA_BINARY_PACKED encodings:
/// value `i` occupies bits `i*bitWidth ..< (i+1)*bitWidth` of the byte stream, least significant bit first.
/// Bit widths are 0…64; values wider than `bitWidth` are masked.
public enum BitPacking {
    /// Bytes needed for `values` values of `bitWidth` bits: `ceil(values * bitWidth / 8)`.
    /// Returns nil when the product overflows.
    public static func byteCount(values: Int, bitWidth: Int) -> Int? {
        let (bits, overflow) = values.multipliedReportingOverflow(by: bitWidth)
        guard !overflow, bits <= Int.max - 7, values >= 0, bitWidth >= 0 else { return nil }
        return (bits + 7) / 8
    }

    // MARK: Packing

    /// Appends the packed form of `values` to `out` (exactly `byteCount(values.count, bitWidth)` bytes).
    public static func pack(_ values: UnsafeBufferPointer<UInt64>, bitWidth: Int, into out: inout [UInt8]) {
        packCore(values, bitWidth: bitWidth, into: &out)
    }

    /// Appends the packed form of `values` to `out`; `bitWidth` is 0…32.
    public static func pack(_ values: UnsafeBufferPointer<UInt32>, bitWidth: Int, into out: inout [UInt8]) {
        precondition(bitWidth <= 32, "BitPacking.pack: bit width \(bitWidth) exceeds 32 for UInt32 values")
        packCore(values, bitWidth: bitWidth, into: &out)
    }

    /// The packed form of `values`.
    public static func pack(_ values: [UInt64], bitWidth: Int) -> [UInt8] {
        var out: [UInt8] = []
        values.withUnsafeBufferPointer { pack($0, bitWidth: bitWidth, into: &out) }
        return out
    }

    static func packCore<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<T>, bitWidth: Int, into out: inout [UInt8]
    ) {
        precondition(bitWidth >= 0 && bitWidth <= 64, "BitPacking.pack: bit width \(bitWidth) outside 0…64")
        guard let total = byteCount(values: values.count, bitWidth: bitWidth), total > 0 else { return }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) &- 1
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: total))
        out.withUnsafeMutableBytes { raw in
            let dst = UnsafeMutableRawBufferPointer(rebasing: raw[start...])
            var acc: UInt64 = 0
            var accBits = 0
            var at = 0
            for v in values {
                let value = UInt64(truncatingIfNeeded: v) & mask
                acc |= value << UInt64(accBits)
                let newBits = accBits + bitWidth
                if newBits >= 64 {
                    dst.storeBytes(of: acc.littleEndian, toByteOffset: at, as: UInt64.self)
                    at += 8
                    acc = accBits == 0 ? 0 : value >> UInt64(64 - accBits)
                    accBits = newBits - 64
                } else {
                    accBits = newBits
                }
            }
            var k = 0
            while k < accBits {
                dst[at] = UInt8(truncatingIfNeeded: acc)
                acc >>= 8
                at += 1
                k += 8
            }
        }
    }

    /// Packs `count` values (a multiple of 8) of `bitWidth` (0…64) bits into exactly `count / 8 * bitWidth`
    /// bytes at `dst`, which the caller has made room for.
    @inline(__always)
    static func packWhole(_ values: UnsafePointer<UInt64>, count: Int, bitWidth: Int, into dst: UnsafeMutableRawPointer) {
        guard bitWidth > 0 else { return }
        var acc: UInt64 = 0
        var accBits = 0
        var at = 0
        for k in 0..<count {
            let value = values[k]
            acc |= value << UInt64(accBits)
            let newBits = accBits &+ bitWidth
            if newBits >= 64 {
                dst.storeBytes(of: acc.littleEndian, toByteOffset: at, as: UInt64.self)
                at &+= 8
                acc = accBits == 0 ? 0 : value >> UInt64(64 &- accBits)
                accBits = newBits &- 64
            } else {
                accBits = newBits
            }
        }
        // count * bitWidth is a multiple of 8 bits: what is left is whole bytes.
        var k = 0
        while k < accBits {
            dst.storeBytes(of: UInt8(truncatingIfNeeded: acc), toByteOffset: at, as: UInt8.self)
            acc >>= 8
            at &+= 1
            k &+= 8
        }
    }

    // MARK: Unpacking

    /// Unpacks `out.count` values of `bitWidth` (0…64) bits from the start of `bytes`.
    public static func unpack(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, into out: UnsafeMutableBufferPointer<UInt64>) throws {
        try checkUnpack(bytes, count: out.count, bitWidth: bitWidth, maxWidth: 64)
        guard let base = out.baseAddress else { return }
        unpackCore(bytes, count: out.count, bitWidth: bitWidth, into: base)
    }

    /// Unpacks `out.count` values of `bitWidth` (0…32) bits from the start of `bytes`.
    public static func unpack(_ bytes: UnsafeRawBufferPointer, bitWidth: Int, into out: UnsafeMutableBufferPointer<UInt32>) throws {
        try checkUnpack(bytes, count: out.count, bitWidth: bitWidth, maxWidth: 32)
        guard let base = out.baseAddress else { return }
        unpackCore(bytes, count: out.count, bitWidth: bitWidth, into: base)
    }

    /// Unpacks `count` values of `bitWidth` (0…64) bits.
    public static func unpack(_ bytes: [UInt8], count: Int, bitWidth: Int) throws -> [UInt64] {
        try checkCount(count)
        try bytes.withUnsafeBytes { try checkUnpack($0, count: count, bitWidth: bitWidth, maxWidth: 64) }
        var out: [UInt64] = []
        try out.appendFilled(count, with: 0) { dst in
            try bytes.withUnsafeBytes { try unpack($0, bitWidth: bitWidth, into: dst) }
        }
        return out
    }

    static func checkUnpack(_ bytes: UnsafeRawBufferPointer, count: Int, bitWidth: Int, maxWidth: Int) throws {
        guard bitWidth >= 0 && bitWidth <= maxWidth else {
            throw ParquetError.corrupt("bit width \(bitWidth) outside 0…\(maxWidth)")
        }
        guard let needed = byteCount(values: count, bitWidth: bitWidth), needed <= bytes.count else {
            throw ParquetError.corrupt("bit-packed data: \(count) values of \(bitWidth) bits need more than \(bytes.count) bytes")
        }
    }

    /// Unchecked core: the caller guarantees `bytes` holds `byteCount(count, bitWidth)` bytes.
    @inline(__always)
    static func unpackCore<T: FixedWidthInteger & UnsignedInteger>(
        _ bytes: UnsafeRawBufferPointer, count: Int, bitWidth: Int, into dst: UnsafeMutablePointer<T>
    ) {
        if bitWidth == 0 {
            dst.update(repeating: 0, count: count)
            return
        }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) &- 1
        var bit = 0
        var i = 0
        // Values whose 8-byte window lies inside `bytes` are read with one unaligned load each and no
        // checks (up to 56 bits a value never straddles the window); the last few take the careful path.
        if bitWidth <= 56, bytes.count >= 8, let base = bytes.baseAddress {
            let fast = Swift.min(count, ((bytes.count - 8) * 8 + 7) / bitWidth + 1)
            // Common widths get a loop of their own: constant shifts and masks, unrolled.
            switch bitWidth {
            case 1: unpackWords(base, fast, 1, dst)
            case 2: unpackWords(base, fast, 2, dst)
            case 3: unpackWords(base, fast, 3, dst)
            case 4: unpackWords(base, fast, 4, dst)
            case 5: unpackWords(base, fast, 5, dst)
            case 6: unpackWords(base, fast, 6, dst)
            case 7: unpackWords(base, fast, 7, dst)
            case 8: unpackWords(base, fast, 8, dst)
            case 9: unpackWords(base, fast, 9, dst)
            case 10: unpackWords(base, fast, 10, dst)
            case 11: unpackWords(base, fast, 11, dst)
            case 12: unpackWords(base, fast, 12, dst)
            default: unpackWords(base, fast, bitWidth, dst)
            }
            i = fast
            bit = fast &* bitWidth
        }
        while i < count {
            dst[i] = T(truncatingIfNeeded: loadBits(bytes, bit: bit, bitWidth: bitWidth) & mask)
            bit &+= bitWidth
            i &+= 1
        }
    }

    /// The first `count` values of `bitWidth` (1…56) bits at `base`, each read with one unaligned 8-byte
    /// load; the caller guarantees every such load lies inside the buffer.
    @inline(__always)
    static func unpackWords<T: FixedWidthInteger & UnsignedInteger>(
        _ base: UnsafeRawPointer, _ count: Int, _ bitWidth: Int, _ dst: UnsafeMutablePointer<T>
    ) {
        let mask: UInt64 = (1 << UInt64(bitWidth)) &- 1
        var bit = 0
        var i = 0
        while i < count {
            let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
            dst[i] = T(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            bit &+= bitWidth
            i &+= 1
        }
    }

    /// The (unmasked) 64 bits starting at bit offset `bit`; bits past the end of `bytes` read as zero.
    /// The caller guarantees that the `bitWidth` bits at `bit` lie within `bytes`.
    @inline(__always)
    static func loadBits(_ bytes: UnsafeRawBufferPointer, bit: Int, bitWidth: Int) -> UInt64 {
        let byte = bit >> 3
        let shift = UInt64(bit & 7)
        if byte &+ 8 <= bytes.count {
            var word = UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: byte, as: UInt64.self)) >> shift
            if Int(shift) &+ bitWidth > 64 {
                word |= UInt64(bytes[byte &+ 8]) << (64 &- shift)
            }
            return word
        }
        var word: UInt64 = 0
        var k = 0
        while byte &+ k < bytes.count && k < 8 {
            word |= UInt64(bytes[byte &+ k]) << UInt64(8 * k)
            k += 1
        }
        return word >> shift
    }
}
