import Columnar

/// Operators: which operand types they take, where operands meet, and what they return.
extension ExpressionBinder {
    func bindComparison(_ op: ComparisonOperator, _ a: SQLExpression, _ b: SQLExpression,
                        in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        let (x, y) = try comparable(a, b, in: e, allowMixedSignedness: true)
        return fold(simplifiedComparison(op, x, y))
    }

    func bindArithmetic(_ op: ArithmeticOperator, _ a: SQLExpression, _ b: SQLExpression,
                        in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        let x = try bindOperand(a), y = try bindOperand(b)
        let mismatch = { (p: DataType, q: DataType) in
            SQLBindingError("cannot apply '\(op.rawValue)' to \(p) and \(q) in \"\(e)\"", offset: e.offset)
        }
        // DuckDB does not guess a number from a string literal here ('1' + 1 is an error).
        for s in [a, b] { if case .string = LiteralRole(s) { throw mismatch(x.type, y.type) } }
        // NULL + NULL is BIGINT in DuckDB.
        var type = try unifiedType([(x, a), (y, b)], forArithmetic: true, mismatch: mismatch) ?? .int64
        guard TypeCoercion.isNumeric(type) else { throw mismatch(x.type, y.type) }
        if op == .divide && type.isInteger { type = .float64 }
        return fold(.arithmetic(op, try coerce(x, to: type, syntax: a), try coerce(y, to: type, syntax: b)))
    }

    /// `||` joins the text of its operands: numbers and booleans are cast to text first, as DuckDB does.
    func bindConcatenation(_ a: SQLExpression, _ b: SQLExpression, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        func text(_ s: SQLExpression) throws(SQLBindingError) -> BoundExpression {
            let x = try bindOperand(s)
            guard x.type == .string || CastKernel.canCast(from: x.type, to: .string) else {
                throw SQLBindingError("cannot apply '||' to \(x.type) in \"\(e)\"", offset: s.offset)
            }
            return try coerce(x, to: .string, syntax: s)
        }
        return fold(.concatenate(try text(a), try text(b)))
    }

    func bindUnary(_ op: SQLUnaryOperator, _ operand: SQLExpression, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        if op == .not { return fold(.not(try condition(operand, role: "the argument of NOT"))) }
        var x = try bindOperand(operand)
        if case .null = LiteralRole(operand) { x = .literal(.null, .int64) }
        guard TypeCoercion.isNumeric(x.type) else {
            throw SQLBindingError("cannot apply '\(op.rawValue)' to \(x.type) in \"\(e)\"", offset: e.offset)
        }
        return op == .plus ? x : fold(.negate(x))
    }

    /// AND / OR chains, flattened without recursion along the chain, and simplified as DuckDB's
    /// optimizer does: `FALSE AND x` is FALSE and `TRUE OR x` is TRUE whatever `x` would raise.
    func bindConnective(_ e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        guard case .binary(let op, _, _) = e.kind else { return try bindOperand(e) }
        var operands: [SQLExpression] = []
        var stack = [e]
        while let next = stack.popLast() {
            if case .binary(let inner, let a, let b) = next.kind, inner == op {
                stack.append(b)
                stack.append(a)
            } else {
                operands.append(next)
            }
        }
        var bound: [BoundExpression] = []
        let absorbing = op == .or
        for operand in operands {
            let x = try condition(operand, role: "the argument of \(op.rawValue)")
            if case .literal(.boolean(let b), _) = x {
                if b == absorbing { return .literal(.boolean(absorbing), .boolean) }
                continue
            }
            bound.append(x)
        }
        if bound.isEmpty { return .literal(.boolean(!absorbing), .boolean) }
        if bound.count == 1 { return bound[0] }
        return fold(op == .and ? .and(bound) : .or(bound))
    }

    /// A boolean operand: an untyped NULL becomes a boolean NULL, anything else must be boolean.
    func condition(_ syntax: SQLExpression, role: String) throws(SQLBindingError) -> BoundExpression {
        let x = try bindOperand(syntax)
        if case .null = LiteralRole(syntax) { return .literal(.null, .boolean) }
        guard x.type == .boolean else {
            throw SQLBindingError("\(role) must be boolean, not \(x.type), in \"\(syntax)\"", offset: syntax.offset)
        }
        return x
    }

    func bindInList(_ operand: SQLExpression, _ list: [SQLExpression], negated: Bool,
                    in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        var bound: [BoundExpression] = []
        for item in list { bound.append(try bindOperand(item)) }
        return try bindMembership(try bindOperand(operand), operand, bound, valueSyntax: list, negated: negated, in: e)
    }

    /// `x IN (values)` whose values come from a subquery: each written as `syntax` in messages.
    func bindMembership(_ subject: BoundExpression, _ subjectSyntax: SQLExpression, _ values: [BoundExpression],
                        valueSyntax syntax: SQLExpression, negated: Bool, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        try bindMembership(subject, subjectSyntax, values, valueSyntax: Array(repeating: syntax, count: values.count), negated: negated, in: e)
    }

    func bindMembership(_ subject: BoundExpression, _ subjectSyntax: SQLExpression, _ values: [BoundExpression],
                        valueSyntax list: [SQLExpression], negated: Bool, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        let all = [subjectSyntax] + list
        let bound = [subject] + values
        let type = try unifiedType(Array(zip(bound, all))) { p, q in
            SQLBindingError("cannot compare \(p) and \(q) in \"\(e)\"", offset: e.offset)
        } ?? .int32
        try requireComparable(type, in: e)
        var coerced: [BoundExpression] = []
        for (x, s) in zip(bound, all) { coerced.append(try coerce(x, to: type, syntax: s)) }
        return fold(.inList(coerced[0], Array(coerced.dropFirst()), negated: negated))
    }

    /// `x BETWEEN lo AND hi` is `x >= lo AND x <= hi` with the three operands brought to one type.
    func bindBetween(_ operand: SQLExpression, _ low: SQLExpression, _ high: SQLExpression, negated: Bool,
                     in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        let all = [operand, low, high]
        var bound: [BoundExpression] = []
        for item in all { bound.append(try bindOperand(item)) }
        let type = try unifiedType(Array(zip(bound, all))) { p, q in
            SQLBindingError("cannot compare \(p) and \(q) in \"\(e)\"", offset: e.offset)
        } ?? .int32
        try requireComparable(type, in: e)
        let x = try coerce(bound[0], to: type, syntax: operand)
        let lo = try coerce(bound[1], to: type, syntax: low)
        let hi = try coerce(bound[2], to: type, syntax: high)
        // Folded only as a whole: DuckDB evaluates x even when a bound is a constant NULL.
        let ge = BoundExpression.comparison(.greaterOrEqual, x, lo), le = BoundExpression.comparison(.lessOrEqual, x, hi)
        guard [x, lo, hi].allSatisfy(\.isLiteral) else {
            return negated ? .not(.and([ge, le])) : .and([ge, le])
        }
        let both = fold(.and([fold(ge), fold(le)]))
        return negated ? fold(.not(both)) : both
    }

    func bindLike(_ operand: SQLExpression, _ pattern: SQLExpression, _ escape: SQLExpression?, caseInsensitive: Bool,
                  negated: Bool, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        func text(_ s: SQLExpression) throws(SQLBindingError) -> BoundExpression {
            let x = try bindOperand(s)
            if case .null = LiteralRole(s) { return .literal(.null, .string) }
            guard x.type == .string else {
                throw SQLBindingError("\(caseInsensitive ? "ILIKE" : "LIKE") needs text, not \(x.type), in \"\(e)\"", offset: s.offset)
            }
            return x
        }
        let subject = try text(operand), shape = try text(pattern)
        var escapeCharacter: Unicode.Scalar?
        if let escape {
            switch escape.literal {
            case .null?:
                return .literal(.null, .boolean)
            case .string(let s)?:
                guard s.unicodeScalars.count <= 1 else {
                    throw SQLBindingError("the ESCAPE string must be empty or one character", offset: escape.offset)
                }
                escapeCharacter = s.unicodeScalars.first
            default:
                throw SQLBindingError("ESCAPE must be a constant string", offset: escape.offset)
            }
        }
        return fold(.like(subject, pattern: shape, escape: escapeCharacter, caseInsensitive: caseInsensitive, negated: negated))
    }

    /// Simple CASE becomes searched CASE with `operand = value` conditions; the results meet in one type.
    func bindCase(_ operand: SQLExpression?, _ branches: [SQLWhenClause], _ elseResult: SQLExpression?,
                  in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        var conditions: [BoundExpression] = []
        for branch in branches {
            if let operand {
                let (x, y) = try comparable(operand, branch.condition, in: e, allowMixedSignedness: true)
                conditions.append(fold(simplifiedComparison(.equal, x, y)))
            } else {
                conditions.append(try condition(branch.condition, role: "a WHEN condition"))
            }
        }
        let resultSyntax = branches.map(\.result) + (elseResult.map { [$0] } ?? [])
        var results: [BoundExpression] = []
        for r in resultSyntax { results.append(try bindOperand(r)) }
        // DuckDB gathers the type from the ELSE (an implicit NULL when absent), then the branches.
        let pairs = Array(zip(results, resultSyntax))
        let ordered = elseResult == nil ? [(BoundExpression.literal(.null, .int32), SQLExpression(.literal(.null)))] + pairs
                                        : [pairs.last!] + pairs.dropLast()
        let type = try foldedType(ordered) { p, q in
            SQLBindingError("CASE results have incompatible types \(p) and \(q) in \"\(e)\"", offset: e.offset)
        } ?? .int32
        var coerced: [BoundExpression] = []
        for (x, s) in zip(results, resultSyntax) { coerced.append(try coerce(x, to: type, syntax: s)) }
        var clauses: [BoundWhenClause] = []
        for (i, c) in conditions.enumerated() {
            // A branch whose condition is constant FALSE or NULL can never be taken.
            if case .literal(let v, _) = c, v != .boolean(true) { continue }
            clauses.append(BoundWhenClause(condition: c, result: coerced[i]))
        }
        let otherwise = elseResult == nil ? nil : coerced.last
        if let first = clauses.first, case .literal(.boolean(true), _) = first.condition { return first.result }
        if clauses.isEmpty { return otherwise ?? .literal(.null, type) }
        return fold(.caseWhen(clauses, elseResult: otherwise, type: type))
    }

    func bindCast(_ operand: SQLExpression, to type: DataType, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        let x = try bindOperand(operand)
        if case .null = LiteralRole(operand) { return .literal(.null, type) }
        if x.type == type { return x }
        // DuckDB reads 2.5 as a DECIMAL, which casts to an integer half away from zero (3), not as the
        // double 2.5 (2): convert the digits as written.
        if case .decimal = LiteralRole(operand), case .decimal(let text)? = operand.literal, type.isInteger {
            let whole = try coerce(.literal(.string(text), .string), to: .int64, syntax: operand)
            return try coerce(whole, to: type, syntax: operand)
        }
        guard CastKernel.canCast(from: x.type, to: type) else {
            throw SQLBindingError("cannot cast \(x.type) to \(type) in \"\(e)\"", offset: e.offset)
        }
        return fold(.cast(x, to: type))
    }

    func comparisonOperator(_ op: SQLBinaryOperator) -> ComparisonOperator {
        switch op {
        case .equal: return .equal
        case .notEqual: return .notEqual
        case .less: return .less
        case .lessOrEqual: return .lessOrEqual
        case .greater: return .greater
        default: return .greaterOrEqual
        }
    }

    func arithmeticOperator(_ op: SQLBinaryOperator) -> ArithmeticOperator {
        switch op {
        case .add: return .add
        case .subtract: return .subtract
        case .multiply: return .multiply
        case .divide: return .divide
        case .integerDivide: return .integerDivide
        default: return .modulo
        }
    }
}
