/// Matrix values as the raw bytes of their own type: runs sort, spill and merge them as fixed-width byte
/// strings, with no boxing or widening, and every type comes back exactly.
public enum MatrixValueBytes {
    /// Bytes per value of `type` (Swift stores a Bool in one byte); nil for types a matrix cannot hold.
    public static func width(of type: DataType) -> Int? {
        switch type {
        case .boolean, .int8, .uint8: return 1
        case .int16, .uint16: return 2
        case .int32, .uint32, .float32: return 4
        case .int64, .uint64, .float64: return 8
        default: return nil
        }
    }

    /// Calls `body` with the bytes of `buffer`'s values if it stores values of `type`, and with nil if not.
    public static func withBytes<R>(of buffer: ColumnBuffer, as type: DataType, _ body: (UnsafeRawBufferPointer?) throws -> R) rethrows -> R {
        switch (buffer, type) {
        case (.boolean(let v), .boolean): return try v.withUnsafeBytes { try body($0) }
        case (.int8(let v), .int8): return try v.withUnsafeBytes { try body($0) }
        case (.int16(let v), .int16): return try v.withUnsafeBytes { try body($0) }
        case (.int32(let v), .int32): return try v.withUnsafeBytes { try body($0) }
        case (.int64(let v), .int64): return try v.withUnsafeBytes { try body($0) }
        case (.uint8(let v), .uint8): return try v.withUnsafeBytes { try body($0) }
        case (.uint16(let v), .uint16): return try v.withUnsafeBytes { try body($0) }
        case (.uint32(let v), .uint32): return try v.withUnsafeBytes { try body($0) }
        case (.uint64(let v), .uint64): return try v.withUnsafeBytes { try body($0) }
        case (.float32(let v), .float32): return try v.withUnsafeBytes { try body($0) }
        case (.float64(let v), .float64): return try v.withUnsafeBytes { try body($0) }
        default: return try body(nil)
        }
    }

    /// A column of `type` holding `count` values copied from `bytes` (laid out as `withBytes` hands them).
    public static func column(_ type: DataType, count: Int, from bytes: UnsafeRawPointer) -> Column {
        column(type, count: count) { out in
            if count > 0 { out.baseAddress!.copyMemory(from: bytes, byteCount: out.count) }
        }
    }

    /// A column of `type` holding `count` values that `fill` writes, as bytes laid out as `withBytes`
    /// hands them, straight into the column's storage; `fill` must write every byte.
    public static func column(_ type: DataType, count: Int, _ fill: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows -> Column {
        func make<T>(_: T.Type) throws -> [T] {
            try [T](unsafeUninitializedCapacity: count) { out, initialized in
                try fill(UnsafeMutableRawBufferPointer(out))
                initialized = count
            }
        }
        let buffer: ColumnBuffer
        switch type {
        case .boolean: buffer = .boolean(try make(Bool.self))
        case .int8: buffer = .int8(try make(Int8.self))
        case .int16: buffer = .int16(try make(Int16.self))
        case .int32: buffer = .int32(try make(Int32.self))
        case .int64: buffer = .int64(try make(Int64.self))
        case .uint8: buffer = .uint8(try make(UInt8.self))
        case .uint16: buffer = .uint16(try make(UInt16.self))
        case .uint32: buffer = .uint32(try make(UInt32.self))
        case .uint64: buffer = .uint64(try make(UInt64.self))
        case .float32: buffer = .float32(try make(Float.self))
        default: buffer = .float64(try make(Double.self))
        }
        return Column(type: type, buffer: buffer)
    }
}
