extension BoundExpression {
    /// The input columns the expression reads (positions in its batch).
    var columnIndices: Set<Int> {
        var out = Set<Int>()
        collectColumns(into: &out)
        return out
    }

    private func collectColumns(into out: inout Set<Int>) {
        switch self {
        case .column(let index, _, _): out.insert(index)
        case .literal: break
        case .cast(let e, _), .negate(let e), .not(let e), .isNull(let e, _): e.collectColumns(into: &out)
        case .arithmetic(_, let a, let b), .concatenate(let a, let b), .comparison(_, let a, let b), .isDistinctFrom(let a, let b, _):
            a.collectColumns(into: &out)
            b.collectColumns(into: &out)
        case .and(let parts), .or(let parts), .coalesce(let parts, _), .function(_, let parts, _):
            for p in parts { p.collectColumns(into: &out) }
        case .inList(let e, let list, _):
            e.collectColumns(into: &out)
            for p in list { p.collectColumns(into: &out) }
        case .like(let e, let pattern, _, _, _):
            e.collectColumns(into: &out)
            pattern.collectColumns(into: &out)
        case .caseWhen(let branches, let elseResult, _):
            for b in branches {
                b.condition.collectColumns(into: &out)
                b.result.collectColumns(into: &out)
            }
            elseResult?.collectColumns(into: &out)
        }
    }
}
