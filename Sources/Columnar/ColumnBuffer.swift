/// The physical values of a column. Null slots hold a zero / empty placeholder; `Column.validity` says which.
public enum ColumnBuffer: Hashable, Sendable {
    case boolean([Bool])
    case int8([Int8])
    case int16([Int16])
    case int32([Int32])
    case int64([Int64])
    case uint8([UInt8])
    case uint16([UInt16])
    case uint32([UInt32])
    case uint64([UInt64])
    case float32([Float])
    case float64([Double])
    /// Strings (UTF-8) and binary values.
    case bytes(VarBinary)

    public var count: Int {
        switch self {
        case .boolean(let v): return v.count
        case .int8(let v): return v.count
        case .int16(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .uint8(let v): return v.count
        case .uint16(let v): return v.count
        case .uint32(let v): return v.count
        case .uint64(let v): return v.count
        case .float32(let v): return v.count
        case .float64(let v): return v.count
        case .bytes(let v): return v.count
        }
    }

    /// An empty buffer of the physical kind that stores `type`.
    public static func empty(for type: DataType) -> ColumnBuffer {
        switch type {
        case .boolean: return .boolean([])
        case .int8: return .int8([])
        case .int16: return .int16([])
        case .int32, .date32: return .int32([])
        case .int64, .timestamp: return .int64([])
        case .uint8: return .uint8([])
        case .uint16: return .uint16([])
        case .uint32: return .uint32([])
        case .uint64: return .uint64([])
        case .float32: return .float32([])
        case .float64: return .float64([])
        case .string, .binary: return .bytes(VarBinary())
        }
    }

    /// Whether this buffer is the physical kind that stores `type`.
    public func stores(_ type: DataType) -> Bool {
        switch (self, ColumnBuffer.empty(for: type)) {
        case (.boolean, .boolean), (.int8, .int8), (.int16, .int16), (.int32, .int32), (.int64, .int64),
             (.uint8, .uint8), (.uint16, .uint16), (.uint32, .uint32), (.uint64, .uint64),
             (.float32, .float32), (.float64, .float64), (.bytes, .bytes):
            return true
        default:
            return false
        }
    }

    public func slice(_ range: Range<Int>) -> ColumnBuffer {
        rearranged(by: RangeSlice(range: range))
    }

    /// Room for `count` values in all (the offsets of byte values; their bytes grow as they come), so that
    /// appending pieces up to that many reallocates nothing.
    public mutating func reserveCapacity(_ count: Int) {
        switch self {
        case .boolean(var a): self = .boolean([]); a.reserveCapacity(count); self = .boolean(a)
        case .int8(var a): self = .boolean([]); a.reserveCapacity(count); self = .int8(a)
        case .int16(var a): self = .boolean([]); a.reserveCapacity(count); self = .int16(a)
        case .int32(var a): self = .boolean([]); a.reserveCapacity(count); self = .int32(a)
        case .int64(var a): self = .boolean([]); a.reserveCapacity(count); self = .int64(a)
        case .uint8(var a): self = .boolean([]); a.reserveCapacity(count); self = .uint8(a)
        case .uint16(var a): self = .boolean([]); a.reserveCapacity(count); self = .uint16(a)
        case .uint32(var a): self = .boolean([]); a.reserveCapacity(count); self = .uint32(a)
        case .uint64(var a): self = .boolean([]); a.reserveCapacity(count); self = .uint64(a)
        case .float32(var a): self = .boolean([]); a.reserveCapacity(count); self = .float32(a)
        case .float64(var a): self = .boolean([]); a.reserveCapacity(count); self = .float64(a)
        case .bytes(var a): self = .boolean([]); a.offsets.reserveCapacity(count + 1); self = .bytes(a)
        }
    }

    /// Appends `other`, which must be the same physical kind. `self` is emptied while the payload grows so
    /// that the payload is uniquely referenced and grows in place (amortised O(appended), not a full copy).
    public mutating func append(contentsOf other: ColumnBuffer) {
        switch (self, other) {
        case (.boolean(var a), .boolean(let b)): self = .boolean([]); a.append(contentsOf: b); self = .boolean(a)
        case (.int8(var a), .int8(let b)): self = .boolean([]); a.append(contentsOf: b); self = .int8(a)
        case (.int16(var a), .int16(let b)): self = .boolean([]); a.append(contentsOf: b); self = .int16(a)
        case (.int32(var a), .int32(let b)): self = .boolean([]); a.append(contentsOf: b); self = .int32(a)
        case (.int64(var a), .int64(let b)): self = .boolean([]); a.append(contentsOf: b); self = .int64(a)
        case (.uint8(var a), .uint8(let b)): self = .boolean([]); a.append(contentsOf: b); self = .uint8(a)
        case (.uint16(var a), .uint16(let b)): self = .boolean([]); a.append(contentsOf: b); self = .uint16(a)
        case (.uint32(var a), .uint32(let b)): self = .boolean([]); a.append(contentsOf: b); self = .uint32(a)
        case (.uint64(var a), .uint64(let b)): self = .boolean([]); a.append(contentsOf: b); self = .uint64(a)
        case (.float32(var a), .float32(let b)): self = .boolean([]); a.append(contentsOf: b); self = .float32(a)
        case (.float64(var a), .float64(let b)): self = .boolean([]); a.append(contentsOf: b); self = .float64(a)
        case (.bytes(var a), .bytes(let b)): self = .boolean([]); a.append(contentsOf: b); self = .bytes(a)
        default: preconditionFailure("ColumnBuffer.append: physical kinds differ")
        }
    }
}

private struct RangeSlice: ValueRearrangement {
    let range: Range<Int>

    func callAsFunction<T>(_ values: [T]) -> [T] { Array(values[range]) }
    func callAsFunction(_ values: VarBinary) -> VarBinary { values.slice(range) }
}
