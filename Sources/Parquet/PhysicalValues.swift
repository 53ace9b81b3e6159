/// Non-null values of a column chunk in their Parquet physical representation — what a writer encodes and
/// a reader decodes. Nulls live in definition levels, not here. Narrow integers are INT32, unsigned values
/// keep their bit pattern, INT96 timestamps are Int64 nanoseconds, FIXED_LEN_BYTE_ARRAY is variable-length.
import Columnar

enum PhysicalValues {
    case boolean([Bool])
    case int32([Int32])
    case int64([Int64])
    case float([Float])
    case double([Double])
    case bytes(VarBinary)

    static func empty(for type: PhysicalType) -> PhysicalValues {
        switch type {
        case .boolean: return .boolean([])
        case .int32: return .int32([])
        case .int64, .int96: return .int64([])
        case .float: return .float([])
        case .double: return .double([])
        default: return .bytes(VarBinary())
        }
    }

    var count: Int {
        switch self {
        case .boolean(let v): return v.count
        case .int32(let v): return v.count
        case .int64(let v): return v.count
        case .float(let v): return v.count
        case .double(let v): return v.count
        case .bytes(let v): return v.count
        }
    }

    /// Room for `count` values (fixed-width kinds; byte arrays grow as they come).
    mutating func reserveCapacity(_ count: Int) {
        switch self {
        case .boolean(var v): self = .boolean([]); v.reserveCapacity(count); self = .boolean(v)
        case .int32(var v): self = .int32([]); v.reserveCapacity(count); self = .int32(v)
        case .int64(var v): self = .int64([]); v.reserveCapacity(count); self = .int64(v)
        case .float(var v): self = .float([]); v.reserveCapacity(count); self = .float(v)
        case .double(var v): self = .double([]); v.reserveCapacity(count); self = .double(v)
        case .bytes: break
        }
    }
}
