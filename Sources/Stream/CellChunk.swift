import Columnar
import Lake

/// The cells one visit delivers, read straight into one batch in stored order (tokens of a cell depend on
/// the cell alone, so the visit's own order does not matter here): gene ids mapped through the dataset's
/// panel, values as Double, and cells without entries added empty at the end.
enum CellChunk {
    static func read(snapshot: Snapshot, unit: MatrixCellUnit, wanted: [Int64], valueType: DataType) throws -> CellBatch {
        var pending = Set(wanted)
        var ids: [Int64] = [], offsets = [0], genes: [Int32] = [], values: [Double] = []
        // At most the fragment's entries (and a straddling cell's tail): one allocation, not one a batch.
        genes.reserveCapacity(unit.fragment.manifest.rows + 4096)
        values.reserveCapacity(unit.fragment.manifest.rows + 4096)
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
                if pending.contains(id) || ids.last == id {
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
                    if ids.last == id {
                        offsets[offsets.count - 1] = genes.count  // a cell straddling two batches
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
        return CellBatch(cellIDs: ids, offsets: offsets, genes: genes, values: values, valueType: valueType)
    }
}
