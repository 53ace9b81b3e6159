import Columnar

/// What an aggregation computes, and how to bind what comes after it.
///
/// The aggregate operator's output has one column per group key, then one per aggregate call. Its
/// `outputBinder` binds the SELECT list, HAVING and ORDER BY over that output: a group key or an
/// aggregate call written anywhere in them (`count(*) * 2`, `lower(cell_type)`) becomes a
/// reference to its column, and a bare column that is neither is an error.
///
///     let input = ExpressionBinder(schema: cells.schema)
///     let aggregation = try AggregateBinding(input: input, groupBy: select.groupBy,
///                                            using: selectExpressions + [select.having].compactMap { $0 })
///     // run: keys = aggregation.groupKeys, aggregates = aggregation.aggregates
///     let projection = try selectExpressions.map { try aggregation.outputBinder.bind($0) }
public struct AggregateBinding: Sendable {
    /// GROUP BY expressions, bound against the input.
    public var groupKeys: [BoundExpression]
    /// Distinct aggregate calls found in the expressions, bound against the input.
    public var aggregates: [BoundAggregate]
    /// The aggregate's output: group keys, then aggregates, named as written.
    public var outputScope: BindingScope
    /// Binds expressions evaluated on the aggregate's output.
    public var outputBinder: ExpressionBinder

    /// - Parameters:
    ///   - input: binds expressions against the rows being aggregated.
    ///   - groupBy: the GROUP BY expressions (ordinals and aliases already replaced by the planner).
    ///   - expressions: everything evaluated after the aggregation (SELECT list, HAVING, ORDER BY),
    ///     searched for aggregate calls.
    public init(input: ExpressionBinder, groupBy: [SQLExpression], using expressions: [SQLExpression]) throws(SQLBindingError) {
        for key in groupBy where ExpressionBinder.containsAggregate(key) {
            throw SQLBindingError("aggregate functions are not allowed in GROUP BY, in \"\(key)\"", offset: key.offset)
        }
        var keys: [BoundExpression] = []
        var columns: [BindingScope.Column] = []
        var byExpression: [SQLExpression: Int] = [:]
        var byInputColumn: [Int: Int] = [:]
        for key in groupBy where byExpression[key] == nil {
            let bound = try input.bind(key)
            let index = keys.count
            byExpression[key] = index
            var qualifier: String?
            var name = key.description
            if case .column(let inputIndex, let inputName, _) = bound {
                byInputColumn[inputIndex] = byInputColumn[inputIndex] ?? index
                qualifier = input.scope.columns[inputIndex].qualifier
                name = inputName
            }
            keys.append(bound)
            columns.append(BindingScope.Column(qualifier: qualifier, name: name, type: bound.type))
        }
        var aggregates: [BoundAggregate] = []
        for call in ExpressionBinder.aggregateCalls(in: expressions) {
            let aggregate = try input.bindAggregate(call)
            byExpression[call] = keys.count + aggregates.count
            aggregates.append(aggregate)
            columns.append(BindingScope.Column(qualifier: nil, name: aggregate.name, type: aggregate.type))
        }
        groupKeys = keys
        self.aggregates = aggregates
        outputScope = BindingScope(columns)
        outputBinder = ExpressionBinder(scope: outputScope)
        outputBinder.subqueries = input.subqueries
        outputBinder.grouping = ExpressionBinder.Grouping(inputScope: input.scope, expressions: byExpression,
                                                          inputColumns: byInputColumn)
    }
}
