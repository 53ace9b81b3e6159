/// Arrow logical types cairn writes.
public indirect enum ArrowType: Hashable, Sendable {
    case int(bits: Int, signed: Bool)
    case float32
    case float64
    case bool
    case utf8
    case binary
    /// A variable-length list (32-bit offsets) of `element`.
    case list(ArrowField)

    /// The `Type` union's member: its tag and table.
    var flat: (tag: UInt8, table: FlatValue) {
        switch self {
        case .int(let bits, let signed): return (2, .table([.int32(Int32(bits)), .bool(signed)]))
        case .float32: return (3, .table([.int16(1)]))
        case .float64: return (3, .table([.int16(2)]))
        case .binary: return (4, .table([]))
        case .utf8: return (5, .table([]))
        case .bool: return (6, .table([]))
        case .list: return (12, .table([]))
        }
    }
}

/// A named, typed column of an Arrow schema.
public struct ArrowField: Hashable, Sendable {
    public var name: String
    public var type: ArrowType
    public var nullable: Bool

    public init(_ name: String, _ type: ArrowType, nullable: Bool = false) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }

    var children: [ArrowField] {
        if case .list(let element) = type { return [element] }
        return []
    }

    /// Schema.fbs `Field`: name, nullable, type (union), dictionary (absent), children.
    var flat: FlatValue {
        let type = self.type.flat
        return .table([.offset(.string(name)), .bool(nullable), .uint8(type.tag), .offset(type.table), nil,
                       .offset(.tables(children.map(\.flat)))])
    }
}
