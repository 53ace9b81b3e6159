/// Cells tokenized but not yet sent; a cell read for several emissions (a shard's fill-up) counts its uses.
struct PendingCells {
    private var cells: [Int64: (row: TokenizedRow, uses: Int)] = [:]

    /// A visit's tokenized cells; `wanted` lists each cell as often as the visit delivers it.
    mutating func add(_ ids: [Int64], _ rows: [TokenizedRow], wanted: [Int64]) {
        var uses: [Int64: Int] = [:]
        for id in wanted { uses[id, default: 0] += 1 }
        for (id, row) in zip(ids, rows) {
            let n = uses[id] ?? 1
            if let existing = cells[id] { cells[id] = (existing.row, existing.uses + n) } else { cells[id] = (row, n) }
        }
    }

    /// The cells' rows in order, or nil (taking nothing) while any has not arrived. Each id is looked up
    /// once and its uses counted down in place; an id the batch holds more often than it has uses left (a
    /// shard's fill-up, not yet delivered again) puts every count back.
    mutating func take(_ ids: [Int64]) -> [TokenizedRow]? {
        var found: [Dictionary<Int64, (row: TokenizedRow, uses: Int)>.Index] = []
        found.reserveCapacity(ids.count)
        for id in ids {
            guard let index = cells.index(forKey: id) else { return nil }
            found.append(index)
        }
        var short = false
        for index in found {
            cells.values[index].uses -= 1
            short = short || cells.values[index].uses < 0
        }
        if short {
            for index in found { cells.values[index].uses += 1 }
            return nil
        }
        let rows = found.map { cells.values[$0].row }
        // Removing invalidates the indices: the spent cells are listed first, then removed by key.
        let spent = zip(ids, found).compactMap { id, index in cells.values[index].uses == 0 ? id : nil }
        for id in spent { cells.removeValue(forKey: id) }
        return rows
    }
}
