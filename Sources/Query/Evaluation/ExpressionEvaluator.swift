import Columnar

/// Evaluates bound expressions over record batches, a whole column at a time.
///
/// Every kernel runs over typed arrays (unsafe buffers in the loops, no per-row `Value`); NULLs are
/// carried in validity masks, and errors (overflow, division by zero, bad casts) are raised only for
/// rows that are not NULL. Semantics follow DuckDB; see the kernels for the details.
public struct ExpressionEvaluator: Sendable {
    public init() {}

    /// The value of `expression` for every row of `batch`, as a column of `expression.type`.
    public func evaluate(_ expression: BoundExpression, on batch: RecordBatch) throws(SQLEvaluationError) -> Column {
        let input = EvaluationInput(batch: batch, rows: nil, count: batch.rowCount)
        return try vector(expression, input).materialized(batch.rowCount)
    }

    /// Which rows of `batch` satisfy `predicate`: TRUE keeps a row, FALSE and NULL drop it.
    ///
    /// Unlike `evaluate`, AND and OR short-circuit here (as in DuckDB's filters): the right operand
    /// of an AND is evaluated only on rows where the left one is TRUE, so
    /// `WHERE y <> 0 AND x // y > 1` does not divide by zero.
    public func selection(_ predicate: BoundExpression, on batch: RecordBatch) throws(SQLEvaluationError) -> [Bool] {
        var mask = [Bool](repeating: false, count: batch.rowCount)
        for row in try selectedRows(predicate, on: batch) { mask[row] = true }
        return mask
    }

    /// The positions, ascending, of the rows of `batch` that satisfy `predicate` (see `selection`).
    public func selectedRows(_ predicate: BoundExpression, on batch: RecordBatch) throws(SQLEvaluationError) -> [Int] {
        guard predicate.type == .boolean else {
            throw SQLEvaluationError("a filter must be boolean, not \(predicate.type): \(predicate)")
        }
        return try select(predicate, rows: Array(0..<batch.rowCount), batch: batch)
    }

    /// The value of an expression that reads no columns (constant folding in the binder).
    func constant(_ expression: BoundExpression) throws(SQLEvaluationError) -> Value {
        let v = try vector(expression, EvaluationInput(batch: nil, rows: nil, count: 1))
        return v.column.value(at: 0)
    }

    // MARK: - Filters

    private func select(_ e: BoundExpression, rows: [Int], batch: RecordBatch) throws(SQLEvaluationError) -> [Int] {
        if rows.isEmpty { return [] }
        switch e {
        case .and(let operands):
            var current = rows
            for operand in operands where !current.isEmpty {
                current = try select(operand, rows: current, batch: batch)
            }
            return current
        case .or(let operands):
            var remaining = rows
            var accepted = Set<Int>()
            for operand in operands where !remaining.isEmpty {
                let hits = try select(operand, rows: remaining, batch: batch)
                accepted.formUnion(hits)
                let hitSet = Set(hits)
                remaining.removeAll { hitSet.contains($0) }
            }
            return rows.filter { accepted.contains($0) }
        default:
            // `rows` is always an ascending subset of the batch, so as many rows as the batch means all of
            // them: columns are then read where they lie instead of gathered into copies.
            let input = EvaluationInput(batch: batch, rows: rows.count == batch.rowCount ? nil : rows, count: rows.count)
            let result = try vector(e, input)
            guard case .boolean(let values) = result.column.buffer else {
                throw SQLEvaluationError("a filter must be boolean: \(e)")
            }
            let validity = result.column.validity
            if result.isConstant {
                return values[0] && (validity?[0] ?? true) ? rows : []
            }
            var kept: [Int] = []
            kept.reserveCapacity(rows.count)
            for (i, row) in rows.enumerated() where values[i] && (validity?[i] ?? true) { kept.append(row) }
            return kept
        }
    }

    // MARK: - Dispatch

    func vector(_ e: BoundExpression, _ input: EvaluationInput) throws(SQLEvaluationError) -> Vector {
        switch e {
        case .column(let index, let name, let type):
            guard let batch = input.batch, batch.columns.indices.contains(index) else {
                throw SQLEvaluationError("column \(index) ('\(name)') is not in the batch")
            }
            let column = batch.columns[index]
            guard column.type == type else {
                throw SQLEvaluationError("column '\(name)' has type \(column.type), the expression expects \(type)")
            }
            return Vector(input.rows.map { column.gather($0) } ?? column)
        case .literal(let value, let type):
            guard let v = Vector.constant(value, type: type) else {
                throw SQLEvaluationError("constant \(value) is not a \(type)")
            }
            return v
        case .cast(let operand, let type):
            let v = try vector(operand, input)
            return Vector(try CastKernel.cast(v.column, to: type), isConstant: v.isConstant)
        case .negate(let operand):
            return try negate(try vector(operand, input), expression: e)
        case .arithmetic(let op, let a, let b):
            let x = try vector(a, input)
            if x.isConstantNull { return try nulls(e.type) }
            return try arithmetic(op, x, try vector(b, input), count: input.count, expression: e)
        case .concatenate(let a, let b):
            let x = try vector(a, input)
            if x.isConstantNull { return try nulls(e.type) }
            return try concatenate(x, try vector(b, input), count: input.count)
        case .comparison(let op, let a, let b):
            let x = try vector(a, input)
            if x.isConstantNull { return try nulls(e.type) }
            return try compare(op, x, try vector(b, input), count: input.count)
        case .isDistinctFrom(let a, let b, let negated):
            return try distinct(try vector(a, input), try vector(b, input), negated: negated, count: input.count)
        case .and(let operands):
            return try connective(isAnd: true, operands, input)
        case .or(let operands):
            return try connective(isAnd: false, operands, input)
        case .not(let operand):
            return try not(try vector(operand, input))
        case .isNull(let operand, let negated):
            return isNull(try vector(operand, input), negated: negated)
        case .inList(let operand, let list, let negated):
            return try inList(operand, list, negated: negated, input)
        case .like(let operand, let pattern, let escape, let insensitive, let negated):
            let x = try vector(operand, input)
            if x.isConstantNull { return try nulls(e.type) }
            return try like(x, try vector(pattern, input), escape: escape,
                            caseInsensitive: insensitive, negated: negated, count: input.count)
        case .caseWhen(let branches, let elseResult, let type):
            return try caseWhen(branches, elseResult, type: type, input)
        case .coalesce(let operands, let type):
            return try coalesce(operands, type: type, input)
        case .function(let function, let arguments, let type):
            var values: [Vector] = []
            for a in arguments {
                let v = try vector(a, input)
                if v.isConstantNull { return try nulls(type) }
                values.append(v)
            }
            return try call(function, values, type: type, count: input.count, expression: e)
        }
    }

    /// NULL for every row. A NULL-propagating operator whose operand came out as a constant NULL (a
    /// NULL constant, a function of one, a CASE that gave its NULL ELSE on every row) returns this
    /// without evaluating the operands after it, as DuckDB's executor does — so they cannot fail.
    private func nulls(_ type: DataType) throws(SQLEvaluationError) -> Vector {
        guard let v = Vector.constant(.null, type: type) else { throw SQLEvaluationError("no NULL of type \(type)") }
        return v
    }
}

/// The rows an expression is evaluated on: all of a batch, a selection of its rows (for lazily
/// evaluated CASE branches and filter operands), or one row and no batch for constants.
struct EvaluationInput {
    var batch: RecordBatch?
    /// Positions in `batch`; nil for every row.
    var rows: [Int]?
    var count: Int

    /// The subset at `positions` (relative to this input).
    func subset(_ positions: [Int]) -> EvaluationInput {
        EvaluationInput(batch: batch, rows: rows.map { r in positions.map { r[$0] } } ?? positions, count: positions.count)
    }
}

/// 1 for true, 0 for false, without a branch, for OR-ing flags in tight loops.
@inline(__always) func bit(_ b: Bool) -> UInt8 { b ? 1 : 0 }

/// The rows of a result of `vectors`: 1 when all are constants, else the input's count.
@inline(__always) func resultCount(_ vectors: Vector..., count: Int) -> (count: Int, isConstant: Bool) {
    vectors.allSatisfy(\.isConstant) ? (1, true) : (count, false)
}

/// The validity of a result that is NULL wherever any operand is; nil when none has NULLs.
func mergedValidity(_ vectors: [Vector], count n: Int) -> [Bool]? {
    let masks = vectors.compactMap { v in v.column.validity.map { (mask: $0, stride: v.stride) } }
    if masks.isEmpty { return nil }
    var out = [Bool](repeating: true, count: n)
    out.withUnsafeMutableBufferPointer { o in
        for (mask, stride) in masks {
            mask.withUnsafeBufferPointer { m in
                for i in 0..<n { o[i] = o[i] && m[i &* stride] }
            }
        }
    }
    return out.contains(false) ? out : nil
}
