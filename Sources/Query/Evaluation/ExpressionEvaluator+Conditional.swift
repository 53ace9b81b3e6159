import Columnar

/// CASE and COALESCE, evaluated lazily as DuckDB does: a CASE branch (and each later WHEN) only on
/// the rows that reach it, a COALESCE argument only where the earlier ones were NULL. So
/// `CASE WHEN y <> 0 THEN x // y END` and `coalesce(x, 1 // y)` fail only on rows that need them.
extension ExpressionEvaluator {
    func caseWhen(_ branches: [BoundWhenClause], _ elseResult: BoundExpression?, type: DataType,
                  _ input: EvaluationInput) throws(SQLEvaluationError) -> Vector {
        var remaining = Array(0..<input.count)
        var parts: [ResultPart] = []
        for branch in branches where !remaining.isEmpty {
            let condition = try vector(branch.condition, restricted(input, to: remaining))
            guard case .boolean(let values) = condition.column.buffer else {
                throw SQLEvaluationError("a WHEN condition must be boolean: \(branch.condition)")
            }
            var matched: [Int] = [], rest: [Int] = []
            for (j, position) in remaining.enumerated() {
                let k = condition.isConstant ? 0 : j
                if values[k] && !condition.isNull(k) { matched.append(position) } else { rest.append(position) }
            }
            if !matched.isEmpty {
                parts.append(ResultPart(targets: matched, rows: nil, vector: try vector(branch.result, restricted(input, to: matched))))
            }
            remaining = rest
        }
        if !remaining.isEmpty, let elseResult {
            parts.append(ResultPart(targets: remaining, rows: nil, vector: try vector(elseResult, restricted(input, to: remaining))))
        }
        // Every row took one constant branch, or none matched and there is no ELSE: the result is that
        // constant, as in DuckDB (where a constant NULL lets the operator above skip its other operands).
        if parts.count == 1, parts[0].targets.count == input.count, parts[0].vector.isConstant { return parts[0].vector }
        if parts.isEmpty, let none = Vector.constant(.null, type: type) { return none }
        return Vector(try assemble(type: type, count: input.count, parts: parts))
    }

    func coalesce(_ operands: [BoundExpression], type: DataType, _ input: EvaluationInput) throws(SQLEvaluationError) -> Vector {
        var remaining = Array(0..<input.count)
        var parts: [ResultPart] = []
        for operand in operands where !remaining.isEmpty {
            let value = try vector(operand, restricted(input, to: remaining))
            var targets: [Int] = [], rows: [Int] = [], rest: [Int] = []
            for (j, position) in remaining.enumerated() {
                if value.isNull(j) {
                    rest.append(position)
                } else {
                    targets.append(position)
                    rows.append(j)
                }
            }
            if !targets.isEmpty { parts.append(ResultPart(targets: targets, rows: rows, vector: value)) }
            remaining = rest
        }
        return Vector(try assemble(type: type, count: input.count, parts: parts))
    }

    /// `input` limited to `positions` (relative to it), without copying when that is every row.
    private func restricted(_ input: EvaluationInput, to positions: [Int]) -> EvaluationInput {
        positions.count == input.count ? input : input.subset(positions)
    }

    /// One column of `count` rows built from pieces: row `rows[k]` (or `k`) of each part's vector
    /// goes to position `targets[k]`; positions no part covers are NULL.
    private func assemble(type: DataType, count n: Int, parts: [ResultPart]) throws(SQLEvaluationError) -> Column {
        var validity = [Bool](repeating: false, count: n)
        for part in parts {
            for (k, target) in part.targets.enumerated() { validity[target] = !part.vector.isNull(part.row(k)) }
        }
        func scatter<T>(_ zero: T, _ values: (ColumnBuffer) -> [T]?) throws(SQLEvaluationError) -> [T] {
            var out = [T](repeating: zero, count: n)
            for part in parts {
                guard let source = values(part.vector.column.buffer) else {
                    throw SQLEvaluationError("a branch of type \(part.vector.type) does not fit \(type)")
                }
                for (k, target) in part.targets.enumerated() { out[target] = source[part.row(k)] }
            }
            return out
        }
        let mask = validity.contains(false) ? validity : nil
        let buffer: ColumnBuffer
        switch ColumnBuffer.empty(for: type) {
        case .boolean: buffer = .boolean(try scatter(false) { if case .boolean(let v) = $0 { v } else { nil } })
        case .int8: buffer = .int8(try scatter(0) { if case .int8(let v) = $0 { v } else { nil } })
        case .int16: buffer = .int16(try scatter(0) { if case .int16(let v) = $0 { v } else { nil } })
        case .int32: buffer = .int32(try scatter(0) { if case .int32(let v) = $0 { v } else { nil } })
        case .int64: buffer = .int64(try scatter(0) { if case .int64(let v) = $0 { v } else { nil } })
        case .uint8: buffer = .uint8(try scatter(0) { if case .uint8(let v) = $0 { v } else { nil } })
        case .uint16: buffer = .uint16(try scatter(0) { if case .uint16(let v) = $0 { v } else { nil } })
        case .uint32: buffer = .uint32(try scatter(0) { if case .uint32(let v) = $0 { v } else { nil } })
        case .uint64: buffer = .uint64(try scatter(0) { if case .uint64(let v) = $0 { v } else { nil } })
        case .float32: buffer = .float32(try scatter(0) { if case .float32(let v) = $0 { v } else { nil } })
        case .float64: buffer = .float64(try scatter(0) { if case .float64(let v) = $0 { v } else { nil } })
        case .bytes:
            // Variable-length values are appended in row order: first note where each row comes from.
            var sourcePart = [Int](repeating: -1, count: n)
            var sourceRow = [Int](repeating: 0, count: n)
            var sources: [VarBinary] = []
            for (p, part) in parts.enumerated() {
                guard case .bytes(let v) = part.vector.column.buffer else {
                    throw SQLEvaluationError("a branch of type \(part.vector.type) does not fit \(type)")
                }
                sources.append(v)
                for (k, target) in part.targets.enumerated() {
                    sourcePart[target] = p
                    sourceRow[target] = part.row(k)
                }
            }
            var out = VarBinary()
            for i in 0..<n {
                if sourcePart[i] < 0 {
                    out.appendEmpty()
                } else {
                    let source = sources[sourcePart[i]]
                    out.append(contentsOf: source.bytes[source.byteRange(sourceRow[i])])
                }
            }
            buffer = .bytes(out)
        }
        return Column(type: type, buffer: buffer, validity: mask)
    }
}

/// Rows of one CASE branch or COALESCE argument, and where they go in the result.
private struct ResultPart {
    var targets: [Int]
    /// Row of `vector` for each target; nil when target k comes from row k.
    var rows: [Int]?
    var vector: Vector

    /// The row of `vector` that fills `targets[k]` (row 0 of a constant).
    func row(_ k: Int) -> Int { vector.isConstant ? 0 : (rows?[k] ?? k) }
}
