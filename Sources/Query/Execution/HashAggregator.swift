import Columnar

/// GROUP BY: evaluates the group keys and aggregate arguments on each batch, maps rows to groups through
/// a hash table of keys, and folds them into one accumulator per aggregate. Without keys there is
/// exactly one group, even over no rows (`SELECT count(*) ... WHERE false` is one row holding 0).
struct HashAggregator {
    let keys: [BoundExpression]
    let aggregates: [BoundAggregate]
    private var table: GroupKeyTable
    private let accumulators: [any AggregateAccumulator]
    private let evaluator = ExpressionEvaluator()

    init(keys: [BoundExpression], aggregates: [BoundAggregate]) {
        self.keys = keys
        self.aggregates = aggregates
        table = GroupKeyTable(types: keys.map(\.type))
        accumulators = aggregates.map(AggregateAccumulators.make)
    }

    private var groupCount: Int { keys.isEmpty ? 1 : table.count }

    mutating func consume(_ batch: RecordBatch) throws {
        let keyColumns = try keys.map { try evaluator.evaluate($0, on: batch) }
        let ids = table.ids(for: keyColumns, rows: batch.rowCount)
        for (aggregate, accumulator) in zip(aggregates, accumulators) {
            let input = try aggregate.argument.map { try evaluator.evaluate($0, on: batch) }
            try accumulator.update(ids: ids, input: input, groupCount: groupCount)
        }
    }

    /// One row per group: the keys, then the aggregates, in `schema`'s order.
    func finish(schema: Schema) -> RecordBatch {
        let count = groupCount
        return RecordBatch(schema: schema, columns: table.keys + accumulators.map { $0.finish(groupCount: count) })
    }
}
