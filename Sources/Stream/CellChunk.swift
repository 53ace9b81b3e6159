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
        // Which of the unit's cells are still to come: a bitmap over the span of the wanted ids.
        let least = wanted.min() ?? 0
        var pending = [Bool](repeating: false, count: wanted.isEmpty ? 0 : Int((wanted.max() ?? 0) - least) + 1)
        for id in wanted { pending[Int(id - least)] = true }
        func isPending(_ id: Int64) -> Bool { id >= least && id - least < pending.count && pending[Int(id - least)] }
        var ids: [Int64] = [], offsets = [0]
        // A batch's entries: `filled` of them. The arrays only grow (zero-filled past their longest batch so
        // far) and every batch of the visit reuses them, as long as `body` keeps none of them; a batch shows
        // `body` its entries alone.
        var genes: [Int32] = [], values: [Double] = []
        var filled = 0
        let capacity = min(batchEntries, unit.fragment.manifest.rows) + 4096
        genes.reserveCapacity(capacity)
        values.reserveCapacity(capacity)
        func flush() throws {
            genes.removeLast(genes.count - filled)
            values.removeLast(values.count - filled)
            try body(CellBatch(cellIDs: ids, offsets: offsets, genes: genes, values: values, valueType: valueType))
            ids.removeAll(keepingCapacity: true)
            offsets.removeAll(keepingCapacity: true)
            offsets.append(0)
            filled = 0
        }
        var panel: [Int32] = []
        // A panel of consecutive gene ids (a dataset imported whole): positions map by an addition.
        var panelShift: Int32?
        try snapshot.readCellEntries(unit) { record, batch, owned in
            if panel.isEmpty {
                panel = record.panel.map { Int32(truncatingIfNeeded: $0) }
                panelShift = panel.first.flatMap { first in panel.indices.allSatisfy { panel[$0] == first &+ Int32($0) } ? first : nil }
            }
            guard case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer else { return }
            let column = batch.columns[2]
            let offset = Int64(record.cellOffset)
            var start = owned.lowerBound
            while start < owned.upperBound {
                let end = rows.withUnsafeBufferPointer { $0.endOfRun(from: start, before: owned.upperBound) }
                let id = offset + Int64(rows[start])
                let continues = ids.last == id  // a cell straddling two batches of the read
                if isPending(id) || continues {
                    if !continues && filled >= batchEntries { try flush() }
                    let first = filled, count = end - start
                    if genes.count < first + count {
                        genes.append(contentsOf: repeatElement(0, count: first + count - genes.count))
                        values.append(contentsOf: repeatElement(0, count: first + count - values.count))
                    }
                    genes.withUnsafeMutableBufferPointer { genes in
                        cols.withUnsafeBufferPointer { cols in
                            panel.withUnsafeBufferPointer { panel in
                                // A position past the panel (a damaged fragment) maps to no gene.
                                if let shift = panelShift {
                                    let count = UInt32(truncatingIfNeeded: panel.count)
                                    for k in start..<end {
                                        let c = cols[k]
                                        genes[first &+ k &- start] = c < count ? Int32(truncatingIfNeeded: c) &+ shift : -1
                                    }
                                } else {
                                    for k in start..<end {
                                        let c = Int(cols[k])
                                        genes[first &+ k &- start] = c < panel.count ? panel[c] : -1
                                    }
                                }
                            }
                        }
                    }
                    values.withUnsafeMutableBufferPointer { column.writeDoubles(start..<end, to: $0.baseAddress! + first) }
                    filled += count
                    if continues {
                        offsets[offsets.count - 1] = filled
                    } else {
                        pending[Int(id - least)] = false
                        ids.append(id)
                        offsets.append(filled)
                    }
                }
                start = end
            }
        }
        for id in wanted where pending[Int(id - least)] {
            pending[Int(id - least)] = false
            ids.append(id)
            offsets.append(filled)
        }
        if !ids.isEmpty { try flush() }
    }
}
