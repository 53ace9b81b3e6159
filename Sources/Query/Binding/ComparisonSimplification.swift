import Columnar

/// Rewrites of integer comparisons with a constant that DuckDB's optimizer makes, so that cairn raises
/// an overflow exactly where DuckDB does (`i + 1 < 5` becomes `i < 4`, which cannot overflow) — and
/// a scan can use the column's statistics for the rewritten form:
///
/// - `x + c1 ⋈ c2` → `x ⋈ c2 - c1`; `x - c1 ⋈ c2` → `x ⋈ c2 + c1`; `c1 - x ⋈ c2` → `x ⋈' c1 - c2`;
/// - `x * c1 ⋈ c2` → `x ⋈ c2 / c1` (flipped for negative c1) when c1 divides c2; when it does not, `=`
///   is FALSE and `<>` TRUE (NULL where x is NULL);
/// - `-x ⋈ c` → `x ⋈' -c` for signed x;
/// - `CAST(x AS wider) ⋈ c` → `x ⋈ c` when c has the same value in x's type and the cast is exact
///   (wider integers, or floats that hold every value of x's type).
///
/// When the new constant does not fit x's type, an equality is FALSE (or NULL); other comparisons
/// are left alone. IS [NOT] DISTINCT FROM gets the same rewrites except those.
extension ExpressionBinder {
    func simplifiedComparison(_ op: ComparisonOperator, _ a: BoundExpression, _ b: BoundExpression) -> BoundExpression {
        switch simplify(op, a, b, distinct: false) {
        case .comparison(let op, let x, let y): return .comparison(op, x, y)
        case .constantOrNull(let child, let value): return constantOrNull(child, value)
        }
    }

    func simplifiedDistinct(_ a: BoundExpression, _ b: BoundExpression, negated: Bool) -> BoundExpression {
        guard case .comparison(_, let x, let y) = simplify(.equal, a, b, distinct: true) else {
            return .isDistinctFrom(a, b, negated: negated)
        }
        return .isDistinctFrom(x, y, negated: negated)
    }

    private enum Simplified {
        case comparison(ComparisonOperator, BoundExpression, BoundExpression)
        /// `value`, or NULL where `child` is NULL.
        case constantOrNull(BoundExpression, Bool)
    }

    private func constantOrNull(_ child: BoundExpression, _ value: Bool) -> BoundExpression {
        .caseWhen([BoundWhenClause(condition: .isNull(child, negated: false), result: .literal(.null, .boolean))],
                  elseResult: .literal(.boolean(value), .boolean), type: .boolean)
    }

    private func simplify(_ op: ComparisonOperator, _ a: BoundExpression, _ b: BoundExpression, distinct: Bool) -> Simplified {
        var (op, x, y) = (op, a, b)
        if x.isLiteral && !y.isLiteral { (op, x, y) = (op.flipped, y, x) }
        // An integer compared with a float constant holding a whole number of its range.
        if case .cast(let inner, let target) = x, target.isFloatingPoint, Self.isExactlyRepresentable(inner.type, in: target),
           case .literal(.double(let d), _) = y, let v = Int64(exactly: d), TypeCoercion.integerLiteral(.signed(v), fits: inner.type) {
            x = inner
            y = .literal(inner.type.isSigned ? .int(v) : .uint(UInt64(v)), inner.type)
        }
        while case .literal(let value, let type) = y, type.isInteger, x.type == type, let outer = Self.integer(value) {
            let fits = { (v: Int64) in TypeCoercion.integerLiteral(.signed(v), fits: type) }
            let constant = { (v: Int64) in BoundExpression.literal(type.isSigned ? .int(v) : .uint(UInt64(v)), type) }
            switch x {
            case .cast(let inner, _) where Self.isExactWidening(from: inner.type, to: type):
                guard TypeCoercion.integerLiteral(.signed(outer), fits: inner.type) else { return .comparison(op, x, y) }
                x = inner
                y = .literal(inner.type.isSigned ? .int(outer) : .uint(UInt64(outer)), inner.type)
            case .negate(let inner) where type.isSigned:
                let (negated, overflow) = Int64(0).subtractingReportingOverflow(outer)
                guard !overflow, fits(negated) else {
                    return op == .equal && !distinct ? .constantOrNull(inner, false) : .comparison(op, x, y)
                }
                (op, x, y) = (op.flipped, inner, constant(negated))
            case .arithmetic(let arithmetic, let l, let r) where arithmetic == .add || arithmetic == .subtract || arithmetic == .multiply:
                let constantOnLeft: Bool
                let innerValue: Int64
                if case .literal(let v, _) = r, !l.isLiteral, let c = Self.integer(v) {
                    (constantOnLeft, innerValue) = (false, c)
                } else if case .literal(let v, _) = l, !r.isLiteral, let c = Self.integer(v) {
                    (constantOnLeft, innerValue) = (true, c)
                } else {
                    return .comparison(op, x, y)
                }
                let child = constantOnLeft ? r : l
                var newOp = op
                let result: (partialValue: Int64, overflow: Bool)
                switch arithmetic {
                case .add:
                    result = outer.subtractingReportingOverflow(innerValue)
                case .subtract where !constantOnLeft:
                    result = outer.addingReportingOverflow(innerValue)
                case .subtract:
                    result = innerValue.subtractingReportingOverflow(outer)
                    newOp = op.flipped
                default:
                    if innerValue == 0 { return .comparison(op, x, y) }
                    guard outer % innerValue == 0 else {
                        if distinct { return .comparison(op, x, y) }
                        if op == .equal { return .constantOrNull(child, false) }
                        if op == .notEqual { return .constantOrNull(child, true) }
                        return .comparison(op, x, y)
                    }
                    if innerValue < 0 { newOp = op.flipped }
                    result = outer.dividedReportingOverflow(by: innerValue)
                    if result.overflow || !fits(result.partialValue) {
                        return distinct ? .comparison(op, x, y) : .constantOrNull(child, false)
                    }
                }
                guard !result.overflow, fits(result.partialValue) else {
                    return op == .equal && !distinct ? .constantOrNull(child, false) : .comparison(op, x, y)
                }
                (op, x, y) = (newOp, child, constant(result.partialValue))
            default:
                return .comparison(op, x, y)
            }
        }
        return .comparison(op, x, y)
    }

    private static func integer(_ value: Value) -> Int64? {
        switch value {
        case .int(let v): return v
        case .uint(let u): return Int64(exactly: u)
        default: return nil
        }
    }

    /// Whether every value of the integer type `source` is exactly a `target` float.
    private static func isExactlyRepresentable(_ source: DataType, in target: DataType) -> Bool {
        switch source {
        case .int8, .int16, .uint8, .uint16: return true
        case .int32, .uint32: return target == .float64
        default: return false
        }
    }

    /// Whether every value of `source` converts to `target` and back unchanged.
    private static func isExactWidening(from source: DataType, to target: DataType) -> Bool {
        guard source.isInteger, target.isInteger, source != target else { return false }
        let width: [DataType: Int] = [.int8: 8, .int16: 16, .int32: 32, .int64: 64, .uint8: 8, .uint16: 16, .uint32: 32, .uint64: 64]
        guard let s = width[source], let t = width[target] else { return false }
        if source.isSigned == target.isSigned { return s < t }
        return !source.isSigned && s < t // unsigned into a wider signed type
    }
}
