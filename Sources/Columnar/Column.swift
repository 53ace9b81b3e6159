/// A typed column: values plus an optional validity mask (`nil` means no nulls).
public struct Column: Hashable, Sendable {
    public var type: DataType
    public var buffer: ColumnBuffer
    /// `validity[i] == false` marks row `i` null. Same length as `buffer` when present.
    public var validity: [Bool]?

    public init(type: DataType, buffer: ColumnBuffer, validity: [Bool]? = nil) {
        precondition(buffer.stores(type), "Column: buffer kind does not store \(type)")
        precondition(validity == nil || validity!.count == buffer.count, "Column: validity length differs")
        self.type = type
        self.buffer = buffer
        self.validity = validity
    }

    public static func empty(_ type: DataType) -> Column {
        Column(type: type, buffer: .empty(for: type))
    }

    public var count: Int { buffer.count }

    public var nullCount: Int { validity.map { $0.count { !$0 } } ?? 0 }

    public func isNull(_ i: Int) -> Bool { validity.map { !$0[i] } ?? false }

    public func value(at i: Int) -> Value {
        if isNull(i) { return .null }
        switch buffer {
        case .boolean(let v): return .boolean(v[i])
        case .int8(let v): return .int(Int64(v[i]))
        case .int16(let v): return .int(Int64(v[i]))
        case .int32(let v): return .int(Int64(v[i]))
        case .int64(let v): return .int(v[i])
        case .uint8(let v): return .uint(UInt64(v[i]))
        case .uint16(let v): return .uint(UInt64(v[i]))
        case .uint32(let v): return .uint(UInt64(v[i]))
        case .uint64(let v): return .uint(v[i])
        case .float32(let v): return .double(Double(v[i]))
        case .float64(let v): return .double(v[i])
        case .bytes(let v): return type == .binary ? .bytes(Array(v.bytes[v.byteRange(i)])) : .string(v.string(at: i))
        }
    }

    public func slice(_ range: Range<Int>) -> Column {
        Column(type: type, buffer: buffer.slice(range), validity: validity.map { Array($0[range]) })
    }

    /// Appends `other`, which must have the same type.
    public mutating func append(contentsOf other: Column) {
        precondition(other.type == type, "Column.append: type \(other.type) differs from \(type)")
        if validity != nil || other.validity != nil {
            var mask = validity ?? Array(repeating: true, count: count)
            mask.append(contentsOf: other.validity ?? Array(repeating: true, count: other.count))
            validity = mask
        }
        buffer.append(contentsOf: other.buffer)
    }
}
