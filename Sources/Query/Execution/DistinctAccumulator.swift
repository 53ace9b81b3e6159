import Columnar

/// An aggregate over distinct values (`COUNT(DISTINCT x)`, `SUM(DISTINCT x)`): only the first row of
/// each (group, value) pair reaches the inner accumulator.
final class DistinctAccumulator: AggregateAccumulator {
    let inner: any AggregateAccumulator
    var seen: GroupKeyTable

    init(inner: any AggregateAccumulator, type: DataType) {
        self.inner = inner
        seen = GroupKeyTable(types: [.int32, type])
    }

    func update(ids: [Int32], input: Column?, groupCount: Int) throws(SQLEvaluationError) {
        guard let input else { return try inner.update(ids: ids, input: nil, groupCount: groupCount) }
        let before = seen.count
        let pairs = seen.ids(for: [Column(type: .int32, buffer: .int32(ids)), input], rows: ids.count)
        var firsts: [Int] = []
        var known = before
        for (row, pair) in pairs.enumerated() where Int(pair) >= known {
            firsts.append(row)
            known = Int(pair) + 1
        }
        try inner.update(ids: firsts.map { ids[$0] }, input: input.gather(firsts), groupCount: groupCount)
    }

    func finish(groupCount: Int) -> Column { inner.finish(groupCount: groupCount) }
}
