import Columnar

/// SQL-like text for a bound expression, for run-time error messages and plan explanations. Implicit
/// casts the binder added show as `CAST(…)`; every compound operand is parenthesised.
extension BoundExpression: CustomStringConvertible {
    public var description: String {
        switch self {
        case .column(_, let name, _):
            return SQLIdentifier(name).description
        case .literal(let value, let type):
            switch value {
            case .null: return "NULL"
            case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            case .boolean(let b): return b ? "TRUE" : "FALSE"
            case .double(let d): return type == .float32 ? NumberText.format(Float(d)) : NumberText.format(d)
            default: return value.description
            }
        case .cast(let e, let type):
            return "CAST(\(e) AS \(SQLTypeNames.sqlName(of: type)))"
        case .negate(let e):
            return "-\(e.operand)"
        case .arithmetic(let op, let a, let b):
            return "\(a.operand) \(op.rawValue) \(b.operand)"
        case .concatenate(let a, let b):
            return "\(a.operand) || \(b.operand)"
        case .comparison(let op, let a, let b):
            return "\(a.operand) \(op.rawValue) \(b.operand)"
        case .isDistinctFrom(let a, let b, let negated):
            return "\(a.operand) IS \(negated ? "NOT " : "")DISTINCT FROM \(b.operand)"
        case .and(let list):
            return list.map(\.operand).joined(separator: " AND ")
        case .or(let list):
            return list.map(\.operand).joined(separator: " OR ")
        case .not(let e):
            return "NOT \(e.operand)"
        case .isNull(let e, let negated):
            return "\(e.operand) IS \(negated ? "NOT " : "")NULL"
        case .inList(let e, let list, let negated):
            return "\(e.operand) \(negated ? "NOT " : "")IN (\(list.map(\.description).joined(separator: ", ")))"
        case .like(let e, let pattern, let escape, let insensitive, let negated):
            let op = (negated ? "NOT " : "") + (insensitive ? "ILIKE" : "LIKE")
            return "\(e.operand) \(op) \(pattern.operand)" + (escape.map { " ESCAPE '\($0)'" } ?? "")
        case .caseWhen(let branches, let elseResult, _):
            let whens = branches.map { "WHEN \($0.condition) THEN \($0.result)" }.joined(separator: " ")
            return "CASE \(whens)\(elseResult.map { " ELSE \($0)" } ?? "") END"
        case .coalesce(let list, _):
            return "coalesce(\(list.map(\.description).joined(separator: ", ")))"
        case .function(let function, let arguments, _):
            return "\(function.name)(\(arguments.map(\.description).joined(separator: ", ")))"
        }
    }

    /// The text of this expression as an operand: parenthesised unless it is atomic.
    private var operand: String {
        switch self {
        case .column, .literal, .cast, .function, .coalesce, .caseWhen: return description
        default: return "(\(description))"
        }
    }
}
