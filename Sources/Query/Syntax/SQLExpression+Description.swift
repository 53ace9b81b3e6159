/// SQL text for an expression, with only the parentheses its precedence needs: used in error
/// messages (`in "name + 1"`) and as the default name of a computed column.
extension SQLExpression: CustomStringConvertible {
    public var description: String { text(minimumPrecedence: 0) }

    /// Binding strength, loosest first, as the parser reads it.
    private var precedence: Int {
        switch kind {
        case .binary(.or, _, _): return 1
        case .binary(.and, _, _): return 2
        case .unary(.not, _): return 3
        case .isNull, .isDistinctFrom: return 4
        case .binary(let op, _, _) where op.isComparison: return 5
        case .inList, .inSubquery, .between, .like: return 6
        case .binary(.concatenate, _, _): return 7
        case .binary(.add, _, _), .binary(.subtract, _, _): return 8
        case .binary: return 9
        case .unary: return 10
        case .cast: return 11
        case .literal(.integer(let s)), .literal(.decimal(let s)): return s.hasPrefix("-") ? 10 : 12
        default: return 12
        }
    }

    private func text(minimumPrecedence: Int) -> String {
        let body = render()
        return precedence < minimumPrecedence ? "(\(body))" : body
    }

    private func render() -> String {
        let p = precedence
        switch kind {
        case .literal(let literal):
            switch literal {
            case .null: return "NULL"
            case .boolean(let b): return b ? "TRUE" : "FALSE"
            case .integer(let s), .decimal(let s): return s
            case .string(let s): return "'" + s.replacingOccurrences(of: "'", with: "''") + "'"
            }
        case .column(let qualifier, let name):
            return qualifier.map { "\($0).\(name)" } ?? name.description
        case .unary(.not, let e):
            return "NOT " + e.text(minimumPrecedence: p)
        case .unary(let op, let e):
            // A space keeps `- -1` from reading as a comment.
            let operand = e.text(minimumPrecedence: p)
            return op.rawValue + (operand.hasPrefix(op.rawValue) ? " " : "") + operand
        case .binary(let op, let a, let b):
            // Comparisons do not chain, so both sides need a tighter operator.
            let leftMinimum = op.isComparison ? p + 1 : p
            return "\(a.text(minimumPrecedence: leftMinimum)) \(op.rawValue) \(b.text(minimumPrecedence: p + 1))"
        case .isNull(let e, let negated):
            return e.text(minimumPrecedence: p) + (negated ? " IS NOT NULL" : " IS NULL")
        case .isDistinctFrom(let a, let b, let negated):
            return "\(a.text(minimumPrecedence: p)) IS \(negated ? "NOT " : "")DISTINCT FROM \(b.text(minimumPrecedence: p + 1))"
        case .inList(let e, let list, let negated):
            return "\(e.text(minimumPrecedence: p + 1)) \(negated ? "NOT " : "")IN (\(list.map(\.description).joined(separator: ", ")))"
        case .inSubquery(let e, _, let negated):
            return "\(e.text(minimumPrecedence: p + 1)) \(negated ? "NOT " : "")IN (SELECT ...)"
        case .between(let e, let low, let high, let negated):
            return "\(e.text(minimumPrecedence: p + 1)) \(negated ? "NOT " : "")BETWEEN \(low.text(minimumPrecedence: p + 1)) AND \(high.text(minimumPrecedence: p + 1))"
        case .like(let e, let pattern, let escape, let insensitive, let negated):
            let op = (negated ? "NOT " : "") + (insensitive ? "ILIKE" : "LIKE")
            let tail = escape.map { " ESCAPE " + $0.text(minimumPrecedence: p + 1) } ?? ""
            return "\(e.text(minimumPrecedence: p + 1)) \(op) \(pattern.text(minimumPrecedence: p + 1))" + tail
        case .caseWhen(let operand, let branches, let elseResult):
            var parts = ["CASE"]
            if let operand { parts.append(operand.description) }
            for branch in branches { parts.append("WHEN \(branch.condition) THEN \(branch.result)") }
            if let elseResult { parts.append("ELSE \(elseResult)") }
            parts.append("END")
            return parts.joined(separator: " ")
        case .cast(let e, let type):
            return "CAST(\(e) AS \(type.spelling))"
        case .function(let call):
            if call.isStar { return "\(call.name)(*)" }
            return "\(call.name)(\(call.isDistinct ? "DISTINCT " : "")\(call.arguments.map(\.description).joined(separator: ", ")))"
        case .subquery:
            return "(SELECT ...)"
        }
    }
}
