import Columnar

/// `+ - * / // %` and unary minus, as DuckDB computes them:
/// - integers: overflow is an error (also `-x` of the minimum, and of any non-zero unsigned value);
///   `//` truncates toward zero; `%` takes the dividend's sign; a zero divisor is an error;
///   `MIN // -1` overflows while `MIN % -1` is 0;
/// - floats: IEEE arithmetic (`x / 0` is ±inf or NaN); `//` divides plainly but a zero divisor is an
///   error; `%` is C's `fmod` (so `x % 0` is NaN).
extension ExpressionEvaluator {
    func arithmetic(_ op: ArithmeticOperator, _ a: Vector, _ b: Vector, count: Int,
                    expression: BoundExpression) throws(SQLEvaluationError) -> Vector {
        let (n, constant) = resultCount(a, b, count: count)
        let validity = mergedValidity([a, b], count: n)
        let sa = a.stride, sb = b.stride
        let buffer: ColumnBuffer
        switch (a.column.buffer, b.column.buffer) {
        case (.int8(let x), .int8(let y)): buffer = .int8(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.int16(let x), .int16(let y)): buffer = .int16(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.int32(let x), .int32(let y)): buffer = .int32(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.int64(let x), .int64(let y)): buffer = .int64(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.uint8(let x), .uint8(let y)): buffer = .uint8(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.uint16(let x), .uint16(let y)): buffer = .uint16(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.uint32(let x), .uint32(let y)): buffer = .uint32(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.uint64(let x), .uint64(let y)): buffer = .uint64(try integers(op, x, sa, y, sb, n, validity, expression))
        case (.float32(let x), .float32(let y)): buffer = .float32(try floats(op, x, sa, y, sb, n, validity, expression))
        case (.float64(let x), .float64(let y)): buffer = .float64(try floats(op, x, sa, y, sb, n, validity, expression))
        default:
            throw SQLEvaluationError("cannot apply '\(op.rawValue)' to \(a.type) and \(b.type): \(expression)")
        }
        return Vector(Column(type: a.type, buffer: buffer, validity: validity), isConstant: constant)
    }

    private func integers<T: FixedWidthInteger>(_ op: ArithmeticOperator, _ x: [T], _ sx: Int, _ y: [T], _ sy: Int, _ n: Int,
                                                _ validity: [Bool]?, _ expression: BoundExpression) throws(SQLEvaluationError) -> [T] {
        var flags: UInt8 = 0
        let out = x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                [T](unsafeUninitializedCapacity: n) { po, initialized in
                    switch op {
                    case .add:
                        for i in 0..<n {
                            let (r, o) = px[i &* sx].addingReportingOverflow(py[i &* sy])
                            po[i] = r
                            flags |= bit(o)
                        }
                    case .subtract:
                        for i in 0..<n {
                            let (r, o) = px[i &* sx].subtractingReportingOverflow(py[i &* sy])
                            po[i] = r
                            flags |= bit(o)
                        }
                    case .multiply:
                        for i in 0..<n {
                            let (r, o) = px[i &* sx].multipliedReportingOverflow(by: py[i &* sy])
                            po[i] = r
                            flags |= bit(o)
                        }
                    case .integerDivide, .divide:
                        // A zero divisor reports overflow (and does not trap); MIN / -1 too.
                        for i in 0..<n {
                            let (r, o) = px[i &* sx].dividedReportingOverflow(by: py[i &* sy])
                            po[i] = r
                            flags |= bit(o)
                        }
                    case .modulo:
                        for i in 0..<n {
                            let d = py[i &* sy]
                            po[i] = px[i &* sx].remainderReportingOverflow(dividingBy: d).partialValue
                            flags |= bit(d == 0)
                        }
                    }
                    initialized = n
                }
            }
        }
        if flags != 0 {
            // Only a non-NULL row may fail; report the first one as DuckDB would.
            for i in 0..<n where validity?[i] ?? true {
                let l = x[i * sx], r = y[i * sy]
                switch op {
                case .add where l.addingReportingOverflow(r).overflow,
                     .subtract where l.subtractingReportingOverflow(r).overflow,
                     .multiply where l.multipliedReportingOverflow(by: r).overflow:
                    throw overflow(op, l, r, type: T.self)
                case .integerDivide where r == 0, .divide where r == 0, .modulo where r == 0:
                    throw SQLEvaluationError("division by zero in \"\(expression)\"")
                case .integerDivide where l.dividedReportingOverflow(by: r).overflow:
                    throw overflow(op, l, r, type: T.self)
                default:
                    continue
                }
            }
        }
        return out
    }

    private func overflow<T: FixedWidthInteger>(_ op: ArithmeticOperator, _ l: T, _ r: T, type: T.Type) -> SQLEvaluationError {
        let name: String
        switch op {
        case .add: name = "addition"
        case .subtract: name = "subtraction"
        case .multiply: name = "multiplication"
        default: name = "division"
        }
        return SQLEvaluationError("overflow in \(T.isSigned ? "" : "u")int\(T.bitWidth) \(name): \(l) \(op.rawValue) \(r)")
    }

    private func floats<T: BinaryFloatingPoint>(_ op: ArithmeticOperator, _ x: [T], _ sx: Int, _ y: [T], _ sy: Int, _ n: Int,
                                                _ validity: [Bool]?, _ expression: BoundExpression) throws(SQLEvaluationError) -> [T] {
        var flags: UInt8 = 0
        let out = x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                [T](unsafeUninitializedCapacity: n) { po, initialized in
                    switch op {
                    case .add: for i in 0..<n { po[i] = px[i &* sx] + py[i &* sy] }
                    case .subtract: for i in 0..<n { po[i] = px[i &* sx] - py[i &* sy] }
                    case .multiply: for i in 0..<n { po[i] = px[i &* sx] * py[i &* sy] }
                    case .divide: for i in 0..<n { po[i] = px[i &* sx] / py[i &* sy] }
                    case .integerDivide:
                        for i in 0..<n {
                            let d = py[i &* sy]
                            po[i] = px[i &* sx] / d
                            flags |= bit(d == 0)
                        }
                    case .modulo: for i in 0..<n { po[i] = px[i &* sx].truncatingRemainder(dividingBy: py[i &* sy]) }
                    }
                    initialized = n
                }
            }
        }
        if flags != 0 {
            for i in 0..<n where (validity?[i] ?? true) && y[i * sy] == 0 {
                throw SQLEvaluationError("division by zero in \"\(expression)\"")
            }
        }
        return out
    }

    func negate(_ v: Vector, expression: BoundExpression) throws(SQLEvaluationError) -> Vector {
        func integers<T: FixedWidthInteger>(_ x: [T]) throws(SQLEvaluationError) -> [T] {
            var flags: UInt8 = 0
            let out = x.map { value in
                let (r, o) = T.zero.subtractingReportingOverflow(value)
                flags |= bit(o)
                return r
            }
            if flags != 0 {
                for i in x.indices where !v.isNull(i) && T.zero.subtractingReportingOverflow(x[i]).overflow {
                    throw SQLEvaluationError("overflow in negation of \(T.isSigned ? "" : "u")int\(T.bitWidth) \(x[i])")
                }
            }
            return out
        }
        let buffer: ColumnBuffer
        switch v.column.buffer {
        case .int8(let x): buffer = .int8(try integers(x))
        case .int16(let x): buffer = .int16(try integers(x))
        case .int32(let x): buffer = .int32(try integers(x))
        case .int64(let x): buffer = .int64(try integers(x))
        case .uint8(let x): buffer = .uint8(try integers(x))
        case .uint16(let x): buffer = .uint16(try integers(x))
        case .uint32(let x): buffer = .uint32(try integers(x))
        case .uint64(let x): buffer = .uint64(try integers(x))
        case .float32(let x): buffer = .float32(x.map { -$0 })
        case .float64(let x): buffer = .float64(x.map { -$0 })
        default: throw SQLEvaluationError("cannot negate \(v.type): \(expression)")
        }
        return Vector(Column(type: v.type, buffer: buffer, validity: v.column.validity), isConstant: v.isConstant)
    }
}
