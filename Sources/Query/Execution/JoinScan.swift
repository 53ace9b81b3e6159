import Columnar
import Lake

/// Runs a `JoinNode` tree: leaves scan their tables with their pushed-down filters; each join
/// materializes one side (the right of a LEFT JOIN; otherwise the smaller by estimate), hashes it on
/// the keys, and streams the other side through it. The keys of a hashed side become constraints on the
/// streamed side's scan when they are its plain columns, so joining `expression` with a few cells or
/// genes reads what those cells or genes cost, not the whole matrix.
struct JoinScan {
    private let evaluator = ExpressionEvaluator()
    /// Above this many distinct keys a key constraint saves little and costs a large list.
    static let keyConstraintLimit = 2_000_000

    func run(_ node: JoinNode, _ body: (RecordBatch) throws -> Void) throws {
        try scan(node, skippable: [:], body)
    }

    /// `skippable`: values a column (by position in `node`'s scope) must take for a row to matter above.
    private func scan(_ node: JoinNode, skippable: [Int: Column], _ body: (RecordBatch) throws -> Void) throws {
        switch node.kind {
        case .leaf(let table):
            if ConstraintExtractor.admitsNothing(node.filter) { return }
            let names = node.output.map { node.scope.columns[$0].name }
            var constraints = node.constraints
            for (position, values) in skippable {
                let name = node.scope.columns[position].name
                constraints.append(ColumnConstraint(column: name, values: (0..<values.count).map { values.value(at: $0) }))
            }
            let schema = Schema(node.output.map { Field(node.scope.columns[$0].name, node.scope.columns[$0].type) })
            try table.scan(columns: names, constraints: constraints) { batch in
                var batch = RecordBatch(schema: schema, columns: batch.columns)
                if let filter = node.filter {
                    let rows = try evaluator.selectedRows(filter, on: batch)
                    if rows.count < batch.rowCount { batch = batch.gather(rows) }
                }
                if batch.rowCount > 0 { try body(batch) }
            }
        case .join(let step):
            try join(node, step, skippable: skippable, body)
        }
    }

    private func join(_ node: JoinNode, _ step: JoinNode.JoinStep, skippable: [Int: Column], _ body: (RecordBatch) throws -> Void) throws {
        let leftCount = step.left.scope.columns.count
        let leftSkippable = skippable.filter { $0.key < leftCount }
        let rightSkippable = Dictionary(uniqueKeysWithValues: skippable.filter { $0.key >= leftCount }.map { ($0.key - leftCount, $0.value) })
        // Hash the right side of a LEFT JOIN (the left streams, keeping its unmatched rows); otherwise the smaller.
        var hashRight = true
        if step.kind != .left, let l = step.left.estimatedRows, let r = step.right.estimatedRows, l < r { hashRight = false }
        let (built, streamed) = hashRight ? (step.right, step.left) : (step.left, step.right)
        let (builtKeys, streamedKeys) = hashRight ? (step.rightKeys, step.leftKeys) : (step.leftKeys, step.rightKeys)
        var parts: [RecordBatch] = []
        try scan(built, skippable: hashRight ? rightSkippable : leftSkippable) { parts.append($0) }
        let schema = Schema(built.output.map { Field(built.scope.columns[$0].name, built.scope.columns[$0].type) })
        let buildBatch = parts.isEmpty ? RecordBatch(schema: schema, columns: schema.fields.map { Column.empty($0.type) })
            : parts.count == 1 ? parts[0] : RecordBatch.concatenate(parts, schema: schema)
        var table = HashJoinTable(build: buildBatch, keys: try builtKeys.map { try evaluator.evaluate($0, on: buildBatch) })

        // The streamed side needs only rows whose key the hashed side has (not for a LEFT JOIN's kept side).
        var streamedSkippable = hashRight ? leftSkippable : rightSkippable
        if step.kind == .inner, streamedKeys.count == 1, let keys = table.distinctKeys, keys.count <= Self.keyConstraintLimit,
           let position = Self.plainColumn(streamedKeys[0]).map({ streamed.output[$0] }) {
            streamedSkippable[position] = keys
        }
        if step.kind == .inner && buildBatch.rowCount == 0 { return }

        let pairSchema = Schema(node.pairLayout.map { Field(node.scope.columns[$0].name, node.scope.columns[$0].type) })
        let projection = node.output.map { position in node.pairLayout.firstIndex(of: position)! }
        let outputSchema = Schema(projection.map { pairSchema.fields[$0] })
        // Which side each output column comes from: with no condition left to test on pairs, only the
        // output columns are gathered (a join feeding an aggregate over one column gathers one column).
        let streamedFirst = hashRight
        let streamedWidth = streamed.output.count, builtWidth = built.output.count
        func source(_ pairIndex: Int) -> (streamed: Bool, index: Int) {
            streamedFirst ? (pairIndex < streamedWidth ? (true, pairIndex) : (false, pairIndex - streamedWidth))
                : (pairIndex < builtWidth ? (false, pairIndex) : (true, pairIndex - builtWidth))
        }
        let direct = step.residual == nil && node.filter == nil
        try scan(streamed, skippable: streamedSkippable) { batch in
            let keys = try streamedKeys.map { try evaluator.evaluate($0, on: batch) }
            var (streamedRows, builtRows) = table.match(keys, count: batch.rowCount)
            if direct {
                let unmatched = step.kind == .left ? Self.unmatched(streamedRows, count: batch.rowCount) : []
                guard !streamedRows.isEmpty || !unmatched.isEmpty else { return }
                let columns = projection.map { pairIndex -> Column in
                    let (fromStreamed, index) = source(pairIndex)
                    var column = fromStreamed ? batch.columns[index].gather(streamedRows) : buildBatch.columns[index].gather(builtRows)
                    if !unmatched.isEmpty {
                        column.append(contentsOf: fromStreamed ? batch.columns[index].gather(unmatched) : Column.nulls(column.type, count: unmatched.count))
                    }
                    return column
                }
                try body(RecordBatch(schema: outputSchema, columns: columns))
                return
            }
            var pair = pairBatch(pairSchema, streamed: batch.gather(streamedRows), built: buildBatch.gather(builtRows), hashRight: hashRight)
            if let residual = step.residual, pair.rowCount > 0 {
                let kept = try evaluator.selectedRows(residual, on: pair)
                if kept.count < pair.rowCount {
                    pair = pair.gather(kept)
                    streamedRows = kept.map { streamedRows[$0] }
                }
            }
            if step.kind == .left {
                let unmatched = Self.unmatched(streamedRows, count: batch.rowCount)
                if !unmatched.isEmpty {
                    let nulls = RecordBatch(schema: schema, columns: schema.fields.map { Column.nulls($0.type, count: unmatched.count) })
                    let extended = pairBatch(pairSchema, streamed: batch.gather(unmatched), built: nulls, hashRight: true)
                    pair = pair.rowCount == 0 ? extended : RecordBatch.concatenate([pair, extended], schema: pairSchema)
                }
            }
            if let filter = node.filter, pair.rowCount > 0 {
                let kept = try evaluator.selectedRows(filter, on: pair)
                if kept.count < pair.rowCount { pair = pair.gather(kept) }
            }
            guard pair.rowCount > 0 else { return }
            try body(RecordBatch(schema: outputSchema, columns: projection.map { pair.columns[$0] }))
        }
    }

    /// The streamed rows (0..<count) that no pair kept: a LEFT JOIN keeps them with NULLs.
    private static func unmatched(_ paired: [Int], count: Int) -> [Int] {
        var matched = [Bool](repeating: false, count: count)
        for row in paired { matched[row] = true }
        return (0..<count).filter { !matched[$0] }
    }

    /// Left output columns, then right: the pair layout.
    private func pairBatch(_ schema: Schema, streamed: RecordBatch, built: RecordBatch, hashRight: Bool) -> RecordBatch {
        RecordBatch(schema: schema, columns: hashRight ? streamed.columns + built.columns : built.columns + streamed.columns)
    }

    /// The position of the column a key is (possibly widened by a cast), or nil for any other expression.
    private static func plainColumn(_ key: BoundExpression) -> Int? {
        switch key {
        case .column(let index, _, _): return index
        case .cast(let inner, _): return plainColumn(inner)
        default: return nil
        }
    }
}
