import Foundation
import Columnar

/// One ORDER BY key: the column to sort by, its direction and where its NULLs go.
struct SortKey {
    var column: Column
    var ascending: Bool
    var nullsFirst: Bool
}

/// The row order ORDER BY asks for, as a permutation. Values compare as SQL compares them: numbers by
/// value with NaN after every number, strings by UTF-8 bytes, false before true.
enum RowSorter {
    static func permutation(_ keys: [SortKey], rows: Int) -> [Int] {
        let comparators = keys.map(comparator)
        var order = Array(0..<rows)
        order.sort { a, b in
            for compare in comparators {
                let c = compare(a, b)
                if c != 0 { return c < 0 }
            }
            return a < b  // ties keep their input order
        }
        return order
    }

    /// Three-way comparison of two rows under one key, direction and NULL placement included.
    private static func comparator(_ key: SortKey) -> (Int, Int) -> Int {
        let values = valueComparator(key.column)
        let validity = key.column.validity
        let direction = key.ascending ? 1 : -1
        let nullSide = key.nullsFirst ? -1 : 1
        return { a, b in
            if let validity {
                switch (validity[a], validity[b]) {
                case (false, false): return 0
                case (false, true): return nullSide
                case (true, false): return -nullSide
                default: break
                }
            }
            return direction * values(a, b)
        }
    }

    private static func valueComparator(_ column: Column) -> (Int, Int) -> Int {
        func ordered<T: Comparable>(_ v: [T]) -> (Int, Int) -> Int { { a, b in v[a] < v[b] ? -1 : v[a] > v[b] ? 1 : 0 } }
        func floats(_ v: [Double]) -> (Int, Int) -> Int {
            { a, b in
                let x = v[a], y = v[b]
                if x.isNaN || y.isNaN { return x.isNaN ? (y.isNaN ? 0 : 1) : -1 }
                return x < y ? -1 : x > y ? 1 : 0
            }
        }
        switch column.buffer {
        case .boolean(let v): return { a, b in v[a] == v[b] ? 0 : (v[a] ? 1 : -1) }
        case .int8(let v): return ordered(v)
        case .int16(let v): return ordered(v)
        case .int32(let v): return ordered(v)
        case .int64(let v): return ordered(v)
        case .uint8(let v): return ordered(v)
        case .uint16(let v): return ordered(v)
        case .uint32(let v): return ordered(v)
        case .uint64(let v): return ordered(v)
        case .float32(let v): return floats(v.map(Double.init))
        case .float64(let v): return floats(v)
        case .bytes(let v):
            return { a, b in
                v.withBytes(at: a) { x in
                    v.withBytes(at: b) { y in
                        let n = min(x.count, y.count)
                        if n > 0 {
                            let c = memcmp(x.baseAddress!, y.baseAddress!, n)
                            if c != 0 { return c < 0 ? -1 : 1 }
                        }
                        return x.count < y.count ? -1 : x.count > y.count ? 1 : 0
                    }
                }
            }
        }
    }
}
