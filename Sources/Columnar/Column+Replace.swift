extension Column {
    /// This column with the rows at `positions` (distinct, any order) replaced by `values` (same type,
    /// one per position, in the order of `positions`): one gather over both, no per-row boxing.
    public func replacing(_ positions: [Int], with values: Column) -> Column {
        precondition(values.type == type && values.count == positions.count, "Column.replacing: values do not match the positions")
        var source = Array(0..<count)
        for (k, p) in positions.enumerated() { source[p] = count + k }
        var joined = self
        joined.append(contentsOf: values)
        return joined.gather(source)
    }
}
