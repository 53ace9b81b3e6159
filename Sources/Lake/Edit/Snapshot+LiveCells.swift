/// What deletions left of each dataset: its cells are still numbered `cellOffset ..< cellOffset + cells`
/// (ids never move), but deleted ones are gone from every table a reader sees.
extension Snapshot {
    /// Dataset-local rows of `record`'s deleted cells, ascending (empty when none was deleted).
    public func deletedCells(of record: DatasetRecord) throws -> [Int] {
        guard manifest.tables[SingleCellTables.cells] != nil else { return [] }
        var rows: [Int] = []
        for fragment in try cellFragments() where fragment.manifest.dataset == record.name && fragment.manifest.deletionVector != nil {
            let first = fragment.manifest.datasetRow ?? 0
            rows.append(contentsOf: try deletedPositions(of: fragment).map { first + $0 })
        }
        return rows.sorted()
    }

    /// Cells of `record` a reader sees.
    public func liveCells(of record: DatasetRecord) throws -> Int {
        guard manifest.tables[SingleCellTables.cells] != nil else { return record.cells }
        let deleted = try cellFragments().filter { $0.manifest.dataset == record.name }.reduce(0) { $0 + ($1.manifest.deletionVector?.deletedRows ?? 0) }
        return record.cells - deleted
    }

    /// Stored entries of `record`'s X (or of the layer table `table`) a reader sees.
    public func liveNonZeros(of record: DatasetRecord, table: String = "expression") throws -> Int {
        let stored = table == SingleCellTables.expression ? record.nonZeros : record.layers?.first { $0.table == table }?.nonZeros ?? 0
        guard manifest.tables[table] != nil else { return stored }
        let deleted = try fragments(of: table).filter { $0.manifest.dataset == record.name }.reduce(0) { $0 + ($1.manifest.deletionVector?.deletedRows ?? 0) }
        return stored - deleted
    }

    private func cellFragments() throws -> [Fragment] { try fragments(of: SingleCellTables.cells) }
}

extension Array where Element == Int {
    /// For rows `0..<count` with the ascending `deleted` rows removed: each row's position among the
    /// rows kept (deleted rows map to -1).
    public func compactedPositions(count: Int) -> [Int32] {
        var out = [Int32](repeating: -1, count: count)
        var next = 0, kept: Int32 = 0
        for row in 0..<count {
            if next < self.count && self[next] == row { next += 1; continue }
            out[row] = kept
            kept += 1
        }
        return out
    }
}
