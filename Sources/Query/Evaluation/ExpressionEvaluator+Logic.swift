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
        } else if list.count >= 8, !subject.isConstant, let hashed = hashedMembership(subject, list) {
            result = hashed
        } else {
            var matches: [Vector] = []
            for item in list {
                matches.append(try compare(.equal, subject, try vector(item, input), count: input.count))
            }
            result = combine(isAnd: false, matches, count: input.count)
        }
        return negated ? try not(result) : result
    }

    /// `x IN (c1, c2, …)` for a long list of text or integer constants (`gene IN (<500 symbols>)`):
    /// one hash lookup per row instead of one comparison per constant. Same answers, NULLs included;
    /// nil when the list or type does not qualify (floats are left to `compare`, whose NaN equals NaN).
    private func hashedMembership(_ subject: Vector, _ list: [BoundExpression]) -> Vector? {
        var constants: [Value] = []
        for item in list {
            guard case .literal(let value, let type) = item, type == subject.type else { return nil }
            constants.append(value)
        }
        let listHasNull = constants.contains(.null)
        let n = subject.column.count
        var found = [Bool](repeating: false, count: n)
        switch subject.column.buffer {
        case .bytes(let v):
            let members = Set(constants.compactMap { value -> ArraySlice<UInt8>? in
                if case .string(let s) = value { return ArraySlice(s.utf8) }
                return nil
            })
            if let codes = subject.column.dictionary, codes.values.count < n {
                // Each distinct value is looked up once.
                let values = codes.values
                found = Self.lookUp(codes.indices, in: (0..<values.count).map { members.contains(values.bytes[values.byteRange($0)]) })
            } else {
                for i in 0..<n { found[i] = members.contains(v.bytes[v.byteRange(i)]) }
            }
        case .int8(let x): found = member(x, constants)
        case .int16(let x): found = member(x, constants)
        case .int32(let x): found = member(x, constants)
        case .int64(let x): found = member(x, constants)
        case .uint8(let x): found = member(x, constants)
        case .uint16(let x): found = member(x, constants)
        case .uint32(let x): found = member(x, constants)
        case .uint64(let x): found = member(x, constants)
        default: return nil
        }
        // Found: TRUE. Not found: FALSE, or NULL when the list holds a NULL. NULL subject: NULL.
        var validity = subject.column.validity ?? [Bool](repeating: true, count: n)
        if listHasNull { for i in 0..<n where !found[i] { validity[i] = false } }
        return Vector(Column(type: .boolean, buffer: .boolean(found), validity: validity.contains(false) ? validity : nil))
    }

    private func member<T: FixedWidthInteger>(_ x: [T], _ constants: [Value]) -> [Bool] {
        let members = Set(constants.compactMap { value -> T? in
            switch value {
            case .int(let v): return T(exactly: v)
            case .uint(let v): return T(exactly: v)
            default: return nil
            }
        })
        // Constants within a few million of each other (cell ids, gene ids): one bit per value of their
        // span, which a row tests without hashing.
        if let low = members.min().flatMap({ Int(exactly: $0) }), let high = members.max().flatMap({ Int(exactly: $0) }),
           case (let span, false) = high.subtractingReportingOverflow(low), span < 1 << 22 {
            var bits = [UInt64](repeating: 0, count: span / 64 + 1)
            for member in members {
                let offset = Int(member) - low
                bits[offset >> 6] |= 1 << UInt64(offset & 63)
            }
            return bits.withUnsafeBufferPointer { bits in
                x.map { value in
                    guard let value = Int(exactly: value), case (let offset, false) = value.subtractingReportingOverflow(low),
                          offset >= 0, offset <= span else { return false }
                    return bits[offset >> 6] & (1 << UInt64(offset & 63)) != 0
                }
            }
        }
        return x.map { members.contains($0) }
    }
}
