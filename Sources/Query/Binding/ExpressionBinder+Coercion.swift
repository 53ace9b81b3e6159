import Columnar

/// Where operands meet: DuckDB's implicit casts, including how literals adapt to the other operands.
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

    func requireComparable(_ type: DataType, in e: SQLExpression) throws(SQLBindingError) {
        if type == .binary {
            throw SQLBindingError("cannot compare values of type binary in \"\(e)\"", offset: e.offset)
        }
    }
}
