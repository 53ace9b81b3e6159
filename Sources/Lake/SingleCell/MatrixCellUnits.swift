import Columnar

/// A part of a matrix table that owns whole cells: one fragment's cells, a contiguous range of one dataset's
/// cell ids. Fragments are cut by entry count, so a cell may begin in one fragment and end in the next; the
/// unit owns the cells that *begin* in its fragment (and empty cells up to the next unit), and reading it
/// completes its last cell from the fragments that follow, reading only their first pages.
public struct MatrixCellUnit: Hashable, Sendable {
    public let table: String
    public let fragment: Fragment
    /// Cell ids owned, with or without entries: a partition of every dataset's cells over the units.
    public let cells: Range<Int64>
    /// Later fragments of the dataset that may hold the end of the unit's last cell.
    let following: [Fragment]
    /// Dataset-local rows owned.
    let rows: Range<Int>
}

extension Snapshot {
    /// The matrix's units in table order. Datasets without any entries in the matrix have no unit.
    public func matrixCellUnits(_ table: String) throws -> [MatrixCellUnit] {
        let records = Dictionary(uniqueKeysWithValues: try datasets().map { ($0.name, $0) })
        var byDataset: [String: [(fragment: Fragment, min: Int, max: Int)]] = [:]
        var order: [String] = []
        for fragment in try fragments(of: table) {
            guard let name = fragment.manifest.dataset, let statistics = fragment.manifest.statistics["row"],
                  let low = statistics.min.flatMap(Int.init), let high = statistics.max.flatMap(Int.init) else {
                throw LakeError.corruptManifest(path: "fragment \(table)/\(fragment.name)", detail: "no dataset or row statistics")
            }
            if byDataset[name] == nil { order.append(name) }
            byDataset[name, default: []].append((fragment, low, high))
        }
        var units: [MatrixCellUnit] = []
        for name in order {
            guard let record = records[name] else { throw LakeError.unknownDataset(name, revision: revision) }
            let parts = byDataset[name]!
            var start = 0
            for (k, part) in parts.enumerated() {
                // Rows up to this fragment's last one are owned here unless an earlier unit owns them;
                // the dataset's last unit also owns its trailing empty cells.
                let end = k == parts.count - 1 ? max(record.cells, part.max + 1) : part.max + 1
                guard end > start else { continue }  // every row here began in an earlier fragment
                let following = parts[(k + 1)...].prefix { $0.min <= end - 1 }.map(\.fragment)
                units.append(MatrixCellUnit(table: table, fragment: part.fragment,
                                            cells: Int64(record.cellOffset + start)..<Int64(record.cellOffset + end),
                                            following: Array(following), rows: start..<end))
                start = end
            }
        }
        return units
    }

    /// Every live entry of the unit's cells as stored — dataset-local `row`, panel position `col`, and the
    /// value widened to the table's type — in row order, a batch at a time: `body` gets each batch and the
    /// range of its entries that belong to the unit. No ids are derived: the caller maps `col` through the
    /// dataset's panel (`record`) once per entry, into whatever layout it needs.
    public func readCellEntries(_ unit: MatrixCellUnit,
                                _ body: (_ record: DatasetRecord, _ batch: RecordBatch, _ owned: Range<Int>) throws -> Void) throws {
        guard let name = unit.fragment.manifest.dataset, let record = try datasets().first(where: { $0.name == name }) else {
            throw LakeError.corruptManifest(path: "fragment \(unit.table)/\(unit.fragment.name)", detail: "names no imported dataset")
        }
        guard let value = try schema(of: unit.table).field(named: "value") else { throw LakeError.unknownColumn("value", table: unit.table) }
        let storage = SingleCellTables.expressionStorage(value.type)
        let owned = UInt32(unit.rows.lowerBound)..<UInt32(unit.rows.upperBound)
        /// Entries of `batch` whose row is owned: rows ascend, so a range found by two binary searches.
        func ownedRange(_ batch: RecordBatch) -> Range<Int> {
            guard case .uint32(let rows) = batch.columns[0].buffer else { return 0..<0 }
            func first(_ bound: UInt32) -> Int {
                var lo = 0, hi = rows.count
                while lo < hi { let mid = (lo + hi) / 2; if rows[mid] < bound { lo = mid + 1 } else { hi = mid } }
                return lo
            }
            return first(owned.lowerBound)..<first(owned.upperBound)
        }
        var reader = FragmentReader(repository: repository, fragment: unit.fragment, schema: storage)
        reader.parallelColumns = false
        try reader.read(columns: storage.names) { batch in try body(record, batch, ownedRange(batch)) }
        // The last cell's tail: the first rows of the following fragments, doubling until past it.
        for next in unit.following {
            var rows = 4096
            while true {
                var tail: [RecordBatch] = []
                var partial = FragmentReader(repository: repository, fragment: next, schema: storage)
                partial.parallelColumns = false
                let limit = rows
                partial.rowRanges = { group, reader in
                    let start = reader.rowGroupRows[..<group].reduce(0, +)
                    let take = min(max(0, limit - start), reader.rowGroupRows[group])
                    return take > 0 ? [0..<take] : []
                }
                try partial.read(columns: storage.names) { tail.append($0) }
                let batch = RecordBatch.concatenate(tail, schema: storage)
                guard case .uint32(let stored) = batch.columns[0].buffer else { break }
                if let last = stored.last, owned.contains(last), limit < next.manifest.rows {
                    rows *= 2
                    continue
                }
                try body(record, batch, ownedRange(batch))
                break
            }
        }
    }
}
