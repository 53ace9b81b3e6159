import Columnar

/// Function calls: scalar functions with DuckDB's signatures, COALESCE, and aggregate calls.
extension ExpressionBinder {
    func bindFunction(_ call: SQLFunctionCall, in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        if AggregateFunction.named(call.name) != nil {
            let message = grouping == nil
                ? "aggregate function \(e) is not allowed here"
                : "aggregate function \(e) was not computed by the aggregation"
            throw SQLBindingError(message, offset: e.offset)
        }
        if call.isStar || call.isDistinct {
            throw SQLBindingError("\(call.isStar ? "*" : "DISTINCT") is only allowed in aggregate functions, in \"\(e)\"", offset: e.offset)
        }
        if call.name == "coalesce" { return try bindCoalesce(call.arguments, in: e) }
        guard let function = ScalarFunction.named(call.name) else {
            let known = Array(ScalarFunction.spellings.keys) + Array(AggregateFunction.spellings.keys) + ["coalesce"]
            throw SQLBindingError("unknown function '\(call.name)'" + NearestNames.hint(for: call.name, among: known), offset: e.offset)
        }
        let arguments = call.arguments
        var bound: [BoundExpression] = []
        for a in arguments {
            // An untyped NULL argument stands for a value of whatever type the function wants.
            if case .null = LiteralRole(a) { bound.append(.literal(.null, .int64)) } else { bound.append(try bindOperand(a)) }
        }
        func arity(_ counts: ClosedRange<Int>) throws(SQLBindingError) {
            guard counts.contains(arguments.count) else {
                let expected = counts.count == 1 ? "\(counts.lowerBound)" : "\(counts.lowerBound) to \(counts.upperBound)"
                throw SQLBindingError("\(function.name) takes \(expected) argument\(counts.upperBound == 1 ? "" : "s"), not \(arguments.count), in \"\(e)\"",
                                      offset: e.offset)
            }
        }
        func wrong(_ i: Int, wanted: String) -> SQLBindingError {
            SQLBindingError("\(function.name) needs \(wanted), not \(bound[i].type), in \"\(e)\"", offset: arguments[i].offset)
        }
        func numeric(_ i: Int) throws(SQLBindingError) {
            guard TypeCoercion.isNumeric(bound[i].type) else { throw wrong(i, wanted: "a number") }
        }
        func integer(_ i: Int) throws(SQLBindingError) -> BoundExpression {
            guard bound[i].type.isInteger else { throw wrong(i, wanted: "an integer") }
            return try coerce(bound[i], to: .int64, syntax: arguments[i])
        }
        func text(_ i: Int) throws(SQLBindingError) -> BoundExpression {
            if case .null = LiteralRole(arguments[i]) { return .literal(.null, .string) }
            guard bound[i].type == .string else { throw wrong(i, wanted: "text") }
            return bound[i]
        }

        switch function {
        case .abs:
            try arity(1...1)
            try numeric(0)
            return fold(.function(.abs, bound, type: bound[0].type))
        case .round:
            try arity(1...2)
            try numeric(0)
            // DuckDB reads 2.675 as a DECIMAL and rounds its decimal digits.
            if case .decimal = LiteralRole(arguments[0]), case .decimal(let text)? = arguments[0].literal {
                var places: Int64? = 0
                if arguments.count == 2 {
                    if case .literal(let v, _) = try integer(1), case .int(let p) = v { places = p } else { places = nil }
                }
                if let places, let rounded = NumberText.roundDecimal(text, digits: places) {
                    return .literal(.double(rounded), .float64)
                }
            }
            var x = bound[0]
            // DuckDB rounds UTINYINT…UINTEGER as BIGINT.
            if [.uint8, .uint16, .uint32].contains(x.type) { x = try coerce(x, to: .int64, syntax: arguments[0]) }
            let precision = arguments.count == 2 ? [try integer(1)] : []
            return fold(.function(.round, [x] + precision, type: x.type))
        case .ln, .log10, .log1p, .exp, .sqrt:
            try arity(1...1)
            try numeric(0)
            return fold(.function(function, [try coerce(bound[0], to: .float64, syntax: arguments[0])], type: .float64))
        case .lower, .upper:
            try arity(1...1)
            return fold(.function(function, [try text(0)], type: .string))
        case .length:
            try arity(1...1)
            return fold(.function(.length, [try text(0)], type: .int64))
        case .substring:
            try arity(2...3)
            var parts = [try text(0), try integer(1)]
            if arguments.count == 3 { parts.append(try integer(2)) }
            return fold(.function(.substring, parts, type: .string))
        }
    }

    private func bindCoalesce(_ arguments: [SQLExpression], in e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        guard !arguments.isEmpty else { throw SQLBindingError("coalesce needs at least one argument", offset: e.offset) }
        var bound: [BoundExpression] = []
        for a in arguments { bound.append(try bindOperand(a)) }
        let type = try foldedType(Array(zip(bound, arguments))) { p, q in
            SQLBindingError("coalesce arguments have incompatible types \(p) and \(q) in \"\(e)\"", offset: e.offset)
        } ?? .int32
        var coerced: [BoundExpression] = []
        for (x, s) in zip(bound, arguments) {
            let c = try coerce(x, to: type, syntax: s)
            // A constant NULL argument never contributes. (A constant non-NULL one ends the search at run
            // time; folding it here would let comparisons be rewritten where DuckDB does not rewrite them.)
            if case .literal(.null, _) = c { continue }
            coerced.append(c)
        }
        if coerced.isEmpty { return .literal(.null, type) }
        if coerced.count == 1 { return coerced[0] }
        return fold(.coalesce(coerced, type: type))
    }

    /// Binds one aggregate call (as found by `aggregateCalls(in:)`) against this binder's scope, the
    /// aggregate's input. Checks the argument types and that no aggregate is nested inside.
    public func bindAggregate(_ expression: SQLExpression) throws(SQLBindingError) -> BoundAggregate {
        guard case .function(let call) = expression.kind, let function = AggregateFunction.named(call.name) else {
            throw SQLBindingError("\"\(expression)\" is not an aggregate function call", offset: expression.offset)
        }
        for argument in call.arguments where Self.containsAggregate(argument) {
            throw SQLBindingError("aggregate function calls cannot be nested, in \"\(expression)\"", offset: argument.offset)
        }
        if call.isStar {
            guard function == .count else {
                throw SQLBindingError("only count accepts *, in \"\(expression)\"", offset: expression.offset)
            }
            return BoundAggregate(function: .count, argument: nil, isDistinct: false, fraction: nil, type: .int64, syntax: expression)
        }
        let expected = function.takesFraction ? 2 : 1
        guard call.arguments.count == expected else {
            throw SQLBindingError("\(function.name) takes \(expected) argument\(expected == 1 ? "" : "s"), not \(call.arguments.count), in \"\(expression)\"",
                                  offset: expression.offset)
        }
        var argument = try bindOperand(call.arguments[0])
        if case .null = LiteralRole(call.arguments[0]) { argument = .literal(.null, .int32) }
        guard let type = function.resultType(for: argument.type) else {
            throw SQLBindingError("\(function.name) cannot take \(argument.type), in \"\(expression)\"", offset: call.arguments[0].offset)
        }
        var fraction: Double? = function == .median ? 0.5 : nil
        if function.takesFraction {
            let q = try bindOperand(call.arguments[1])
            guard case .literal(let v, let t) = q, TypeCoercion.isNumeric(t), let d = NumberText.double(of: v), (0...1).contains(d) else {
                throw SQLBindingError("the quantile must be a constant between 0 and 1, in \"\(expression)\"", offset: call.arguments[1].offset)
            }
            fraction = d
        }
        return BoundAggregate(function: function, argument: argument, isDistinct: call.isDistinct, fraction: fraction,
                              type: type, syntax: expression)
    }
}
