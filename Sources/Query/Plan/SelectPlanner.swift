import Columnar

/// Binds a parsed SELECT over one table of a catalog into a `SelectPlan`: expands `*`, resolves GROUP BY
/// and ORDER BY ordinals and aliases, pulls out aggregates, narrows the scan to the columns the query
/// reads, and derives the constraints a scan can use to skip data.
struct SelectPlanner {
    let catalog: any QueryCatalog

    private struct Item {
        var expression: SQLExpression
        var name: String
    }

    /// An ORDER BY item: a select-list column, or an expression computed as a hidden column.
    private enum OrderTarget {
        case item(Int)
        case expression(SQLExpression)
    }

    private struct Bound {
        var filter: BoundExpression?
        var aggregation: AggregateBinding?
        var having: BoundExpression?
        var outputs: [BoundExpression]
    }

    func plan(_ statement: SelectStatement) throws -> SelectPlan {
        if !statement.commonTableExpressions.isEmpty {
            // Each common table expression is run once, in order, and read as a table by what follows.
            var tables: [MaterializedTable] = []
            for cte in statement.commonTableExpressions {
                let scoped = CommonTableCatalog(base: catalog, tables: tables)
                var batch = try SelectExecutor().run(try SelectPlanner(catalog: scoped).plan(cte.query))
                if !cte.columnNames.isEmpty {
                    guard cte.columnNames.count <= batch.schema.fields.count else {
                        throw SQLBindingError("\(cte.name.name) names \(cte.columnNames.count) columns but its query returns \(batch.schema.fields.count)",
                                              offset: cte.name.offset)
                    }
                    var fields = batch.schema.fields
                    for (i, name) in cte.columnNames.enumerated() { fields[i].name = name.name }
                    batch = RecordBatch(schema: Schema(fields), columns: batch.columns)
                }
                tables.append(MaterializedTable(name: cte.name.name, batch: batch))
            }
            var body = statement
            body.commonTableExpressions = []
            return try SelectPlanner(catalog: CommonTableCatalog(base: catalog, tables: tables)).plan(body)
        }
        // Subqueries (in FROM, IN, as values) run over the same catalog, each once.
        let subqueries = SubqueryRunner(catalog: catalog)
        var table: (any QueryTable)?
        var qualifier: String?
        var join: JoinNode?
        let joins = JoinPlanner(catalog: catalog, subqueries: subqueries)
        switch statement.from {
        case nil:
            break
        case .table(let name, let alias)?:
            guard let resolved = catalog.tableNames.first(where: { name.matches($0) }), let found = try catalog.table(named: resolved) else {
                throw SQLBindingError("unknown table '\(name.name)'" + NearestNames.hint(for: name.name, among: catalog.tableNames)
                                      + " (tables: \(catalog.tableNames.joined(separator: ", ")))", offset: name.offset)
            }
            table = found
            qualifier = alias?.name ?? resolved
        case .subquery(let query, let alias)?:
            table = MaterializedTable(name: alias?.name ?? "subquery", batch: try subqueries.run(query))
            qualifier = alias?.name
        case .join(let clause)?:
            join = try joins.tree(.join(clause))
        }
        let scope = join?.scope ?? table.map { BindingScope(schema: $0.schema, qualifier: qualifier) } ?? BindingScope([])

        var items: [Item] = []
        for item in statement.items {
            switch item {
            case .wildcard(let q):
                guard table != nil || join != nil else { throw SQLBindingError("SELECT * needs a FROM clause") }
                let columns = scope.columns.filter { column in q.map { q in column.qualifier.map { q.matches($0) } ?? false } ?? true }
                if let q, columns.isEmpty {
                    throw SQLBindingError("unknown table '\(q.name)' in \(q.name).*", offset: q.offset)
                }
                for column in columns {
                    // Qualified when the FROM clause joins, where a bare name may be ambiguous.
                    let columnQualifier = join == nil ? nil : column.qualifier.map { SQLIdentifier($0, isQuoted: true) }
                    items.append(Item(expression: SQLExpression(.column(qualifier: columnQualifier, name: SQLIdentifier(column.name, isQuoted: true))),
                                      name: column.name))
                }
            case .expression(let e, let alias):
                items.append(Item(expression: e, name: alias?.name ?? Self.defaultName(e)))
            }
        }
        let aliases = statement.items.compactMap { item -> (SQLIdentifier, SQLExpression)? in
            if case .expression(let e, let alias?) = item { return (alias, e) }
            return nil
        }
        func alias(_ e: SQLExpression) -> SQLExpression? {
            guard case .column(nil, let name) = e.kind else { return nil }
            return aliases.first { $0.0 == name }?.1
        }
        func ordinal(_ e: SQLExpression, clause: String) throws -> Int? {
            guard case .literal(.integer(let digits)) = e.kind else { return nil }
            guard let k = Int(digits), k >= 1, k <= items.count else {
                throw SQLBindingError("\(clause) position \(digits) is not in the select list (1 to \(items.count))", offset: e.offset)
            }
            return k - 1
        }

        // GROUP BY x: a column of the table first, then a select alias (as DuckDB resolves it).
        let groupBy = try statement.groupBy.map { key -> SQLExpression in
            if let k = try ordinal(key, clause: "GROUP BY") { return items[k].expression }
            if case .column(nil, let name) = key.kind, scope.columns.contains(where: { name.matches($0.name) }) { return key }
            return alias(key) ?? key
        }
        // ORDER BY x: a select alias first, then the same expression as a select item, then anything else.
        let orderTargets = try statement.orderBy.map { order -> OrderTarget in
            if let k = try ordinal(order.expression, clause: "ORDER BY") { return .item(k) }
            if case .column(nil, let name) = order.expression.kind,
               let k = statement.items.firstIndex(where: { if case .expression(_, let a?) = $0 { return a == name } else { return false } }) {
                return .item(itemIndex(ofStatementItem: k, statement.items, scope))
            }
            if let k = items.firstIndex(where: { $0.expression == order.expression }) { return .item(k) }
            return .expression(order.expression)
        }
        let hidden = orderTargets.compactMap { target -> SQLExpression? in
            if case .expression(let e) = target { return e }
            return nil
        }
        if statement.isDistinct, let first = hidden.first {
            throw SQLBindingError("for SELECT DISTINCT, ORDER BY expressions must appear in the select list: \(first)", offset: first.offset)
        }
        if let w = statement.whereClause, ExpressionBinder.containsAggregate(w) {
            throw SQLBindingError("aggregate functions are not allowed in WHERE", offset: w.offset)
        }
        let aggregated = !groupBy.isEmpty || statement.having != nil
            || (items.map(\.expression) + hidden).contains(where: ExpressionBinder.containsAggregate)

        func bind(_ scope: BindingScope, withWhere: Bool = true) throws -> Bound {
            var binder = ExpressionBinder(scope: scope)
            binder.subqueries = subqueries
            let filter = withWhere ? try statement.whereClause.map { try binder.bindCondition($0) } : nil
            let expressions = items.map(\.expression) + hidden
            guard aggregated else {
                return Bound(filter: filter, aggregation: nil, having: nil, outputs: try expressions.map { try binder.bind($0) })
            }
            let aggregation = try AggregateBinding(input: binder, groupBy: groupBy,
                                                   using: expressions + [statement.having].compactMap { $0 })
            return Bound(filter: filter, aggregation: aggregation,
                         having: try statement.having.map { try aggregation.outputBinder.bindCondition($0) },
                         outputs: try expressions.map { try aggregation.outputBinder.bind($0) })
        }

        // Bound over every column first, so that an unknown name is reported with the table's nearest names.
        _ = try bind(scope)
        if let join {
            // WHERE goes into the join tree, each condition as deep as it may; the tree reads what the rest names.
            for condition in statement.whereClause.map(JoinPlanner.conjuncts) ?? [] {
                joins.push(condition, into: join, at: scope.columns(namedIn: [condition]))
            }
            try joins.prepare(join, needed: scope.columns(namedIn: items.map(\.expression) + hidden + groupBy + [statement.having].compactMap { $0 }))
            let narrow = BindingScope(join.output.map { scope.columns[$0] })
            let bound = try bind(narrow, withWhere: false)
            return SelectPlan(
                table: nil, join: join, scanColumns: [], constraints: [],
                filter: nil, aggregation: bound.aggregation, having: bound.having,
                outputs: bound.outputs, outputNames: items.map(\.name), order: orderPlan(orderTargets, statement, items.count),
                distinct: statement.isDistinct, limit: statement.limit, offset: statement.offset ?? 0)
        }
        // The scan reads the columns the query names.
        var used = scope.columns(namedIn: items.map(\.expression) + hidden + groupBy
                                 + [statement.whereClause, statement.having].compactMap { $0 })
        // A scan needs a column to count rows by (`SELECT count(*) FROM t` reads none).
        if used.isEmpty && !scope.columns.isEmpty { used = [0] }
        let narrow = BindingScope(used.sorted().map { scope.columns[$0] })
        let bound = try bind(narrow)

        return SelectPlan(
            table: table, join: nil, scanColumns: narrow.columns.map(\.name),
            constraints: ConstraintExtractor.constraints(from: bound.filter),
            filter: bound.filter, aggregation: bound.aggregation, having: bound.having,
            outputs: bound.outputs, outputNames: items.map(\.name), order: orderPlan(orderTargets, statement, items.count),
            distinct: statement.isDistinct, limit: statement.limit, offset: statement.offset ?? 0)
    }

    /// ORDER BY as output positions: a select item, or the next hidden column after the `visible` ones.
    private func orderPlan(_ targets: [OrderTarget], _ statement: SelectStatement, _ visible: Int) -> [SelectPlan.Order] {
        var order: [SelectPlan.Order] = []
        var hiddenPosition = visible
        for (target, item) in zip(targets, statement.orderBy) {
            let output: Int
            switch target {
            case .item(let k): output = k
            case .expression:
                output = hiddenPosition
                hiddenPosition += 1
            }
            order.append(SelectPlan.Order(output: output, ascending: item.ascending, nullsFirst: item.nullsFirstResolved))
        }
        return order
    }

    /// The position in the expanded select list of the statement's `k`-th item (`*` expands to many).
    private func itemIndex(ofStatementItem k: Int, _ items: [SQLSelectItem], _ scope: BindingScope) -> Int {
        items[..<k].reduce(0) { count, item in
            if case .wildcard = item { return count + scope.columns.count }
            return count + 1
        }
    }

    /// The column name a select item gets without an alias: the column's name, else the expression.
    static func defaultName(_ e: SQLExpression) -> String {
        if case .column(_, let name) = e.kind { return name.name }
        return e.description
    }
}
