import Columnar

/// Three-valued logic: AND, OR, NOT, IS [NOT] NULL, IS [NOT] DISTINCT FROM and IN.
///
/// FALSE AND NULL is FALSE, TRUE OR NULL is TRUE, otherwise NULL wins; `x IN (a, b)` is
/// `x = a OR x = b`, so `2 IN (1, NULL)` is NULL. In `evaluate` every operand of AND/OR is evaluated
/// on every row, as DuckDB does in a projection (filters short-circuit; see `selection`).
extension ExpressionEvaluator {
    func connective(isAnd: Bool, _ operands: [BoundExpression], _ input: EvaluationInput) throws(SQLEvaluationError) -> Vector {
        var vectors: [Vector] = []
        for operand in operands { vectors.append(try vector(operand, input)) }
        return combine(isAnd: isAnd, vectors, count: input.count)
    }

    /// AND (or OR) of boolean vectors.
    func combine(isAnd: Bool, _ vectors: [Vector], count: Int) -> Vector {
        let constant = vectors.allSatisfy(\.isConstant)
        let n = constant ? 1 : count
        // `decided[i]`: some operand is FALSE (for AND) / TRUE (for OR); `unknown[i]`: some operand is NULL.
        var decided = [Bool](repeating: false, count: n)
        var unknown = [Bool](repeating: false, count: n)
        let absorbing = !isAnd
        for v in vectors {
            guard case .boolean(let values) = v.column.buffer else { continue }
            let s = v.stride
            decided.withUnsafeMutableBufferPointer { d in
                unknown.withUnsafeMutableBufferPointer { u in
                    values.withUnsafeBufferPointer { x in
                        if let validity = v.column.validity {
                            validity.withUnsafeBufferPointer { ok in
                                for i in 0..<n {
                                    let valid = ok[i &* s]
                                    d[i] = d[i] || (valid && x[i &* s] == absorbing)
                                    u[i] = u[i] || !valid
                                }
                            }
                        } else {
                            for i in 0..<n { d[i] = d[i] || x[i &* s] == absorbing }
                        }
                    }
                }
            }
        }
        var values = [Bool](repeating: !absorbing, count: n)
        var validity = [Bool](repeating: true, count: n)
        for i in 0..<n {
            if decided[i] {
                values[i] = absorbing
            } else if unknown[i] {
                validity[i] = false
            }
        }
        return Vector(Column(type: .boolean, buffer: .boolean(values), validity: validity.contains(false) ? validity : nil),
                      isConstant: constant)
    }

    func not(_ v: Vector) throws(SQLEvaluationError) -> Vector {
        guard case .boolean(let values) = v.column.buffer else { throw SQLEvaluationError("NOT needs a boolean, not \(v.type)") }
        return Vector(Column(type: .boolean, buffer: .boolean(values.map { !$0 }), validity: v.column.validity), isConstant: v.isConstant)
    }

    func isNull(_ v: Vector, negated: Bool) -> Vector {
        let n = v.column.count
        let values = v.column.validity.map { mask in mask.map { negated ? $0 : !$0 } } ?? [Bool](repeating: negated, count: n)
        return Vector(Column(type: .boolean, buffer: .boolean(values)), isConstant: v.isConstant)
    }

    /// Like `=` / `<>`, but NULL equals NULL and the result is never NULL.
    func distinct(_ a: Vector, _ b: Vector, negated: Bool, count: Int) throws(SQLEvaluationError) -> Vector {
        let (n, constant) = resultCount(a, b, count: count)
        var values = try compareValues(.notEqual, a, b, count: n)
        if a.column.validity != nil || b.column.validity != nil {
            for i in 0..<n {
                let nullA = a.isNull(i), nullB = b.isNull(i)
                if nullA || nullB { values[i] = nullA != nullB }
            }
        }
        if negated { values = values.map { !$0 } }
        return Vector(Column(type: .boolean, buffer: .boolean(values)), isConstant: constant)
    }

    func inList(_ operand: BoundExpression, _ list: [BoundExpression], negated: Bool,
                _ input: EvaluationInput) throws(SQLEvaluationError) -> Vector {
        let subject = try vector(operand, input)
        var result: Vector
        if list.isEmpty {
            // x IN () is FALSE, or NULL when x is NULL.
            let n = subject.column.count
            result = Vector(Column(type: .boolean, buffer: .boolean([Bool](repeating: false, count: n)), validity: subject.column.validity),
                            isConstant: subject.isConstant)
        } else {
            var matches: [Vector] = []
            for item in list {
                matches.append(try compare(.equal, subject, try vector(item, input), count: input.count))
            }
            result = combine(isAnd: false, matches, count: input.count)
        }
        return negated ? try not(result) : result
    }
}
