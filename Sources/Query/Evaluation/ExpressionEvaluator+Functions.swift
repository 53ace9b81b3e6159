import Columnar
import Foundation

/// Scalar functions. Numeric ones follow DuckDB 2.0:
/// - `ln`, `log10`, `sqrt` of a negative number are NaN and `ln(0)` is -inf (no error); `exp`
///   overflows to inf. DuckDB has no `log1p`: here it is ln(1 + x), computed accurately near 0.
/// - `round(x)` rounds half away from zero; `round(x, n)` rounds to n decimals, half away from zero
///   on the exact binary value (see `round(_:digits:)`); on integers a negative `n` rounds to tens,
///   hundreds, … half away from zero (overflow is an error).
/// - `abs` of an integer's minimum is an overflow error.
extension ExpressionEvaluator {
    func call(_ function: ScalarFunction, _ arguments: [Vector], type: DataType, count: Int,
              expression: BoundExpression) throws(SQLEvaluationError) -> Vector {
        guard let first = arguments.first else { throw SQLEvaluationError("\(function.name) needs an argument") }
        switch function {
        case .abs:
            return try unaryNumeric(first, expression: expression, integers: { (x: Int64) throws(SQLEvaluationError) -> Int64 in
                guard x != .min else { throw SQLEvaluationError("overflow in abs(\(x))") }
                return Swift.abs(x)
            }, floats: { Swift.abs($0) })
        case .round:
            if arguments.count == 2 { return try roundToPrecision(first, arguments[1], count: count, expression: expression) }
            return try unaryNumeric(first, expression: expression, integers: { (x: Int64) throws(SQLEvaluationError) -> Int64 in x },
                                    floats: { x in
                                        let r = x.rounded(.toNearestOrAwayFromZero)
                                        return r.isFinite ? r : x
                                    })
        // A negative argument gives a positive NaN, as in DuckDB (the C functions give -nan).
        case .ln: return try doubles(first) { $0 < 0 ? .nan : Foundation.log($0) }
        case .log10: return try doubles(first) { $0 < 0 ? .nan : Foundation.log10($0) }
        case .log1p: return try doubles(first) { $0 < -1 ? .nan : Foundation.log1p($0) }
        case .exp: return try doubles(first) { Foundation.exp($0) }
        case .sqrt: return try doubles(first) { $0.squareRoot() }
        case .lower, .upper:
            guard case .bytes(let v) = first.column.buffer else { throw SQLEvaluationError("\(function.name) needs text") }
            let mapped = mapText(v, function == .lower ? CaseMapping.lowercase : CaseMapping.uppercase)
            return Vector(Column(type: .string, buffer: .bytes(mapped), validity: first.column.validity), isConstant: first.isConstant)
        case .length:
            guard case .bytes(let v) = first.column.buffer else { throw SQLEvaluationError("length needs text") }
            return Vector(Column(type: .int64, buffer: .int64(length(v)), validity: first.column.validity), isConstant: first.isConstant)
        case .substring:
            guard arguments.count >= 2 else { throw SQLEvaluationError("substring needs a start") }
            return try substring(first, arguments[1], arguments.count > 2 ? arguments[2] : nil, count: count)
        }
    }

    private func doubles(_ v: Vector, _ f: (Double) -> Double) throws(SQLEvaluationError) -> Vector {
        guard case .float64(let x) = v.column.buffer else { throw SQLEvaluationError("expected float64, not \(v.type)") }
        return Vector(Column(type: .float64, buffer: .float64(x.map(f)), validity: v.column.validity), isConstant: v.isConstant)
    }

    /// Applies an integer function (through Int64, checked back into the column's type) or a float
    /// function (through Double) to every non-NULL row.
    private func unaryNumeric(_ v: Vector, expression: BoundExpression,
                              integers: (Int64) throws(SQLEvaluationError) -> Int64,
                              floats: (Double) -> Double) throws(SQLEvaluationError) -> Vector {
        func ints<T: FixedWidthInteger>(_ x: [T]) throws(SQLEvaluationError) -> [T] {
            var out = x
            for i in x.indices where !v.isNull(i) {
                if !T.isSigned { continue } // unsigned values are their own abs and round
                let r = try integers(Int64(x[i]))
                guard let narrowed = T(exactly: r) else { throw SQLEvaluationError("overflow in \(expression)") }
                out[i] = narrowed
            }
            return out
        }
        let buffer: ColumnBuffer
        switch v.column.buffer {
        case .int8(let x): buffer = .int8(try ints(x))
        case .int16(let x): buffer = .int16(try ints(x))
        case .int32(let x): buffer = .int32(try ints(x))
        case .int64(let x): buffer = .int64(try ints(x))
        case .uint8, .uint16, .uint32, .uint64: buffer = v.column.buffer
        case .float32(let x): buffer = .float32(x.map { Float(floats(Double($0))) })
        case .float64(let x): buffer = .float64(x.map(floats))
        default: throw SQLEvaluationError("expected a number, not \(v.type): \(expression)")
        }
        return Vector(Column(type: v.type, buffer: buffer, validity: v.column.validity), isConstant: v.isConstant)
    }

    private func roundToPrecision(_ v: Vector, _ precision: Vector, count: Int,
                                  expression: BoundExpression) throws(SQLEvaluationError) -> Vector {
        guard case .int64(let digits) = precision.column.buffer else { throw SQLEvaluationError("round needs an integer precision") }
        let (n, constant) = resultCount(v, precision, count: count)
        let validity = mergedValidity([v, precision], count: n)
        @inline(__always) func valid(_ i: Int) -> Bool { validity?[i] ?? true }
        func floats<T: BinaryFloatingPoint>(_ x: [T]) -> [T] {
            (0..<n).map { i in
                let value = x[i * v.stride]
                guard valid(i) else { return value }
                return T(Self.round(Double(value), digits: digits[i * precision.stride]))
            }
        }
        func ints<T: FixedWidthInteger>(_ x: [T]) throws(SQLEvaluationError) -> [T] {
            var out = [T](repeating: 0, count: n)
            for i in 0..<n {
                let value = x[i * v.stride]
                out[i] = value
                guard valid(i) else { continue }
                guard let r = Self.round(value, digits: digits[i * precision.stride]) else {
                    throw SQLEvaluationError("overflow in ROUND of \(value) in \"\(expression)\"")
                }
                out[i] = r
            }
            return out
        }
        let buffer: ColumnBuffer
        switch v.column.buffer {
        case .int8(let x): buffer = .int8(try ints(x))
        case .int16(let x): buffer = .int16(try ints(x))
        case .int32(let x): buffer = .int32(try ints(x))
        case .int64(let x): buffer = .int64(try ints(x))
        case .uint8(let x): buffer = .uint8(try ints(x))
        case .uint16(let x): buffer = .uint16(try ints(x))
        case .uint32(let x): buffer = .uint32(try ints(x))
        case .uint64(let x): buffer = .uint64(try ints(x))
        case .float32(let x): buffer = .float32(floats(x))
        case .float64(let x): buffer = .float64(floats(x))
        default: throw SQLEvaluationError("round needs a number, not \(v.type)")
        }
        return Vector(Column(type: v.type, buffer: buffer, validity: validity), isConstant: constant)
    }

    /// DuckDB's ROUND(DOUBLE, INTEGER): half away from zero, decided on the double's exact value
    /// (so 4.35, stored as 4.3499…, rounds to 4.3 although 4.35 × 10 is 43.5 in doubles). Where the
    /// scaled value overflows the input comes back unchanged; where 10^-n is infinite the result is 0.
    static func round(_ x: Double, digits: Int64) -> Double {
        guard x.isFinite else { return x }
        let p = Double(max(min(digits, Int64(Int32.max)), Int64(Int32.min)))
        if p < 0 {
            let modifier = Foundation.pow(10, -p)
            if modifier.isInfinite { return 0 }
            let quotient = x / modifier
            // x - quotient × modifier is exact (fused), and says which side of a tie x really is.
            let remainder = -p <= 22 ? x.addingProduct(-quotient, modifier) : 0
            let r = roundHalfAway(quotient, trueValueOffset: remainder) * modifier
            return r.isFinite ? r : x
        }
        let modifier = Foundation.pow(10, p)
        let product = x * modifier
        let error = p <= 22 && product.isFinite ? (-product).addingProduct(x, modifier) : 0
        let r = roundHalfAway(product, trueValueOffset: error) / modifier
        return r.isFinite ? r : x
    }

    /// `v` rounded half away from zero, where the exact value is `v` plus a tiny offset of the given
    /// sign: a `v` exactly halfway between integers is resolved by the offset.
    private static func roundHalfAway(_ v: Double, trueValueOffset offset: Double) -> Double {
        let rounded = v.rounded(.toNearestOrAwayFromZero)
        guard offset != 0, Swift.abs(v - v.rounded(.towardZero)) == 0.5 else { return rounded }
        return (offset > 0) == (v > 0) ? rounded : v.rounded(.towardZero)
    }

    /// An integer rounded to 10^-digits (half away from zero); nil on overflow.
    static func round<T: FixedWidthInteger>(_ x: T, digits: Int64) -> T? {
        guard digits < 0 else { return x }
        let places = -digits
        guard places < 20 else { return 0 } // 10^20 exceeds every 64-bit magnitude
        var power: UInt64 = 1
        for _ in 0..<places { power *= 10 }
        let magnitude = UInt64(x.magnitude)
        var (quotient, remainder) = magnitude.quotientAndRemainder(dividingBy: power)
        if remainder >= power - remainder { quotient += 1 }
        let (rounded, overflow) = quotient.multipliedReportingOverflow(by: power)
        if overflow { return nil }
        if x < 0 {
            guard rounded <= T.min.magnitude else { return nil }
            return rounded == T.min.magnitude ? T.min : 0 - T(rounded)
        }
        return T(exactly: rounded)
    }
}
