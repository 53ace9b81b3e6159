import Columnar

/// Turns the conjuncts of a bound WHERE clause of the form `column op constant` (and `column IN
/// (constants)`, `column BETWEEN a AND b`) into column constraints a scan can push down.
enum ConstraintExtractor {
    static func constraints(from predicate: BoundExpression?) -> [ColumnConstraint] {
        guard let predicate else { return [] }
        return conjuncts(predicate).compactMap(constraint)
    }

    /// Whether `predicate` keeps no row whatever the data: a conjunct folded to FALSE or NULL (`x IN ()`
    /// from a subquery that returned nothing, `1 = 0`). Then nothing need be read.
    static func admitsNothing(_ predicate: BoundExpression?) -> Bool {
        guard let predicate else { return false }
        func isFalseOrNull(_ e: BoundExpression) -> Bool {
            switch e {
            case .literal(let value, _): return value == .null || value == .boolean(false)
            case .cast(.literal(.null, _), _): return true
            case .inList(_, let list, negated: false): return list.isEmpty  // `x IN ()`: false even for a NULL x
            default: return false
            }
        }
        return conjuncts(predicate).contains(where: isFalseOrNull)
    }

    private static func conjuncts(_ e: BoundExpression) -> [BoundExpression] {
        if case .and(let parts) = e { return parts.flatMap(conjuncts) }
        return [e]
    }

    private static func constraint(_ e: BoundExpression) -> ColumnConstraint? {
        switch e {
        case .comparison(let op, let a, let b):
            if let column = columnName(a), let value = constant(b) { return bound(column, op, value) }
            if let column = columnName(b), let value = constant(a) { return bound(column, op.flipped, value) }
            return nil
        case .inList(let subject, let list, negated: false):
            guard let column = columnName(subject) else { return nil }
            let values = list.compactMap(constant)
            guard values.count == list.count else { return nil }
            return ColumnConstraint(column: column, values: values)
        default:
            return nil
        }
    }

    private static func bound(_ column: String, _ op: ComparisonOperator, _ value: Value) -> ColumnConstraint? {
        switch op {
        case .equal: return ColumnConstraint(column: column, values: [value])
        case .less: return ColumnConstraint(column: column, upper: .init(value: value, inclusive: false))
        case .lessOrEqual: return ColumnConstraint(column: column, upper: .init(value: value, inclusive: true))
        case .greater: return ColumnConstraint(column: column, lower: .init(value: value, inclusive: false))
        case .greaterOrEqual: return ColumnConstraint(column: column, lower: .init(value: value, inclusive: true))
        case .notEqual: return nil
        }
    }

    /// A column, or a column widened without changing its order (integers to wider integers or floats).
    /// Float columns are left out: NaN sorts above every number in SQL but statistics leave it out.
    private static func columnName(_ e: BoundExpression) -> String? {
        switch e {
        case .column(_, let name, let type) where type.isInteger || type == .string: return name
        case .cast(.column(_, let name, let from), let to) where from.isInteger && from != .uint64 && (to == .int64 || to == .float64):
            return name
        default: return nil
        }
    }

    private static func constant(_ e: BoundExpression) -> Value? {
        guard case .literal(let value, _) = e, value != .null else { return nil }
        if case .double(let d) = value, d.isNaN { return nil }
        return value
    }
}
