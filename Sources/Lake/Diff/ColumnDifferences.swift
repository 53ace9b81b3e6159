import Columnar
import Foundation

/// Rows where two aligned columns hold different values, found over the buffers (no per-row allocation
/// when both sides have the same physical type: that is every column an update rewrites in place).
enum ColumnDifferences {
    /// Positions `i` (where `compared[i]`, or every position when nil) at which `old` and `new` differ.
    /// Nulls equal nulls; NaN equals NaN; values of different physical types compare as `Value`s, numbers
    /// by their numeric value (a column widened from int32 to int64 has not changed).
    static func positions(_ old: Column, _ new: Column, compared: [Bool]?) -> [Int] {
        precondition(old.count == new.count, "ColumnDifferences: aligned columns differ in length")
        var out: [Int] = []
        func scan<T>(_ a: [T], _ b: [T], _ same: (T, T) -> Bool) {
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    for i in 0..<a.count where compared?[i] ?? true {
                        let oldNull = old.validity.map { !$0[i] } ?? false, newNull = new.validity.map { !$0[i] } ?? false
                        if oldNull || newNull {
                            if oldNull != newNull { out.append(i) }
                        } else if !same(a[i], b[i]) {
                            out.append(i)
                        }
                    }
                }
            }
        }
        switch (old.buffer, new.buffer) {
        case let (.boolean(a), .boolean(b)): scan(a, b, ==)
        case let (.int8(a), .int8(b)): scan(a, b, ==)
        case let (.int16(a), .int16(b)): scan(a, b, ==)
        case let (.int32(a), .int32(b)): scan(a, b, ==)
        case let (.int64(a), .int64(b)): scan(a, b, ==)
        case let (.uint8(a), .uint8(b)): scan(a, b, ==)
        case let (.uint16(a), .uint16(b)): scan(a, b, ==)
        case let (.uint32(a), .uint32(b)): scan(a, b, ==)
        case let (.uint64(a), .uint64(b)): scan(a, b, ==)
        case let (.float32(a), .float32(b)): scan(a, b) { $0 == $1 || ($0.isNaN && $1.isNaN) }
        case let (.float64(a), .float64(b)): scan(a, b) { $0 == $1 || ($0.isNaN && $1.isNaN) }
        case let (.bytes(a), .bytes(b)):
            for i in 0..<old.count where compared?[i] ?? true {
                let oldNull = old.isNull(i), newNull = new.isNull(i)
                if oldNull || newNull {
                    if oldNull != newNull { out.append(i) }
                    continue
                }
                let ra = a.byteRange(i), rb = b.byteRange(i)
                if ra.count != rb.count {
                    out.append(i)
                    continue
                }
                let same = a.bytes.withUnsafeBufferPointer { pa in
                    b.bytes.withUnsafeBufferPointer { pb in
                        ra.isEmpty || memcmp(pa.baseAddress! + ra.lowerBound, pb.baseAddress! + rb.lowerBound, ra.count) == 0
                    }
                }
                if !same { out.append(i) }
            }
        default:
            for i in 0..<old.count where compared?[i] ?? true {
                if !same(old.value(at: i), new.value(at: i)) { out.append(i) }
            }
        }
        return out
    }

    /// Value equality across physical types: numbers by numeric value, NaN equal to NaN.
    static func same(_ a: Value, _ b: Value) -> Bool {
        switch (a, b) {
        case let (.int(x), .uint(y)), let (.uint(y), .int(x)): return x >= 0 && UInt64(x) == y
        case let (.int(x), .double(y)), let (.double(y), .int(x)): return Double(x) == y
        case let (.uint(x), .double(y)), let (.double(y), .uint(x)): return Double(x) == y
        case let (.double(x), .double(y)): return x == y || (x.isNaN && y.isNaN)
        default: return a == b
        }
    }
}
