/// Cells tokenized but not yet sent; a cell read for several emissions (a shard's fill-up) counts its uses.
struct PendingCells {
    private var cells: [Int64: (row: TokenizedRow, uses: Int)] = [:]

    mutating func add(_ ids: [Int64], _ rows: [TokenizedRow]) {
        for (id, row) in zip(ids, rows) {
            if let existing = cells[id] { cells[id] = (existing.row, existing.uses + 1) } else { cells[id] = (row, 1) }
        }
    }

    /// The cells' rows in order, or nil (taking nothing) while any has not arrived.
    mutating func take(_ ids: [Int64]) -> [TokenizedRow]? {
        var needed: [Int64: Int] = [:]
        for id in ids {
            needed[id, default: 0] += 1
            guard let entry = cells[id], entry.uses >= needed[id]! else { return nil }
        }
        return ids.map { id in
            let entry = cells[id]!
            cells[id] = entry.uses == 1 ? nil : (entry.row, entry.uses - 1)
            return entry.row
        }
    }
}
