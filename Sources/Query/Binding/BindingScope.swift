import Columnar

/// The columns an expression may name, in the order of the batch it will be evaluated on. A scan
/// gives one table's columns under its name or alias; a join concatenates the scopes of its sides.
public struct BindingScope: Hashable, Sendable {
    public struct Column: Hashable, Sendable {
        /// The table name or alias that `t.c` may use; nil for computed columns.
        public var qualifier: String?
        public var name: String
        public var type: DataType

        public init(qualifier: String?, name: String, type: DataType) {
            self.qualifier = qualifier
            self.name = name
            self.type = type
        }
    }

    public var columns: [Column]

    public init(_ columns: [Column]) { self.columns = columns }

    /// Every field of `schema`, qualified by `qualifier` when given.
    public init(schema: Schema, qualifier: String? = nil) {
        columns = schema.fields.map { Column(qualifier: qualifier, name: $0.name, type: $0.type) }
    }

    /// This scope's columns followed by `other`'s (the input of a join).
    public func appending(_ other: BindingScope) -> BindingScope { BindingScope(columns + other.columns) }

    /// The schema of a batch laid out like this scope.
    public var schema: Schema { Schema(columns.map { Field($0.name, $0.type) }) }

    /// The positions of every column the expressions name (subqueries not entered). Taken from the syntax,
    /// not the bound tree, since binding may fold a name away (`coalesce(1, x)`) that must still resolve.
    func columns(namedIn expressions: [SQLExpression]) -> Set<Int> {
        var used = Set<Int>()
        func collect(_ e: SQLExpression) {
            if case .column(let q, let name) = e.kind { used.formUnion(matches(qualifier: q, name: name)) }
            e.children.forEach(collect)
        }
        expressions.forEach(collect)
        return used
    }

    /// The positions of the columns `name` (optionally `qualifier.name`) may refer to.
    func matches(qualifier: SQLIdentifier?, name: SQLIdentifier) -> [Int] {
        columns.indices.filter { i in
            let c = columns[i]
            guard name.matches(c.name) else { return false }
            guard let qualifier else { return true }
            return c.qualifier.map { qualifier.matches($0) } ?? false
        }
    }
}
