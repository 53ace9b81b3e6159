import Columnar

/// A name in a query. Unquoted names match case-insensitively, "quoted" ones exactly.
public struct SQLIdentifier: Hashable, Sendable, CustomStringConvertible {
    public var name: String
    public var isQuoted: Bool
    public var offset: Int

    public init(_ name: String, isQuoted: Bool = false, offset: Int = 0) {
        self.name = name
        self.isQuoted = isQuoted
        self.offset = offset
    }

    /// Whether this identifier names `candidate` (a schema or alias name).
    public func matches(_ candidate: String) -> Bool {
        isQuoted ? name == candidate : name.lowercased() == candidate.lowercased()
    }

    /// Where the name was written does not matter for equality: `GROUP BY x` matches `SELECT x`.
    public static func == (a: SQLIdentifier, b: SQLIdentifier) -> Bool {
        a.isQuoted == b.isQuoted && (a.isQuoted ? a.name == b.name : a.name.lowercased() == b.name.lowercased())
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(isQuoted)
        hasher.combine(isQuoted ? name : name.lowercased())
    }

    public var description: String {
        let plain = !name.isEmpty && name.allSatisfy { $0.isLetter || $0.isNumber || $0 == "_" }
            && !(name.first?.isNumber ?? false) && !SQLKeywords.reserved.contains(name.uppercased())
        return isQuoted || !plain ? "\"\(name.replacingOccurrences(of: "\"", with: "\"\""))\"" : name
    }
}

public enum SQLLiteral: Hashable, Sendable {
    case null
    case boolean(Bool)
    /// Digits as written, with a leading `-` when the parser folded a negation into the literal.
    case integer(String)
    /// A number with a fraction or exponent, as written. Bound as float64 (DuckDB would say DECIMAL).
    case decimal(String)
    case string(String)
}

public enum SQLUnaryOperator: String, Hashable, Sendable {
    case negate = "-"
    case plus = "+"
    case not = "NOT"
}

public enum SQLBinaryOperator: String, Hashable, Sendable, CaseIterable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", integerDivide = "//", modulo = "%"
    case concatenate = "||"
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case and = "AND", or = "OR"

    public var isComparison: Bool {
        switch self {
        case .equal, .notEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: return true
        default: return false
        }
    }
}

/// A type named in `CAST(x AS type)` or `x::type`, resolved when parsed.
public struct SQLTypeName: Hashable, Sendable {
    /// As written, for messages and printing (`DOUBLE PRECISION`, `VARCHAR(10)`).
    public var spelling: String
    public var type: DataType

    public init(spelling: String, type: DataType) {
        self.spelling = spelling
        self.type = type
    }
}

public struct SQLWhenClause: Hashable, Sendable {
    public var condition: SQLExpression
    public var result: SQLExpression

    public init(condition: SQLExpression, result: SQLExpression) {
        self.condition = condition
        self.result = result
    }
}

/// `name(arguments)`, `name(*)` or `name(DISTINCT arguments)`.
public struct SQLFunctionCall: Hashable, Sendable {
    /// Lower-cased function name.
    public var name: String
    public var arguments: [SQLExpression]
    public var isDistinct: Bool
    /// `COUNT(*)`.
    public var isStar: Bool

    public init(name: String, arguments: [SQLExpression], isDistinct: Bool = false, isStar: Bool = false) {
        self.name = name.lowercased()
        self.arguments = arguments
        self.isDistinct = isDistinct
        self.isStar = isStar
    }
}

/// An expression as written, before names are resolved and types checked.
///
/// Equality ignores where the expression was written, so a planner can match `GROUP BY lower(x)` with
/// `SELECT lower(x)`, or find the same aggregate call twice.
public struct SQLExpression: Hashable, Sendable {
    public indirect enum Kind: Hashable, Sendable {
        case literal(SQLLiteral)
        case column(qualifier: SQLIdentifier?, name: SQLIdentifier)
        case unary(SQLUnaryOperator, SQLExpression)
        case binary(SQLBinaryOperator, SQLExpression, SQLExpression)
        case isNull(SQLExpression, negated: Bool)
        case isDistinctFrom(SQLExpression, SQLExpression, negated: Bool)
        case inList(SQLExpression, [SQLExpression], negated: Bool)
        case inSubquery(SQLExpression, SelectStatement, negated: Bool)
        case between(SQLExpression, low: SQLExpression, high: SQLExpression, negated: Bool)
        case like(SQLExpression, pattern: SQLExpression, escape: SQLExpression?, caseInsensitive: Bool, negated: Bool)
        /// Searched `CASE WHEN c THEN r ...`, or simple `CASE operand WHEN v THEN r ...` when `operand` is set.
        case caseWhen(operand: SQLExpression?, branches: [SQLWhenClause], elseResult: SQLExpression?)
        case cast(SQLExpression, SQLTypeName)
        case function(SQLFunctionCall)
        /// `(SELECT ...)` used as a value.
        case subquery(SelectStatement)
    }

    public var kind: Kind
    /// UTF-8 offset of the expression's first token (an operator's left operand starts it).
    public var offset: Int

    public init(_ kind: Kind, offset: Int = 0) {
        self.kind = kind
        self.offset = offset
    }

    public static func == (a: SQLExpression, b: SQLExpression) -> Bool { a.kind == b.kind }
    public func hash(into hasher: inout Hasher) { hasher.combine(kind) }

    /// The literal when this expression is one (after the parser folded `-1` into a literal).
    public var literal: SQLLiteral? {
        if case .literal(let l) = kind { return l }
        return nil
    }

    /// Every direct subexpression, left to right (subqueries are not entered).
    public var children: [SQLExpression] {
        switch kind {
        case .literal, .column, .subquery: return []
        case .unary(_, let e), .isNull(let e, _), .cast(let e, _), .inSubquery(let e, _, _): return [e]
        case .binary(_, let a, let b), .isDistinctFrom(let a, let b, _): return [a, b]
        case .inList(let e, let list, _): return [e] + list
        case .between(let e, let low, let high, _): return [e, low, high]
        case .like(let e, let p, let escape, _, _): return [e, p] + (escape.map { [$0] } ?? [])
        case .caseWhen(let operand, let branches, let elseResult):
            return (operand.map { [$0] } ?? []) + branches.flatMap { [$0.condition, $0.result] } + (elseResult.map { [$0] } ?? [])
        case .function(let call): return call.arguments
        }
    }
}
