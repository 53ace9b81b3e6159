import Columnar

/// Resolves the names in an expression against a scope, checks and coerces types the way DuckDB
/// does, folds constant subexpressions, and produces a `BoundExpression` the evaluator can run.
///
/// A planner binds WHERE and the scan's projections with `bind`/`bindCondition`, aggregate calls with
/// `bindAggregate` (see `AggregateBinding`), and everything after an aggregation with the binder
/// `AggregateBinding.outputBinder`, whose scope is the aggregate's output.
public struct ExpressionBinder: Sendable {
    public var scope: BindingScope
    /// Set on the binder for expressions evaluated after an aggregation: group keys and aggregate
    /// calls become references to the aggregate's output columns.
    var grouping: Grouping?
    /// Runs `IN (SELECT …)` and scalar subqueries; nil where subqueries cannot appear.
    var subqueries: SubqueryRunner?

    /// What an aggregation has already computed, and where it put it.
    struct Grouping: Hashable, Sendable {
        /// The scope the GROUP BY expressions were bound in, to resolve bare column names.
        var inputScope: BindingScope
        /// Group-key expressions and aggregate calls, as written, by output column.
        var expressions: [SQLExpression: Int]
        /// Input columns that are group keys on their own, by output column (so `c.x` finds `GROUP BY x`).
        var inputColumns: [Int: Int]
    }

    public init(scope: BindingScope) {
        self.scope = scope
    }

    /// A binder over one table's columns; `qualifier` is the name or alias `t.c` may use.
    public init(schema: Schema, qualifier: String? = nil) {
        self.init(scope: BindingScope(schema: schema, qualifier: qualifier))
    }

    /// Binds an expression to be evaluated on batches laid out like `scope`.
    public func bind(_ expression: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        try bindOperand(expression)
    }

    /// Binds a WHERE / HAVING / ON / WHEN condition: the result must be boolean (or NULL).
    public func bindCondition(_ expression: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        try condition(expression, role: "a condition")
    }

    /// Whether `expression` calls an aggregate function anywhere (outside subqueries).
    public static func containsAggregate(_ expression: SQLExpression) -> Bool {
        !aggregateCalls(in: [expression]).isEmpty
    }

    /// The distinct aggregate calls in `expressions`, in order of first appearance. Arguments are not
    /// searched (a nested aggregate is an error `bindAggregate` reports); subqueries are not entered.
    public static func aggregateCalls(in expressions: [SQLExpression]) -> [SQLExpression] {
        var found: [SQLExpression] = []
        var seen = Set<SQLExpression>()
        var stack = Array(expressions.reversed())
        while let e = stack.popLast() {
            if case .function(let call) = e.kind, AggregateFunction.named(call.name) != nil {
                if seen.insert(e).inserted { found.append(e) }
                continue
            }
            stack.append(contentsOf: e.children.reversed())
        }
        return found
    }

    // MARK: - Dispatch

    func bindOperand(_ e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        if let grouping, let index = grouping.expressions[e] {
            let column = scope.columns[index]
            return .column(index: index, name: column.name, type: column.type)
        }
        switch e.kind {
        case .literal(let literal):
            return bindLiteral(literal)
        case .column(let qualifier, let name):
            return try bindColumn(qualifier: qualifier, name: name, at: e)
        case .unary(let op, let operand):
            return try bindUnary(op, operand, in: e)
        case .binary(.and, _, _), .binary(.or, _, _):
            return try bindConnective(e)
        case .binary(let op, let a, let b):
            if op.isComparison { return try bindComparison(comparisonOperator(op), a, b, in: e) }
            if op == .concatenate { return try bindConcatenation(a, b, in: e) }
            return try bindArithmetic(arithmeticOperator(op), a, b, in: e)
        case .isNull(let operand, let negated):
            return fold(.isNull(try bindOperand(operand), negated: negated))
        case .isDistinctFrom(let a, let b, let negated):
            let (x, y) = try comparable(a, b, in: e, allowMixedSignedness: true)
            return fold(simplifiedDistinct(x, y, negated: negated))
        case .inList(let operand, let list, let negated):
            return try bindInList(operand, list, negated: negated, in: e)
        case .between(let operand, let low, let high, let negated):
            return try bindBetween(operand, low, high, negated: negated, in: e)
        case .like(let operand, let pattern, let escape, let insensitive, let negated):
            return try bindLike(operand, pattern, escape, caseInsensitive: insensitive, negated: negated, in: e)
        case .caseWhen(let operand, let branches, let elseResult):
            return try bindCase(operand, branches, elseResult, in: e)
        case .cast(let operand, let type):
            return try bindCast(operand, to: type.type, in: e)
        case .function(let call):
            return try bindFunction(call, in: e)
        case .inSubquery(let operand, let query, let negated):
            guard let subqueries else { throw SQLBindingError("subqueries are not allowed here", offset: e.offset) }
            let column = try subqueries.column(of: query, at: e, outer: scope)
            let values = (0..<column.count).map { BoundExpression.literal(column.value(at: $0), column.type) }
            return try bindMembership(try bindOperand(operand), operand, values, valueSyntax: e, negated: negated, in: e)
        case .subquery(let query):
            guard let subqueries else { throw SQLBindingError("subqueries are not allowed here", offset: e.offset) }
            let column = try subqueries.column(of: query, at: e, outer: scope)
            guard column.count <= 1 else {
                throw SQLBindingError("more than one row returned by a subquery used as an expression (\(column.count) rows)", offset: e.offset)
            }
            return .literal(column.count == 0 ? .null : column.value(at: 0), column.type)
        }
    }

    // MARK: - Leaves

    private func bindLiteral(_ literal: SQLLiteral) -> BoundExpression {
        switch literal {
        case .null: return .literal(.null, .int32)
        case .boolean(let b): return .literal(.boolean(b), .boolean)
        case .integer(let digits):
            let value = TypeCoercion.IntegerLiteral(digits)
            return .literal(value.value, TypeCoercion.integerLiteralType(value))
        case .decimal(let digits): return .literal(.double(Double(digits) ?? .nan), .float64)
        case .string(let s): return .literal(.string(s), .string)
        }
    }

    private func bindColumn(qualifier: SQLIdentifier?, name: SQLIdentifier, at e: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        let written = qualifier.map { "\($0.name).\(name.name)" } ?? name.name
        if let grouping {
            let index = try resolve(qualifier: qualifier, name: name, in: grouping.inputScope, written: written, at: e)
            guard let output = grouping.inputColumns[index] else {
                throw SQLBindingError("column '\(written)' must appear in the GROUP BY clause or be used in an aggregate function", offset: e.offset)
            }
            let column = scope.columns[output]
            return .column(index: output, name: column.name, type: column.type)
        }
        let index = try resolve(qualifier: qualifier, name: name, in: scope, written: written, at: e)
        let column = scope.columns[index]
        return .column(index: index, name: column.name, type: column.type)
    }

    private func resolve(qualifier: SQLIdentifier?, name: SQLIdentifier, in scope: BindingScope, written: String,
                         at e: SQLExpression) throws(SQLBindingError) -> Int {
        let found = scope.matches(qualifier: qualifier, name: name)
        if found.count == 1 { return found[0] }
        if found.count > 1 {
            let qualifiers = found.compactMap { scope.columns[$0].qualifier }
            let choices = qualifiers.isEmpty ? "" : "; qualify it with one of: " + qualifiers.joined(separator: ", ")
            throw SQLBindingError("column reference '\(written)' is ambiguous\(choices)", offset: e.offset)
        }
        if let qualifier {
            let tables = Array(Set(scope.columns.compactMap(\.qualifier))).sorted()
            if !tables.contains(where: { qualifier.matches($0) }) {
                throw SQLBindingError("unknown table or alias '\(qualifier.name)'" + NearestNames.hint(for: qualifier.name, among: tables),
                                      offset: e.offset)
            }
            let names = scope.columns.filter { $0.qualifier.map { qualifier.matches($0) } ?? false }.map(\.name)
            throw SQLBindingError("unknown column '\(written)'" + NearestNames.hint(for: name.name, among: names), offset: e.offset)
        }
        throw SQLBindingError("unknown column '\(written)'" + NearestNames.hint(for: name.name, among: scope.columns.map(\.name)),
                              offset: e.offset)
    }

    // MARK: - Constants

    /// Replaces an expression whose operands are all constants by its value. An expression that fails
    /// (`1 // 0`) stays as it is: it raises its error only if a row ever evaluates it, as in DuckDB.
    /// Like DuckDB's optimizer, an operator that is NULL whenever an operand is NULL becomes NULL
    /// when an operand is the constant NULL, without evaluating the others (`NULL * (x // 0)`).
    func fold(_ e: BoundExpression) -> BoundExpression {
        if e.nullPropagatingOperands.contains(where: { if case .literal(.null, _) = $0 { true } else { false } }) {
            return .literal(.null, e.type)
        }
        if e.isLiteral || !e.children.allSatisfy(\.isLiteral) { return e }
        if case .column = e { return e }
        guard let value = try? ExpressionEvaluator().constant(e) else { return e }
        return .literal(value, e.type)
    }

    /// The literal `e` converted to `type` now, reporting a failed conversion as a binding error at
    /// `syntax` (`WHERE n_genes = 'abc'`).
    func coerce(_ e: BoundExpression, to type: DataType, syntax: SQLExpression) throws(SQLBindingError) -> BoundExpression {
        if case .null = LiteralRole(syntax) { return .literal(.null, type) }
        if e.type == type { return e }
        if case .literal(.null, _) = e { return .literal(.null, type) }
        let cast = BoundExpression.cast(e, to: type)
        guard e.isLiteral else { return cast }
        do {
            return .literal(try ExpressionEvaluator().constant(cast), type)
        } catch {
            throw SQLBindingError("\(error) in \"\(syntax)\"", offset: syntax.offset)
        }
    }
}
