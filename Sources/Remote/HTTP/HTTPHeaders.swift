/// Header fields in order, looked up without regard to case (HTTP names are case-insensitive, and
/// servers differ: `ETag`, `etag`, `Etag`).
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral {
    public private(set) var fields: [(name: String, value: String)]

    public init(_ fields: [(name: String, value: String)] = []) { self.fields = fields }

    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The first value of `name`, nil when absent.
    public subscript(name: String) -> String? {
        let wanted = name.lowercased()
        return fields.first { $0.name.lowercased() == wanted }?.value
    }

    /// Replaces every field named `name` with one, or removes them when `value` is nil.
    public mutating func set(_ name: String, _ value: String?) {
        let wanted = name.lowercased()
        fields.removeAll { $0.name.lowercased() == wanted }
        if let value { fields.append((name: name, value: value)) }
    }

    public mutating func add(_ name: String, _ value: String) { fields.append((name: name, value: value)) }

    public func makeIterator() -> IndexingIterator<[(name: String, value: String)]> { fields.makeIterator() }
}
