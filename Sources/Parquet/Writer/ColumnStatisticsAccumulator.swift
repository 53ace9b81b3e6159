import Columnar

/// One statistics accumulator of the right kind for a column, so page, chunk and file statistics share code.
enum ColumnStatisticsAccumulator {
    case boolean(BooleanStatistics)
    case int32(Int32Statistics)
    case int64(Int64Statistics)
    case float(FloatStatistics)
    case double(DoubleStatistics)
    case bytes(ByteArrayStatistics)

    init(for type: DataType) {
        switch type {
        case .boolean: self = .boolean(BooleanStatistics())
        case .int8, .int16, .int32, .date32: self = .int32(Int32Statistics(unsigned: false))
        case .uint8, .uint16, .uint32: self = .int32(Int32Statistics(unsigned: true))
        case .int64, .timestamp: self = .int64(Int64Statistics(unsigned: false))
        case .uint64: self = .int64(Int64Statistics(unsigned: true))
        case .float32: self = .float(FloatStatistics())
        case .float64: self = .double(DoubleStatistics())
        case .string, .binary: self = .bytes(ByteArrayStatistics())
        }
    }

    mutating func update(_ values: PhysicalValues, _ range: Range<Int>) {
        switch (self, values) {
        case (.boolean(var s), .boolean(let v)): v.withUnsafeBufferPointer { s.update(UnsafeBufferPointer(rebasing: $0[range])) }; self = .boolean(s)
        case (.int32(var s), .int32(let v)): v.withUnsafeBufferPointer { s.update(UnsafeBufferPointer(rebasing: $0[range])) }; self = .int32(s)
        case (.int64(var s), .int64(let v)): v.withUnsafeBufferPointer { s.update(UnsafeBufferPointer(rebasing: $0[range])) }; self = .int64(s)
        case (.float(var s), .float(let v)): v.withUnsafeBufferPointer { s.update(UnsafeBufferPointer(rebasing: $0[range])) }; self = .float(s)
        case (.double(var s), .double(let v)): v.withUnsafeBufferPointer { s.update(UnsafeBufferPointer(rebasing: $0[range])) }; self = .double(s)
        case (.bytes(var s), .bytes(let v)): s.update(v, range: range); self = .bytes(s)
        default: preconditionFailure("statistics kind differs from values kind")
        }
    }

    mutating func addNulls(_ n: Int) {
        switch self {
        case .boolean(var s): s.addNulls(n); self = .boolean(s)
        case .int32(var s): s.addNulls(n); self = .int32(s)
        case .int64(var s): s.addNulls(n); self = .int64(s)
        case .float(var s): s.addNulls(n); self = .float(s)
        case .double(var s): s.addNulls(n); self = .double(s)
        case .bytes(var s): s.addNulls(n); self = .bytes(s)
        }
    }

    mutating func merge(_ other: ColumnStatisticsAccumulator) {
        switch (self, other) {
        case (.boolean(var s), .boolean(let o)): s.merge(o); self = .boolean(s)
        case (.int32(var s), .int32(let o)): s.merge(o); self = .int32(s)
        case (.int64(var s), .int64(let o)): s.merge(o); self = .int64(s)
        case (.float(var s), .float(let o)): s.merge(o); self = .float(s)
        case (.double(var s), .double(let o)): s.merge(o); self = .double(s)
        case (.bytes(var s), .bytes(let o)): s.merge(o); self = .bytes(s)
        default: preconditionFailure("statistics kinds differ")
        }
    }

    var nullCount: Int {
        switch self {
        case .boolean(let s): return s.nullCount
        case .int32(let s): return s.nullCount
        case .int64(let s): return s.nullCount
        case .float(let s): return s.nullCount
        case .double(let s): return s.nullCount
        case .bytes(let s): return s.nullCount
        }
    }

    func encoded(truncatingTo maxLength: Int, utf8: Bool) -> EncodedStatistics {
        switch self {
        case .boolean(let s): return s.encoded()
        case .int32(let s): return s.encoded()
        case .int64(let s): return s.encoded()
        case .float(let s): return s.encoded()
        case .double(let s): return s.encoded()
        case .bytes(let s): return s.encoded(truncatingTo: maxLength, utf8: utf8)
        }
    }

    /// Exact bounds as values of the column's type (never truncated).
    func bounds(for type: DataType) -> (min: Value?, max: Value?) {
        switch self {
        case .boolean(let s): return (s.min.map(Value.boolean), s.max.map(Value.boolean))
        case .int32(let s):
            if s.isUnsigned { return (s.min.map { .uint(UInt64(UInt32(bitPattern: $0))) }, s.max.map { .uint(UInt64(UInt32(bitPattern: $0))) }) }
            return (s.min.map { .int(Int64($0)) }, s.max.map { .int(Int64($0)) })
        case .int64(let s):
            if s.isUnsigned { return (s.min.map { .uint(UInt64(bitPattern: $0)) }, s.max.map { .uint(UInt64(bitPattern: $0)) }) }
            return (s.min.map(Value.int), s.max.map(Value.int))
        case .float(let s): return (s.min.map { .double(Double($0)) }, s.max.map { .double(Double($0)) })
        case .double(let s): return (s.min.map(Value.double), s.max.map(Value.double))
        case .bytes(let s):
            func value(_ b: [UInt8]) -> Value { type == .binary ? .bytes(b) : .string(String(decoding: b, as: UTF8.self)) }
            return (s.min.map(value), s.max.map(value))
        }
    }

    /// Orders two PLAIN-encoded bounds of this column kind (for the ColumnIndex boundary order).
    func compare(_ a: [UInt8], _ b: [UInt8]) -> Int {
        func load<T>(_ bytes: [UInt8], _: T.Type) -> T { bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) } }
        func order<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch self {
        case .boolean: return order(a.first ?? 0, b.first ?? 0)
        case .int32(let s):
            return s.isUnsigned ? order(load(a, UInt32.self), load(b, UInt32.self)) : order(load(a, Int32.self), load(b, Int32.self))
        case .int64(let s):
            return s.isUnsigned ? order(load(a, UInt64.self), load(b, UInt64.self)) : order(load(a, Int64.self), load(b, Int64.self))
        case .float: return order(load(a, Float.self), load(b, Float.self))
        case .double: return order(load(a, Double.self), load(b, Double.self))
        case .bytes: return a.lexicographicallyPrecedes(b) ? -1 : (a == b ? 0 : 1)
        }
    }
}
