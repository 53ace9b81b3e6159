import Columnar

/// Turns a FROM clause with joins into a bound `JoinNode` tree: resolves its tables and subqueries,
/// splits each ON condition into equality keys, conditions on one side (pushed into that side) and a
/// residual, pushes WHERE conditions as deep as the join kinds allow (never into the NULL-supplying
/// side of a LEFT JOIN), and binds everything over the columns each node actually reads.
struct JoinPlanner {
    let catalog: any QueryCatalog
    let subqueries: SubqueryRunner

    /// The unbound tree for `reference`, with each join's ON conditions classified.
    func tree(_ reference: SQLTableReference) throws -> JoinNode {
        switch reference {
        case .table(let name, let alias):
            guard let resolved = catalog.tableNames.first(where: { name.matches($0) }), let table = try catalog.table(named: resolved) else {
                throw SQLBindingError("unknown table '\(name.name)'" + NearestNames.hint(for: name.name, among: catalog.tableNames)
                                      + " (tables: \(catalog.tableNames.joined(separator: ", ")))", offset: name.offset)
            }
            return JoinNode(leaf: table, scope: BindingScope(schema: table.schema, qualifier: alias?.name ?? resolved))
        case .subquery(let statement, let alias):
            let table = MaterializedTable(name: alias?.name ?? "subquery", batch: try subqueries.run(statement))
            return JoinNode(leaf: table, scope: BindingScope(schema: table.schema, qualifier: alias?.name))
        case .join(let join):
            let left = try tree(join.left), right = try tree(join.right)
            var step = JoinNode.JoinStep(kind: join.kind, left: left, right: right)
            let node = JoinNode(join: step)
            let leftCount = left.scope.columns.count
            var keys: [(SQLExpression, SQLExpression)] = []
            var residual: [SQLExpression] = []
            for condition in join.condition.map(Self.conjuncts) ?? [] {
                let positions = node.scope.columns(namedIn: [condition])
                let onLeft = !positions.isEmpty && positions.allSatisfy { $0 < leftCount }
                let onRight = !positions.isEmpty && positions.allSatisfy { $0 >= leftCount }
                if case .binary(.equal, let a, let b) = condition.kind, let key = Self.key(a, b, node.scope, leftCount) {
                    keys.append(key)
                } else if onRight {
                    push(condition, into: right, at: Set(positions.map { $0 - leftCount }))
                } else if onLeft && join.kind == .inner {
                    push(condition, into: left, at: Set(positions))
                } else {
                    residual.append(condition)
                }
            }
            step.keySyntax = keys
            step.residualSyntax = residual
            node.step = step
            return node
        }
    }

    /// Pushes a WHERE (or ON) condition naming `positions` of `node`'s scope as deep as it may go.
    func push(_ condition: SQLExpression, into node: JoinNode, at positions: Set<Int>) {
        if case .join(let step) = node.kind, !positions.isEmpty {
            let leftCount = step.left.scope.columns.count
            if positions.allSatisfy({ $0 < leftCount }) {
                return push(condition, into: step.left, at: positions)
            }
            if step.kind != .left, positions.allSatisfy({ $0 >= leftCount }) {
                return push(condition, into: step.right, at: Set(positions.map { $0 - leftCount }))
            }
        }
        node.conditions.append(condition)
    }

    /// Binds `node` to produce (at least) `needed`, choosing what each node reads.
    func prepare(_ node: JoinNode, needed: Set<Int>) throws {
        switch node.kind {
        case .leaf:
            var read = needed.union(node.scope.columns(namedIn: node.conditions))
            if read.isEmpty && !node.scope.columns.isEmpty { read = [0] }  // rows still need counting
            node.output = read.sorted()
            let narrow = BindingScope(node.output.map { node.scope.columns[$0] })
            node.filter = try condition(node.conditions, over: narrow)
            node.constraints = ConstraintExtractor.constraints(from: node.filter)
        case .join(var step):
            let leftCount = step.left.scope.columns.count
            let keys = step.keySyntax.flatMap { [$0.0, $0.1] }
            let want = needed.union(node.scope.columns(namedIn: keys + step.residualSyntax + node.conditions))
            try prepare(step.left, needed: want.filter { $0 < leftCount })
            try prepare(step.right, needed: Set(want.filter { $0 >= leftCount }.map { $0 - leftCount }))
            node.pairLayout = step.left.output + step.right.output.map { $0 + leftCount }
            let pairScope = BindingScope(node.pairLayout.map { node.scope.columns[$0] })
            let leftBinder = binder(BindingScope(step.left.output.map { step.left.scope.columns[$0] }))
            let rightBinder = binder(BindingScope(step.right.output.map { step.right.scope.columns[$0] }))
            step.leftKeys = []
            step.rightKeys = []
            for (a, b) in step.keySyntax {
                let l = try leftBinder.bind(a), r = try rightBinder.bind(b)
                let equality = SQLExpression(.binary(.equal, a, b), offset: a.offset)
                guard var type = try leftBinder.unifiedType([(l, a), (r, b)], mismatch: { p, q in
                    SQLBindingError("cannot compare \(p) and \(q) in \"\(equality)\"", offset: a.offset)
                }) else { continue }
                try leftBinder.requireComparable(type, in: equality)
                var lk = try leftBinder.coerce(l, to: type, syntax: a), rk = try rightBinder.coerce(r, to: type, syntax: b)
                if lk.type != rk.type {  // int64 against uint64: both compared as float64 would lose ids; as int64 they compare exactly below 2^63
                    type = .int64
                    lk = .cast(lk, to: type)
                    rk = .cast(rk, to: type)
                }
                step.leftKeys.append(lk)
                step.rightKeys.append(rk)
            }
            step.residual = try condition(step.residualSyntax, over: pairScope)
            node.filter = try condition(node.conditions, over: pairScope)
            node.step = step
            // A join whose rows are only counted still passes one column up, so its batches have a length.
            node.output = needed.isEmpty ? Array(node.pairLayout.prefix(1)) : needed.sorted()
        }
    }

    private func binder(_ scope: BindingScope) -> ExpressionBinder {
        var binder = ExpressionBinder(scope: scope)
        binder.subqueries = subqueries
        return binder
    }

    private func condition(_ conditions: [SQLExpression], over scope: BindingScope) throws -> BoundExpression? {
        guard let first = conditions.first else { return nil }
        let all = conditions.dropFirst().reduce(first) { SQLExpression(.binary(.and, $0, $1), offset: $0.offset) }
        return try binder(scope).bindCondition(all)
    }

    /// `a = b` as a key pair (left side's expression first) when each side names columns of one side only.
    private static func key(_ a: SQLExpression, _ b: SQLExpression, _ scope: BindingScope, _ leftCount: Int) -> (SQLExpression, SQLExpression)? {
        let pa = scope.columns(namedIn: [a]), pb = scope.columns(namedIn: [b])
        guard !pa.isEmpty, !pb.isEmpty else { return nil }
        if pa.allSatisfy({ $0 < leftCount }) && pb.allSatisfy({ $0 >= leftCount }) { return (a, b) }
        if pb.allSatisfy({ $0 < leftCount }) && pa.allSatisfy({ $0 >= leftCount }) { return (b, a) }
        return nil
    }

    static func conjuncts(_ e: SQLExpression) -> [SQLExpression] {
        if case .binary(.and, let a, let b) = e.kind { return conjuncts(a) + conjuncts(b) }
        return [e]
    }
}
