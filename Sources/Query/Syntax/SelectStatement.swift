/// `SELECT ...` with its optional `WITH` clause: the one statement cairn's SQL reads.
public struct SelectStatement: Hashable, Sendable {
    public var commonTableExpressions: [SQLCommonTableExpression]
    public var isDistinct: Bool
    public var items: [SQLSelectItem]
    public var from: SQLTableReference?
    public var whereClause: SQLExpression?
    public var groupBy: [SQLExpression]
    public var having: SQLExpression?
    public var orderBy: [SQLOrderItem]
    public var limit: Int?
    public var offset: Int?

    public init(commonTableExpressions: [SQLCommonTableExpression] = [], isDistinct: Bool = false,
                items: [SQLSelectItem], from: SQLTableReference? = nil, whereClause: SQLExpression? = nil,
                groupBy: [SQLExpression] = [], having: SQLExpression? = nil, orderBy: [SQLOrderItem] = [],
                limit: Int? = nil, offset: Int? = nil) {
        self.commonTableExpressions = commonTableExpressions
        self.isDistinct = isDistinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
    }
}

/// `name [(column, ...)] AS (SELECT ...)` in a `WITH` clause.
public struct SQLCommonTableExpression: Hashable, Sendable {
    public var name: SQLIdentifier
    public var columnNames: [SQLIdentifier]
    public var query: SelectStatement

    public init(name: SQLIdentifier, columnNames: [SQLIdentifier] = [], query: SelectStatement) {
        self.name = name
        self.columnNames = columnNames
        self.query = query
    }
}

public enum SQLSelectItem: Hashable, Sendable {
    case expression(SQLExpression, alias: SQLIdentifier?)
    /// `*`, or `t.*` when qualified.
    case wildcard(qualifier: SQLIdentifier?)
}

/// What `FROM` reads: a table, a subquery, or a join of two of them.
public indirect enum SQLTableReference: Hashable, Sendable {
    case table(name: SQLIdentifier, alias: SQLIdentifier?)
    case subquery(SelectStatement, alias: SQLIdentifier?)
    case join(SQLJoin)
}

public struct SQLJoin: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case inner = "INNER", left = "LEFT", cross = "CROSS"
    }

    public var kind: Kind
    public var left: SQLTableReference
    public var right: SQLTableReference
    /// The `ON` condition; nil only for a cross join (`CROSS JOIN` or a comma).
    public var condition: SQLExpression?

    public init(kind: Kind, left: SQLTableReference, right: SQLTableReference, condition: SQLExpression?) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
    }
}

public struct SQLOrderItem: Hashable, Sendable {
    public var expression: SQLExpression
    public var ascending: Bool
    /// As written; nil when the query did not say (see `nullsFirstResolved`).
    public var nullsFirst: Bool?

    public init(expression: SQLExpression, ascending: Bool = true, nullsFirst: Bool? = nil) {
        self.expression = expression
        self.ascending = ascending
        self.nullsFirst = nullsFirst
    }

    /// DuckDB's default puts NULLs last in both directions.
    public var nullsFirstResolved: Bool { nullsFirst ?? false }

    /// `ORDER BY 2` names the second select item (1-based); nil for any other expression.
    public var ordinal: Int? {
        if case .literal(.integer(let digits)) = expression.kind { return Int(digits) }
        return nil
    }
}
