import Columnar

extension Column {
    /// Signed integer values (booleans as 0/1) as Int64; nil for uint64, floats and strings.
    var int64s: [Int64]? {
        switch buffer {
        case .boolean(let v): return v.map { $0 ? 1 : 0 }
        case .int8(let v): return v.map(Int64.init)
        case .int16(let v): return v.map(Int64.init)
        case .int32(let v): return v.map(Int64.init)
        case .int64(let v): return v
        case .uint8(let v): return v.map(Int64.init)
        case .uint16(let v): return v.map(Int64.init)
        case .uint32(let v): return v.map(Int64.init)
        default: return nil
        }
    }

    /// A column of `type` from Int64 values that fit it (`type` is an integer type, bool, date or time).
    static func fromInt64s(_ values: [Int64], type: DataType, validity: [Bool]?) -> Column {
        let buffer: ColumnBuffer
        switch type {
        case .boolean: buffer = .boolean(values.map { $0 != 0 })
        case .int8: buffer = .int8(values.map { Int8(truncatingIfNeeded: $0) })
        case .int16: buffer = .int16(values.map { Int16(truncatingIfNeeded: $0) })
        case .int32, .date32: buffer = .int32(values.map { Int32(truncatingIfNeeded: $0) })
        case .uint8: buffer = .uint8(values.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: buffer = .uint16(values.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: buffer = .uint32(values.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: buffer = .uint64(values.map { UInt64(bitPattern: $0) })
        default: buffer = .int64(values)
        }
        return Column(type: type, buffer: buffer, validity: validity)
    }

    /// A float column of `type` (float32 or float64) from doubles.
    static func fromDoubles(_ values: [Double], type: DataType, validity: [Bool]?) -> Column {
        Column(type: type, buffer: type == .float32 ? .float32(values.map(Float.init)) : .float64(values), validity: validity)
    }
}
