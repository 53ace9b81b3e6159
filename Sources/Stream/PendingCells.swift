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
