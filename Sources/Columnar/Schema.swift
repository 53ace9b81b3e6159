/// A named, typed column slot.
public struct Field: Hashable, Sendable, Codable {
    public var name: String
    public var type: DataType
    public var nullable: Bool

    public init(_ name: String, _ type: DataType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

/// An ordered list of fields. Column order is part of the schema.
public struct Schema: Hashable, Sendable, Codable {
    public var fields: [Field]

    public init(_ fields: [Field]) { self.fields = fields }

    public var names: [String] { fields.map(\.name) }

    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }

    public func field(named name: String) -> Field? { fields.first { $0.name == name } }
}
