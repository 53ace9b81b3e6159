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
        guard let total = byteCount(values: values.count, bitWidth: bitWidth), total > 0, let base = values.baseAddress else { return }
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) &- 1
        let start = out.count
        out.append(contentsOf: repeatElement(0, count: total))
        out.withUnsafeMutableBytes { raw in
            let dst = raw.baseAddress! + start
            // Whole groups of 8 values fill `bitWidth` bytes each; the last few values, if any, are
            // packed into a zeroed group of their own and only its needed bytes kept.
            let groups = values.count / 8
            packGroups(base, groups: groups, bitWidth: bitWidth, mask: mask, into: dst)
            let rest = values.count - groups * 8
            guard rest > 0 else { return }
            var tail = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
            withUnsafeMutableBytes(of: &tail) { tailValues in
                let tailBase = tailValues.baseAddress!.assumingMemoryBound(to: UInt64.self)
                for k in 0..<rest { tailBase[k] = UInt64(truncatingIfNeeded: base[groups * 8 + k]) }
                withUnsafeTemporaryAllocation(byteCount: 64, alignment: 8) { packed in
                    packGroups(UnsafePointer(tailBase), groups: 1, bitWidth: bitWidth, mask: mask, into: packed.baseAddress!)
                    (dst + groups * bitWidth).copyMemory(from: packed.baseAddress!, byteCount: total - groups * bitWidth)
                }
            }
        }
    }

    /// Packs `count` values (a multiple of 8) of `bitWidth` (0…64) bits, already masked, into exactly
    /// `count / 8 * bitWidth` bytes at `dst`, which the caller has made room for.
    @inline(__always)
    static func packWhole(_ values: UnsafePointer<UInt64>, count: Int, bitWidth: Int, into dst: UnsafeMutableRawPointer) {
        packGroups(values, groups: count / 8, bitWidth: bitWidth, mask: ~0, into: dst)
    }

    /// Groups of 8 values, each group into `bitWidth` bytes. Each width up to 32 gets a loop of its own,
    /// so that every shift and store position is a constant and the group unrolls without branches.
    static func packGroups<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafePointer<T>, groups: Int, bitWidth: Int, mask: UInt64, into dst: UnsafeMutableRawPointer
    ) {
        switch bitWidth {
        case 0: return
        case 1: packFixed(values, groups, 1, mask, dst)
        case 2: packFixed(values, groups, 2, mask, dst)
        case 3: packFixed(values, groups, 3, mask, dst)
        case 4: packFixed(values, groups, 4, mask, dst)
        case 5: packFixed(values, groups, 5, mask, dst)
        case 6: packFixed(values, groups, 6, mask, dst)
        case 7: packFixed(values, groups, 7, mask, dst)
        case 8: packFixed(values, groups, 8, mask, dst)
        case 9: packFixed(values, groups, 9, mask, dst)
        case 10: packFixed(values, groups, 10, mask, dst)
        case 11: packFixed(values, groups, 11, mask, dst)
        case 12: packFixed(values, groups, 12, mask, dst)
        case 13: packFixed(values, groups, 13, mask, dst)
        case 14: packFixed(values, groups, 14, mask, dst)
        case 15: packFixed(values, groups, 15, mask, dst)
        case 16: packFixed(values, groups, 16, mask, dst)
        case 17: packFixed(values, groups, 17, mask, dst)
        case 18: packFixed(values, groups, 18, mask, dst)
        case 19: packFixed(values, groups, 19, mask, dst)
        case 20: packFixed(values, groups, 20, mask, dst)
        case 21: packFixed(values, groups, 21, mask, dst)
        case 22: packFixed(values, groups, 22, mask, dst)
        case 23: packFixed(values, groups, 23, mask, dst)
        case 24: packFixed(values, groups, 24, mask, dst)
        case 25: packFixed(values, groups, 25, mask, dst)
        case 26: packFixed(values, groups, 26, mask, dst)
        case 27: packFixed(values, groups, 27, mask, dst)
        case 28: packFixed(values, groups, 28, mask, dst)
        case 29: packFixed(values, groups, 29, mask, dst)
        case 30: packFixed(values, groups, 30, mask, dst)
        case 31: packFixed(values, groups, 31, mask, dst)
        case 32: packFixed(values, groups, 32, mask, dst)
        default: packFixed(values, groups, bitWidth, mask, dst)
        }
    }

    @inline(__always)
    static func packFixed<T: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafePointer<T>, _ groups: Int, _ bitWidth: Int, _ mask: UInt64, _ dst: UnsafeMutableRawPointer
    ) {
        for g in 0..<groups {
            let v = values + g &* 8
            let out = dst + g &* bitWidth
            var acc: UInt64 = 0
            var bits = 0
            var at = 0
            for j in 0..<8 {
                let value = UInt64(truncatingIfNeeded: v[j]) & mask
                acc |= value &<< UInt64(bits)
                bits &+= bitWidth
                if bits >= 64 {
                    out.storeBytes(of: acc.littleEndian, toByteOffset: at, as: UInt64.self)
                    at &+= 8
                    bits &-= 64
                    acc = bits == 0 ? 0 : value &>> UInt64(bitWidth &- bits)
                }
            }
            // 8 × bitWidth bits is whole bytes: what is left in `acc` is `bits / 8` of them.
            var k = 0
            while k < bits {
                out.storeBytes(of: UInt8(truncatingIfNeeded: acc), toByteOffset: at, as: UInt8.self)
                acc &>>= 8
                at &+= 1
                k &+= 8
            }
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
            // Common widths get a loop of their own, in groups of eight with constant shifts and masks.
            switch bitWidth {
            case 1: unpackGroups(BitWidth1.self, base, fast, dst)
            case 2: unpackGroups(BitWidth2.self, base, fast, dst)
            case 3: unpackGroups(BitWidth3.self, base, fast, dst)
            case 4: unpackGroups(BitWidth4.self, base, fast, dst)
            case 5: unpackGroups(BitWidth5.self, base, fast, dst)
            case 6: unpackGroups(BitWidth6.self, base, fast, dst)
            case 7: unpackGroups(BitWidth7.self, base, fast, dst)
            case 8: unpackGroups(BitWidth8.self, base, fast, dst)
            case 9: unpackGroups(BitWidth9.self, base, fast, dst)
            case 10: unpackGroups(BitWidth10.self, base, fast, dst)
            case 11: unpackGroups(BitWidth11.self, base, fast, dst)
            case 12: unpackGroups(BitWidth12.self, base, fast, dst)
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

    /// `unpackWords` for a width fixed where the code is compiled (its own specialization, see
    /// `StaticBitWidth`): eight values take `bits` whole bytes, so each group of eight is written out with
    /// constant offsets, shifts and masks; the last few values go through `unpackWords`.
    private static func unpackGroups<Width: StaticBitWidth, T: FixedWidthInteger & UnsignedInteger>(
        _: Width.Type, _ base: UnsafeRawPointer, _ count: Int, _ dst: UnsafeMutablePointer<T>
    ) {
        let width = Width.bits
        let mask: UInt64 = (1 << UInt64(width)) &- 1
        let groups = count / 8
        for g in 0..<groups {
            let group = base + g &* width, out = dst + g &* 8
            for k in 0..<8 {
                let bit = k &* width
                let word = UInt64(littleEndian: group.loadUnaligned(fromByteOffset: bit >> 3, as: UInt64.self))
                out[k] = T(truncatingIfNeeded: (word >> UInt64(bit & 7)) & mask)
            }
        }
        unpackWords(base + groups &* width, count &- groups &* 8, width, dst + groups &* 8)
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

/// A bit width fixed where the code is compiled: a generic loop specialized for one has constant shifts
/// and masks, where a width passed as an argument can stay a variable.
protocol StaticBitWidth {
    static var bits: Int { get }
}

enum BitWidth1: StaticBitWidth { static var bits: Int { 1 } }
enum BitWidth2: StaticBitWidth { static var bits: Int { 2 } }
enum BitWidth3: StaticBitWidth { static var bits: Int { 3 } }
enum BitWidth4: StaticBitWidth { static var bits: Int { 4 } }
enum BitWidth5: StaticBitWidth { static var bits: Int { 5 } }
enum BitWidth6: StaticBitWidth { static var bits: Int { 6 } }
enum BitWidth7: StaticBitWidth { static var bits: Int { 7 } }
enum BitWidth8: StaticBitWidth { static var bits: Int { 8 } }
enum BitWidth9: StaticBitWidth { static var bits: Int { 9 } }
enum BitWidth10: StaticBitWidth { static var bits: Int { 10 } }
enum BitWidth11: StaticBitWidth { static var bits: Int { 11 } }
enum BitWidth12: StaticBitWidth { static var bits: Int { 12 } }
