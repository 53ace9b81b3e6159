import Columnar
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Comparisons, as DuckDB orders values:
/// - floats in a total order: NaN equals NaN and is greater than everything, −0.0 equals 0.0;
/// - text by its UTF-8 bytes (so 'B' < 'a' < 'é'), a prefix first;
/// - false < true; a signed integer against uint64 exactly.
extension ExpressionEvaluator {
    func compare(_ op: ComparisonOperator, _ a: Vector, _ b: Vector, count: Int) throws(SQLEvaluationError) -> Vector {
        let (n, constant) = resultCount(a, b, count: count)
        let values = try compareValues(op, a, b, count: n)
        return Vector(Column(type: .boolean, buffer: .boolean(values), validity: mergedValidity([a, b], count: n)),
                      isConstant: constant)
    }

    /// `op` applied to every row's values, ignoring NULLs (their slots hold placeholders).
    func compareValues(_ op: ComparisonOperator, _ a: Vector, _ b: Vector, count n: Int) throws(SQLEvaluationError) -> [Bool] {
        let sa = a.stride, sb = b.stride
        switch (a.column.buffer, b.column.buffer) {
        case (.boolean(let x), .boolean(let y)): return ordered(op, x.map(bit), sa, y.map(bit), sb, n)
        case (.int8(let x), .int8(let y)): return ordered(op, x, sa, y, sb, n)
        case (.int16(let x), .int16(let y)): return ordered(op, x, sa, y, sb, n)
        case (.int32(let x), .int32(let y)): return ordered(op, x, sa, y, sb, n)
        case (.int64(let x), .int64(let y)): return ordered(op, x, sa, y, sb, n)
        case (.uint8(let x), .uint8(let y)): return ordered(op, x, sa, y, sb, n)
        case (.uint16(let x), .uint16(let y)): return ordered(op, x, sa, y, sb, n)
        case (.uint32(let x), .uint32(let y)): return ordered(op, x, sa, y, sb, n)
        case (.uint64(let x), .uint64(let y)): return ordered(op, x, sa, y, sb, n)
        case (.float32(let x), .float32(let y)): return floats(op, x, sa, y, sb, n)
        case (.float64(let x), .float64(let y)): return floats(op, x, sa, y, sb, n)
        case (.bytes(let x), .bytes(let y)):
            // A column read with its dictionary against a constant: each distinct value is compared once.
            if b.isConstant, !a.isConstant, let codes = a.column.dictionary, codes.values.count < n {
                return Self.lookUp(codes.indices, in: bytes(op, codes.values, 1, y, 0, codes.values.count))
            }
            if a.isConstant, !b.isConstant, let codes = b.column.dictionary, codes.values.count < n {
                return Self.lookUp(codes.indices, in: bytes(op, x, 0, codes.values, 1, codes.values.count))
            }
            return bytes(op, x, sa, y, sb, n)
        case (.int64(let x), .uint64(let y)): return mixed(op, x, sa, y, sb, n)
        case (.uint64(let x), .int64(let y)): return mixed(op.flipped, y, sb, x, sa, n)
        default:
            throw SQLEvaluationError("cannot compare \(a.type) with \(b.type)")
        }
    }

    /// The result of each row's dictionary value.
    static func lookUp(_ indices: [UInt32], in perValue: [Bool]) -> [Bool] {
        perValue.withUnsafeBufferPointer { perValue in
            indices.withUnsafeBufferPointer { indices in
                [Bool](unsafeUninitializedCapacity: indices.count) { out, initialized in
                    for row in 0..<indices.count { out[row] = perValue[Int(indices[row])] }
                    initialized = indices.count
                }
            }
        }
    }

    private func ordered<T: Comparable>(_ op: ComparisonOperator, _ x: [T], _ sx: Int, _ y: [T], _ sy: Int, _ n: Int) -> [Bool] {
        switch op {
        case .equal: return loop(x, sx, y, sy, n, ==)
        case .notEqual: return loop(x, sx, y, sy, n, !=)
        case .less: return loop(x, sx, y, sy, n, <)
        case .lessOrEqual: return loop(x, sx, y, sy, n, <=)
        case .greater: return loop(x, sx, y, sy, n, >)
        case .greaterOrEqual: return loop(x, sx, y, sy, n, >=)
        }
    }

    @inline(__always)
    private func loop<T, U>(_ x: [T], _ sx: Int, _ y: [U], _ sy: Int, _ n: Int, _ predicate: (T, U) -> Bool) -> [Bool] {
        x.withUnsafeBufferPointer { px in
            y.withUnsafeBufferPointer { py in
                [Bool](unsafeUninitializedCapacity: n) { out, initialized in
                    for i in 0..<n { out[i] = predicate(px[i &* sx], py[i &* sy]) }
                    initialized = n
                }
            }
        }
    }

    /// NaN is equal to itself and above +inf; otherwise IEEE (so −0.0 == 0.0).
    private func floats<T: BinaryFloatingPoint>(_ op: ComparisonOperator, _ x: [T], _ sx: Int, _ y: [T], _ sy: Int, _ n: Int) -> [Bool] {
        @inline(__always) func equal(_ a: T, _ b: T) -> Bool { a == b || (a.isNaN && b.isNaN) }
        @inline(__always) func less(_ a: T, _ b: T) -> Bool { b.isNaN ? !a.isNaN : a < b }
        switch op {
        case .equal: return loop(x, sx, y, sy, n) { equal($0, $1) }
        case .notEqual: return loop(x, sx, y, sy, n) { !equal($0, $1) }
        case .less: return loop(x, sx, y, sy, n) { less($0, $1) }
        case .lessOrEqual: return loop(x, sx, y, sy, n) { !less($1, $0) }
        case .greater: return loop(x, sx, y, sy, n) { less($1, $0) }
        case .greaterOrEqual: return loop(x, sx, y, sy, n) { !less($0, $1) }
        }
    }

    private func mixed(_ op: ComparisonOperator, _ x: [Int64], _ sx: Int, _ y: [UInt64], _ sy: Int, _ n: Int) -> [Bool] {
        // -1 for less, 0 for equal, 1 for greater.
        @inline(__always) func order(_ a: Int64, _ b: UInt64) -> Int {
            if a < 0 { return -1 }
            let u = UInt64(a)
            return u < b ? -1 : (u == b ? 0 : 1)
        }
        return loop(x, sx, y, sy, n) { a, b in op.holds(order(a, b)) }
    }

    private func bytes(_ op: ComparisonOperator, _ x: VarBinary, _ sx: Int, _ y: VarBinary, _ sy: Int, _ n: Int) -> [Bool] {
        x.bytes.withUnsafeBufferPointer { xb in
            y.bytes.withUnsafeBufferPointer { yb in
                x.offsets.withUnsafeBufferPointer { xo in
                    y.offsets.withUnsafeBufferPointer { yo in
                        [Bool](unsafeUninitializedCapacity: n) { out, initialized in
                            for i in 0..<n {
                                let a = i &* sx, b = i &* sy
                                let order = compareBytes(xb, xo[a], xo[a + 1], yb, yo[b], yo[b + 1])
                                out[i] = op.holds(order)
                            }
                            initialized = n
                        }
                    }
                }
            }
        }
    }
}

extension ComparisonOperator {
    /// Whether the operator holds for a three-way comparison result (negative, zero, positive).
    @inline(__always) func holds(_ order: Int) -> Bool {
        switch self {
        case .equal: return order == 0
        case .notEqual: return order != 0
        case .less: return order < 0
        case .lessOrEqual: return order <= 0
        case .greater: return order > 0
        case .greaterOrEqual: return order >= 0
        }
    }
}

/// Byte-wise three-way comparison of `x[xs..<xe]` and `y[ys..<ye]`; a prefix sorts first.
@inline(__always)
func compareBytes(_ x: UnsafeBufferPointer<UInt8>, _ xs: Int, _ xe: Int, _ y: UnsafeBufferPointer<UInt8>, _ ys: Int, _ ye: Int) -> Int {
    let xl = xe - xs, yl = ye - ys
    let common = min(xl, yl)
    if common > 0 {
        let c = memcmp(x.baseAddress! + xs, y.baseAddress! + ys, common)
        if c != 0 { return Int(c) }
    }
    return xl - yl
}
