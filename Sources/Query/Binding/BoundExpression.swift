import Columnar

public enum ArithmeticOperator: String, Hashable, Sendable {
    case add = "+", subtract = "-", multiply = "*"
    /// `/`: true division. The binder casts integer operands to float64 first, as DuckDB does.
    case divide = "/"
    /// `//`: truncating division for integers; for floats DuckDB divides plainly (but a zero divisor is an error).
    case integerDivide = "//"
    /// `%`: remainder with the sign of the dividend (C `fmod` for floats).
    case modulo = "%"
}

public enum ComparisonOperator: String, Hashable, Sendable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="

    /// The operator that gives the same answer with the operands swapped.
    public var flipped: ComparisonOperator {
        switch self {
        case .equal, .notEqual: return self
        case .less: return .greater
        case .lessOrEqual: return .greaterOrEqual
        case .greater: return .less
        case .greaterOrEqual: return .lessOrEqual
        }
    }
}

public struct BoundWhenClause: Hashable, Sendable {
    public var condition: BoundExpression
    public var result: BoundExpression

    public init(condition: BoundExpression, result: BoundExpression) {
        self.condition = condition
        self.result = result
    }
}

/// A resolved, type-checked expression: column references are positions in the input batch, every
/// implicit conversion is an explicit `.cast`, and every node knows its result type.
///
/// Invariants the evaluator relies on (the binder establishes them):
/// - `.arithmetic`: both operands have the result type (`/` on integers was cast to float64);
/// - `.comparison`, `.isDistinctFrom`, `.inList`: operands share one type, except that a signed
///   integer compared with uint64 stays int64 against uint64 and is compared exactly;
/// - `.concatenate`, `.like`: string operands; logical operators: boolean operands.
public indirect enum BoundExpression: Hashable, Sendable {
    case column(index: Int, name: String, type: DataType)
    /// A constant; `Value.null` for NULL. Floats of type float32 are stored as `.double`.
    case literal(Value, DataType)
    case cast(BoundExpression, to: DataType)
    case negate(BoundExpression)
    case arithmetic(ArithmeticOperator, BoundExpression, BoundExpression)
    case concatenate(BoundExpression, BoundExpression)
    case comparison(ComparisonOperator, BoundExpression, BoundExpression)
    case isDistinctFrom(BoundExpression, BoundExpression, negated: Bool)
    /// Conjunction of two or more operands (the binder flattens chains).
    case and([BoundExpression])
    case or([BoundExpression])
    case not(BoundExpression)
    case isNull(BoundExpression, negated: Bool)
    case inList(BoundExpression, [BoundExpression], negated: Bool)
    /// `escape` is the escape character, or nil when there is none.
    case like(BoundExpression, pattern: BoundExpression, escape: Unicode.Scalar?, caseInsensitive: Bool, negated: Bool)
    /// Searched CASE (simple CASE is rewritten into equality conditions). Branches are evaluated
    /// only on the rows that reach them, so `CASE WHEN y <> 0 THEN x // y END` never divides by zero.
    case caseWhen([BoundWhenClause], elseResult: BoundExpression?, type: DataType)
    /// The first non-NULL argument; later arguments are evaluated only where earlier ones are NULL.
    case coalesce([BoundExpression], type: DataType)
    case function(ScalarFunction, [BoundExpression], type: DataType)

    public var type: DataType {
        switch self {
        case .column(_, _, let type), .literal(_, let type), .cast(_, let type): return type
        case .negate(let e): return e.type
        case .arithmetic(_, let a, _): return a.type
        case .concatenate: return .string
        case .comparison, .isDistinctFrom, .and, .or, .not, .isNull, .inList, .like: return .boolean
        case .caseWhen(_, _, let type), .coalesce(_, let type), .function(_, _, let type): return type
        }
    }

    /// Whether this is a constant (after folding, every constant subexpression is a literal).
    public var isLiteral: Bool {
        if case .literal = self { return true }
        return false
    }

    /// Every direct subexpression.
    public var children: [BoundExpression] {
        switch self {
        case .column, .literal: return []
        case .cast(let e, _), .negate(let e), .not(let e), .isNull(let e, _): return [e]
        case .arithmetic(_, let a, let b), .concatenate(let a, let b), .comparison(_, let a, let b),
             .isDistinctFrom(let a, let b, _):
            return [a, b]
        case .and(let list), .or(let list), .coalesce(let list, _), .function(_, let list, _): return list
        case .inList(let e, let list, _): return [e] + list
        case .like(let e, let p, _, _, _): return [e, p]
        case .caseWhen(let branches, let elseResult, _):
            return branches.flatMap { [$0.condition, $0.result] } + (elseResult.map { [$0] } ?? [])
        }
    }

    /// The operands whose NULL makes the whole expression NULL (none for IS NULL, IS DISTINCT FROM,
    /// AND, OR, CASE and COALESCE; only the tested value for IN).
    public var nullPropagatingOperands: [BoundExpression] {
        switch self {
        case .cast, .negate, .not, .arithmetic, .concatenate, .comparison, .like, .function: return children
        case .inList(let subject, _, _): return [subject]
        default: return []
        }
    }

    /// The input columns this expression reads, in ascending order (for projection pushdown).
    public var referencedColumns: [Int] {
        var found = Set<Int>()
        var stack = [self]
        while let e = stack.popLast() {
            if case .column(let index, _, _) = e { found.insert(index) }
            stack.append(contentsOf: e.children)
        }
        return found.sorted()
    }
}
