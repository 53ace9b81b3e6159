import Columnar
import Lake

/// Runs a `SelectPlan`: scan → filter → (aggregate → HAVING) → project → DISTINCT → ORDER BY →
/// OFFSET/LIMIT, a batch at a time up to the aggregate or the sort. Without them, a LIMIT stops the
/// scan as soon as enough rows have been produced.
struct SelectExecutor {
    private let evaluator = ExpressionEvaluator()

    /// Thrown from inside a scan to end it early.
    private struct Enough: Error {}

    func run(_ plan: SelectPlan) throws -> RecordBatch {
        var aggregator = plan.aggregation.map { HashAggregator(keys: $0.groupKeys, aggregates: $0.aggregates) }
        var projected: [[Column]] = []
        var producedRows = 0
        let streamingLimit = plan.aggregation == nil && plan.order.isEmpty && !plan.distinct
            ? plan.limit.map { $0 + plan.offset } : nil

        func consume(_ batch: RecordBatch) throws {
            var batch = batch
            if let filter = plan.filter {
                let rows = try evaluator.selectedRows(filter, on: batch)
                if rows.count < batch.rowCount { batch = RecordBatch(schema: batch.schema, columns: batch.columns.map { $0.gather(rows) }) }
            }
            guard batch.rowCount > 0 else { return }
            if aggregator != nil {
                try aggregator!.consume(batch)
                return
            }
            projected.append(try plan.outputs.map { try evaluator.evaluate($0, on: batch) })
            producedRows += batch.rowCount
            if let streamingLimit, producedRows >= streamingLimit { throw Enough() }
        }

        do {
            if let join = plan.join {
                try Prefetcher.run({ try JoinScan().run(join, $0) }, consume: consume)
            } else if let table = plan.table {
                if ConstraintExtractor.admitsNothing(plan.filter) { throw Enough() }
                // The scan decodes the next batches on other threads while this one filters and aggregates:
                // its own, or a prefetch thread's.
                if table.readsAhead {
                    try table.scan(columns: plan.scanColumns, constraints: plan.constraints, consume)
                } else {
                    try Prefetcher.run({ try table.scan(columns: plan.scanColumns, constraints: plan.constraints, $0) }, consume: consume)
                }
            } else {
                // No FROM: one row of no columns (a placeholder column gives the batch its length).
                try consume(RecordBatch(schema: Schema([Field("", .boolean)]), columns: [Column(type: .boolean, buffer: .boolean([true]))]))
            }
        } catch is Enough {}

        var columns: [Column]
        if let aggregator, let aggregation = plan.aggregation {
            var groups = aggregator.finish(schema: aggregation.outputScope.schema)
            if let having = plan.having {
                let rows = try evaluator.selectedRows(having, on: groups)
                groups = RecordBatch(schema: groups.schema, columns: groups.columns.map { $0.gather(rows) })
            }
            columns = try plan.outputs.map { try evaluator.evaluate($0, on: groups) }
        } else {
            columns = plan.outputs.map { Column.empty($0.type) }
            for batch in projected {
                for i in columns.indices { columns[i].append(contentsOf: batch[i]) }
            }
        }
        var rowCount = columns.first?.count ?? 0

        if plan.distinct {
            var seen = GroupKeyTable(types: [])
            let visible = Array(columns.prefix(plan.outputNames.count))
            let ids = seen.ids(for: visible, rows: rowCount)
            var firsts: [Int] = []
            var next: Int32 = 0
            for (row, id) in ids.enumerated() where id == next {
                firsts.append(row)
                next += 1
            }
            columns = columns.map { $0.gather(firsts) }
            rowCount = firsts.count
        }
        var rows = Array(0..<rowCount)
        if !plan.order.isEmpty {
            rows = RowSorter.permutation(plan.order.map { SortKey(column: columns[$0.output], ascending: $0.ascending, nullsFirst: $0.nullsFirst) },
                                         rows: rowCount)
        }
        let start = min(plan.offset, rows.count)
        let end = plan.limit.map { min(rows.count, start + $0) } ?? rows.count
        if start > 0 || end < rows.count || !plan.order.isEmpty { rows = Array(rows[start..<end]) }
        let visible = columns.prefix(plan.outputNames.count).map { rows.count == $0.count && plan.order.isEmpty && start == 0 ? $0 : $0.gather(rows) }
        let fields = zip(plan.outputNames, visible).map { Field($0, $1.type, nullable: true) }
        return RecordBatch(schema: Schema(fields), columns: Array(visible))
    }
}
