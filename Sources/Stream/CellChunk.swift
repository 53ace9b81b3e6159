import Columnar
import Lake

/// The cells one visit delivers, read straight into batches in stored order (tokens of a cell depend on
/// the cell alone, so the visit's own order does not matter here): gene ids mapped through the dataset's
/// panel, values as Double, and cells without entries added empty at the end.
enum CellChunk {
    /// Entries a batch gathers before it is handed on (at the next cell's start): small enough that the
    /// tokenizer reads what was just written from the core's own cache (a batch of a whole fragment,
    /// 12 MB, had gone out to memory by then).
    static let batchEntries = 1 << 16

    /// Hands `body` the visit's cells in batches of whole cells, about `batchEntries` entries each.
    static func read(snapshot: Snapshot, unit: MatrixCellUnit, wanted: [Int64], valueType: DataType,
                     batchEntries: Int = CellChunk.batchEntries, _ body: (CellBatch) throws -> Void) throws {
        var pending = Set(wanted)
        var ids: [Int64] = [], offsets = [0], genes: [Int32] = [], values: [Double] = []
        // A batch's entries, and the cell that closes it: one allocation that every batch of the visit
        // reuses, as long as `body` keeps none of them.
        let capacity = min(batchEntries, unit.fragment.manifest.rows) + 4096
        genes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        func flush() throws {
            try body(CellBatch(cellIDs: ids, offsets: offsets, genes: genes, values: values, valueType: valueType))
            ids.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            offsets.append(0)
            genes.removeAll(keepingCapacity: true)
            values.removeAll(keepingCapacity: true)
        }
        var panel: [Int32] = []
        try snapshot.readCellEntries(unit) { record, batch, owned in
            if panel.isEmpty { panel = record.panel.map { Int32(truncatingIfNeeded: $0) } }
            guard case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer else { return }
            let column = batch.columns[2]
            let offset = Int64(record.cellOffset)
            var start = owned.lowerBound
            while start < owned.upperBound {
                let end = rows.withUnsafeBufferPointer { $0.endOfRun(from: start, before: owned.upperBound) }
                let id = offset + Int64(rows[start])
                let continues = ids.last == id  // a cell straddling two batches of the read
                if pending.contains(id) || continues {
                    if !continues && genes.count >= batchEntries { try flush() }
                    let first = genes.count
                    genes.append(contentsOf: repeatElement(-1, count: end - start))
                    genes.withUnsafeMutableBufferPointer { genes in
                        cols.withUnsafeBufferPointer { cols in
                            panel.withUnsafeBufferPointer { panel in
                                for k in start..<end where Int(cols[k]) < panel.count { genes[first &+ k &- start] = panel[Int(cols[k])] }
                            }
                        }
                    }
                    column.appendDoubles(start..<end, to: &values)
                    if continues {
                        offsets[offsets.count - 1] = genes.count
                    } else {
                        pending.remove(id)
                        ids.append(id)
                        offsets.append(genes.count)
                    }
                }
                start = end
            }
        }
        for id in wanted where pending.remove(id) != nil {
            ids.append(id)
            offsets.append(genes.count)
        }
        if !ids.isEmpty { try flush() }
    }
}
