import Columnar

/// Which type two operands meet in, following DuckDB's implicit casts.
enum TypeCoercion {
    private static let signed: [DataType] = [.int8, .int16, .int32, .int64]
    private static let unsigned: [DataType] = [.uint8, .uint16, .uint32, .uint64]

    static func isNumeric(_ type: DataType) -> Bool { type.isInteger || type.isFloatingPoint }

    /// DuckDB's "max logical type" of two numeric types: the wider of two signed or two unsigned
    /// integers; a signed and an unsigned integer meet in the smallest signed type holding both
    /// (uint64 with a signed type meets in int64 here — DuckDB uses HUGEINT — so values beyond
    /// int64 fail to convert rather than being compared wrongly); float32 absorbs every integer;
    /// float64 absorbs everything.
    static func commonNumeric(_ a: DataType, _ b: DataType) -> DataType? {
        guard isNumeric(a), isNumeric(b) else { return nil }
        if a == b { return a }
        if a == .float64 || b == .float64 { return .float64 }
        if a == .float32 || b == .float32 { return .float32 }
        if let x = signed.firstIndex(of: a), let y = signed.firstIndex(of: b) { return signed[max(x, y)] }
        if let x = unsigned.firstIndex(of: a), let y = unsigned.firstIndex(of: b) { return unsigned[max(x, y)] }
        let (s, u) = signed.contains(a) ? (a, b) : (b, a)
        let si = signed.firstIndex(of: s)!, ui = unsigned.firstIndex(of: u)!
        return signed[min(3, max(si, ui + 1))]
    }

    /// The type integer arithmetic (`+ - * // %`) happens in, as DuckDB resolves its overloads: like
    /// `commonNumeric`, except that a signed and an unsigned integer meet in the signed type when it is
    /// wider, and in int64 otherwise (TINYINT + UTINYINT is BIGINT, SMALLINT + UTINYINT SMALLINT).
    static func arithmetic(_ a: DataType, _ b: DataType) -> DataType? {
        guard let common = commonNumeric(a, b) else { return nil }
        guard a.isInteger, b.isInteger, a.isSigned != b.isSigned else { return common }
        let (s, u) = a.isSigned ? (a, b) : (b, a)
        let si = signed.firstIndex(of: s)!, ui = unsigned.firstIndex(of: u)!
        return si > ui ? s : .int64
    }

    /// The type two non-literal operands meet in, or nil when they do not meet at all.
    static func common(_ a: DataType, _ b: DataType) -> DataType? {
        if a == b { return a }
        return commonNumeric(a, b)
    }

    /// The type of an integer literal on its own: INTEGER when its magnitude fits (DuckDB types the
    /// digits before applying a minus, so -2147483648 is BIGINT), else BIGINT; beyond that UBIGINT,
    /// then DOUBLE (DuckDB would say HUGEINT / DECIMAL).
    static func integerLiteralType(_ value: IntegerLiteral) -> DataType {
        switch value {
        case .signed(let v): return v.magnitude <= UInt64(Int32.max) ? .int32 : .int64
        case .unsigned: return .uint64
        case .tooLarge: return .float64
        }
    }

    /// Whether an integer literal's value fits `type`, so that `tinyint_column + 1` stays TINYINT.
    static func integerLiteral(_ value: IntegerLiteral, fits type: DataType) -> Bool {
        switch (value, type) {
        case (.signed(let v), .int8): return Int8(exactly: v) != nil
        case (.signed(let v), .int16): return Int16(exactly: v) != nil
        case (.signed(let v), .int32): return Int32(exactly: v) != nil
        case (.signed, .int64): return true
        case (.signed(let v), .uint8): return UInt8(exactly: v) != nil
        case (.signed(let v), .uint16): return UInt16(exactly: v) != nil
        case (.signed(let v), .uint32): return UInt32(exactly: v) != nil
        case (.signed(let v), .uint64): return v >= 0
        case (.unsigned, .uint64): return true
        case (_, .float32), (_, .float64): return true
        default: return false
        }
    }

    /// An integer literal's value, as far as Swift's fixed-width types reach.
    enum IntegerLiteral: Hashable {
        case signed(Int64)
        case unsigned(UInt64)
        case tooLarge(Double)

        init(_ digits: String) {
            if let v = Int64(digits) {
                self = .signed(v)
            } else if let u = UInt64(digits) {
                self = .unsigned(u)
            } else {
                self = .tooLarge(Double(digits) ?? .infinity)
            }
        }

        var value: Value {
            switch self {
            case .signed(let v): return .int(v)
            case .unsigned(let u): return .uint(u)
            case .tooLarge(let d): return .double(d)
            }
        }
    }
}
