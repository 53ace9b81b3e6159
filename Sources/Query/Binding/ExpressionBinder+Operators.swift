import Columnar

/// Operators: which operand types they take, where operands meet, and what they return.
extension ExpressionBinder {
    /// How a literal operand may adapt to the other operands (DuckDB's literal rules): an untyped
    /// NULL takes any type, an integer literal the other side's integer type when its value fits, a
    /// decimal literal without exponent (DuckDB: DECIMAL) float32 next to float32, a string literal
    /// any type it converts to. A literal with an exponent (`1.5e0`) is a plain DOUBLE.
    enum LiteralRole {
        case none, null, integer(TypeCoercion.IntegerLiteral), decimal, string

        init(_ syntax: SQLExpression) {
            switch syntax.literal {
            case .null?: self = .null
            case .integer(let digits)?: self = .integer(TypeCoercion.IntegerLiteral(digits))
            case .decimal(let digits)?: self = digits.contains(where: { $0 == "e" || $0 == "E" }) ? .none : .decimal
            case .string?: self = .string
            default: self = Self.isUntypedNull(syntax) ? .null : .none
            }
        }

        /// A CASE or COALESCE that can only give an untyped NULL is itself untyped (DuckDB's NULL type).
        private static func isUntypedNull(_ syntax: SQLExpression) -> Bool {
            switch syntax.kind {
            case .literal(.null): return true
            case .caseWhen(_, let branches, let elseResult):
                return branches.allSatisfy { isUntypedNull($0.result) } && (elseResult.map(isUntypedNull) ?? true)
            case .function(let call) where call.name == "coalesce" && !call.isStar && !call.isDistinct:
                return call.arguments.allSatisfy(isUntypedNull)
            default: return false
            }
        }
    }

    /// The type `operands` meet in, or nil when all are untyped NULLs. Throws `mismatch(a, b)`.
    func unifiedType(_ operands: [(bound: BoundExpression, syntax: SQLExpression)], forArithmetic: Bool = false,
                     mismatch: (DataType, DataType) -> SQLBindingError) throws(SQLBindingError) -> DataType? {
        let roles = operands.map { LiteralRole($0.syntax) }
        var anchor: DataType?
        func meet(_ type: DataType) throws(SQLBindingError) {
            guard let current = anchor else { anchor = type; return }
            let met = forArithmetic ? TypeCoercion.arithmetic(current, type) : TypeCoercion.common(current, type)
            guard let common = met else { throw mismatch(current, type) }
            anchor = common
        }
        for (i, role) in roles.enumerated() {
            if case .none = role { try meet(operands[i].bound.type) }
        }
        for role in roles {
            if case .decimal = role, anchor != .float32 { try meet(.float64) }
        }
        var literalIntegers: DataType?
        for role in roles {
            guard case .integer(let value) = role else { continue }
            let natural = TypeCoercion.integerLiteralType(value)
            if let current = anchor {
                guard TypeCoercion.isNumeric(current) else { throw mismatch(current, natural) }
                if !TypeCoercion.integerLiteral(value, fits: current) { try meet(natural) }
            } else {
                literalIntegers = literalIntegers.map { TypeCoercion.commonNumeric($0, natural)! } ?? natural
            }
        }
        if anchor == nil { anchor = literalIntegers }
        if anchor == nil, roles.contains(where: { if case .string = $0 { return true } else { return false } }) {
            anchor = .string
        }
        return anchor
    }

    /// The type CASE results or COALESCE arguments meet in, folded in order the way DuckDB does it (for
    /// CASE the ELSE comes first): a literal adapts to the type gathered so far, but two literals, or
    /// a literal after a NULL, settle on the literal's own type. So `CASE WHEN c THEN 7 WHEN d THEN
    /// tiny END` is INTEGER while `CASE WHEN c THEN tiny WHEN d THEN 7 END` is TINYINT.
    func foldedType(_ operands: [(bound: BoundExpression, syntax: SQLExpression)],
                    mismatch: (DataType, DataType) -> SQLBindingError) throws(SQLBindingError) -> DataType? {
        enum Gathered { case nothing, null, literal(LiteralRole, DataType), type(DataType) }
        func natural(_ role: LiteralRole, _ bound: BoundExpression) -> DataType {
            switch role {
            case .integer(let v): return TypeCoercion.integerLiteralType(v)
            case .decimal: return .float64
            case .string: return .string
            default: return bound.type
            }
        }
        func adapt(_ type: DataType, to role: LiteralRole, natural: DataType) throws(SQLBindingError) -> DataType {
            switch role {
            case .integer(let v):
                guard TypeCoercion.isNumeric(type) else { throw mismatch(type, natural) }
                if TypeCoercion.integerLiteral(v, fits: type) { return type }
                guard let met = TypeCoercion.common(type, natural) else { throw mismatch(type, natural) }
                return met
            case .decimal:
                guard TypeCoercion.isNumeric(type) else { throw mismatch(type, natural) }
                return type == .float32 ? type : TypeCoercion.common(type, .float64)!
            default:
                return type // a string literal converts to the type
            }
        }
        var gathered = Gathered.nothing
        for (bound, syntax) in operands {
            let role = LiteralRole(syntax)
            switch (gathered, role) {
            case (_, .null):
                if case .nothing = gathered { gathered = .null }
            case (.nothing, .none), (.null, .none):
                gathered = .type(bound.type)
            case (.nothing, _):
                gathered = .literal(role, natural(role, bound))
            case (.null, _):
                gathered = .type(natural(role, bound))
            case (.literal(let first, let firstType), .none):
                gathered = .type(try adapt(bound.type, to: first, natural: firstType))
            case (.literal(let first, let firstType), _):
                let second = natural(role, bound)
                if case .string = first {
                    gathered = .type(second)
                } else if case .string = role {
                    gathered = .type(firstType)
                } else {
                    guard let met = TypeCoercion.common(firstType, second) else { throw mismatch(firstType, second) }
                    gathered = .type(met)
                }
            case (.type(let type), .none):
                guard let met = TypeCoercion.common(type, bound.type) else { throw mismatch(type, bound.type) }
                gathered = .type(met)
            case (.type(let type), _):
                gathered = .type(try adapt(type, to: role, natural: natural(role, bound)))
            }
        }
        switch gathered {
        case .nothing, .null: return nil
        case .literal(_, let type), .type(let type): return type
        }
    }

    /// Binds two operands to be compared and brings them to one type. A signed integer against
    /// uint64 stays (int64, uint64) and is compared exactly, as DuckDB does through HUGEINT.
    func comparable(_ a: SQLExpression, _ b: SQLExpression, in e: SQLExpression,
                    allowMixedSignedness: Bool) throws(SQLBindingError) -> (BoundExpression, BoundExpression) {
        let x = try bindOperand(a), y = try bindOperand(b)
        if allowMixedSignedness, let mixed = try mixedSignedness(x, a, y, b) { return mixed }
        let type = try unifiedType([(x, a), (y, b)]) { p, q in
            SQLBindingError("cannot compare \(p) and \(q) in \"\(e)\"", offset: e.offset)
        } ?? .int32
        try requireComparable(type, in: e)
        return (try coerce(x, to: type, syntax: a), try coerce(y, to: type, syntax: b))
    }

    private func mixedSignedness(_ x: BoundExpression, _ a: SQLExpression, _ y: BoundExpression,
                                 _ b: SQLExpression) throws(SQLBindingError) -> (BoundExpression, BoundExpression)? {
        func isSigned(_ e: BoundExpression, _ s: SQLExpression) -> Bool {
            if case .integer(let v) = LiteralRole(s) { return !TypeCoercion.integerLiteral(v, fits: .uint64) }
            if case .none = LiteralRole(s) { return e.type.isInteger && e.type.isSigned }
            return false
        }
        if x.type == .uint64, case .none = LiteralRole(a), isSigned(y, b) {
            return (x, try coerce(y, to: .int64, syntax: b))
        }
        if y.type == .uint64, case .none = LiteralRole(b), isSigned(x, a) {
            return (try coerce(x, to: .int64, syntax: a), y)
        }
        return nil
    }

    private func requireComparable(_ type: DataType, in e: SQLExpression) throws(SQLBindingError) {
        if type == .binary {
            throw SQLBindingError("cannot compare values of type binary in \"\(e)\"", offset: e.offset)
        }
    }

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
        let all = [operand] + list
        var bound: [BoundExpression] = []
        for item in all { bound.append(try bindOperand(item)) }
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
        let both = BoundExpression.and([.comparison(.greaterOrEqual, x, lo), .comparison(.lessOrEqual, x, hi)])
        let between = negated ? BoundExpression.not(both) : both
        return [x, lo, hi].allSatisfy(\.isLiteral) ? fold(negated ? .not(fold(both)) : fold(both)) : between
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
