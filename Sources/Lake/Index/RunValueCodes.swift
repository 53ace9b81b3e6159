import Columnar

/// Whole values from 0 to 65,535 as one- or two-byte codes: the gene index's sort keeps, spills and
/// merges its runs' values this way when every value of a batch is one (counts nearly always are), so a
/// float32 count travels as one byte or two instead of four. A code is the value itself; it comes back
/// bit for bit (-0.0, NaN and fractions are never coded).
enum RunValueCodes {
    /// Whether values of `type` can be coded narrower than they are stored.
    static func applies(to type: DataType) -> Bool {
        switch type {
        case .int16, .uint16, .int32, .uint32, .int64, .uint64, .float32, .float64: return true
        default: return false
        }
    }

    /// The codes of `count` values of `type` (laid out as `MatrixValueBytes` hands them) as two bytes each,
    /// and the width that holds them all (1 when each is below 256); nil when some value has no code.
    static func encode(_ values: UnsafeRawBufferPointer, type: DataType, count: Int) -> (codes: [UInt16], width: Int)? {
        var codes = [UInt16](repeating: 0, count: count)
        // Without a branch: every value is coded, and one flag says whether all of them round-trip.
        let (exact, union): (Bool, UInt16) = codes.withUnsafeMutableBufferPointer { codes in
            switch type {
            case .float32: return encodeFloats(values.bindMemory(to: UInt32.self), Float.self, into: codes)
            case .float64: return encodeFloats(values.bindMemory(to: UInt64.self), Double.self, into: codes)
            case .int16, .uint16: return encodeIntegers(values.bindMemory(to: UInt16.self), into: codes)
            case .int32, .uint32: return encodeIntegers(values.bindMemory(to: UInt32.self), into: codes)
            case .int64, .uint64: return encodeIntegers(values.bindMemory(to: UInt64.self), into: codes)
            default: return (false, 0)
            }
        }
        guard exact else { return nil }
        let width = union < 256 ? 1 : 2
        // Two-byte integers gain nothing from two-byte codes.
        if width >= MatrixValueBytes.width(of: type) ?? 0 { return nil }
        return (codes, width)
    }

    // A whole number below 2^16 plus 2^23 (2^52 for a Double) is a float whose low mantissa bits are that
    // number: codes and their values come from bit operations and one addition, with no conversion that
    // checks its range and no branch. A value out of range (NaN too, which the clamp passes through) or
    // not whole gives a code whose value differs from it, and so fails the round trip; so does -0.0,
    // whose code is that of +0.0.
    private static func encodeFloats<F: CodedFloat>(_ values: UnsafeBufferPointer<F.Bits>, _: F.Type,
                                                    into codes: UnsafeMutableBufferPointer<UInt16>) -> (Bool, UInt16) {
        let magic = F.wholeMagic, magicBits = magic.bitPattern
        var mismatch: F.Bits = 0, union: UInt16 = 0
        for i in 0..<values.count {
            let bits = values[i]
            let value = F(bitPattern: bits)
            let clamped = value < 0 ? 0 : (value > 65535 ? 65535 : value)
            let code = UInt16(truncatingIfNeeded: (clamped + magic).bitPattern)
            mismatch |= (F(bitPattern: magicBits | F.Bits(code)) - magic).bitPattern ^ bits
            codes[i] = code
            union |= code
        }
        return (mismatch == 0, union)
    }

    /// Integers whose bits read as unsigned are below 65,536: negative signed ones never are.
    private static func encodeIntegers<Bits: FixedWidthInteger & UnsignedInteger>(
        _ values: UnsafeBufferPointer<Bits>, into codes: UnsafeMutableBufferPointer<UInt16>
    ) -> (Bool, UInt16) {
        var high: Bits = 0, union: UInt16 = 0
        for i in 0..<values.count {
            let bits = values[i]
            high |= bits >> 16
            let code = UInt16(truncatingIfNeeded: bits)
            codes[i] = code
            union |= code
        }
        return (high == 0, union)
    }

    /// Writes `count` values of `type` decoded from codes of `width` bytes at `codes` to `values`.
    static func decode(_ codes: UnsafeRawPointer, width: Int, count: Int, type: DataType, into values: UnsafeMutableRawPointer) {
        if width == 1 {
            decode(codes.assumingMemoryBound(to: UInt8.self), count: count, type: type, into: values)
        } else {
            decode(codes.assumingMemoryBound(to: UInt16.self), count: count, type: type, into: values)
        }
    }

    private static func decode<Code: FixedWidthInteger & UnsignedInteger>(_ codes: UnsafePointer<Code>, count: Int, type: DataType,
                                                                          into values: UnsafeMutableRawPointer) {
        func write<T>(_: T.Type, _ convert: (Code) -> T) {
            let out = values.assumingMemoryBound(to: T.self)
            for i in 0..<count { out[i] = convert(codes[i]) }
        }
        switch type {
        case .float32: write(Float.self) { Float($0) }
        case .float64: write(Double.self) { Double($0) }
        case .int16, .uint16: write(UInt16.self) { UInt16($0) }
        case .int32, .uint32: write(UInt32.self) { UInt32($0) }
        default: write(UInt64.self) { UInt64($0) }
        }
    }
}

/// Float and Double through their bit patterns, and the power of two past which every value is whole.
private protocol CodedFloat: BinaryFloatingPoint {
    associatedtype Bits: FixedWidthInteger & UnsignedInteger
    init(bitPattern: Bits)
    var bitPattern: Bits { get }
    static var wholeMagic: Self { get }
}

extension Float: CodedFloat {
    static var wholeMagic: Float { 8_388_608 }  // 2^23
}

extension Double: CodedFloat {
    static var wholeMagic: Double { 4_503_599_627_370_496 }  // 2^52
}
