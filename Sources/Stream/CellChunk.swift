import Columnar
import Lake

/// The cells one visit delivers, each with its entries (none for a cell without any): gene ids mapped
/// through the dataset's panel, values as Double. Cells are copied out of the decoded fragment, so
/// nothing keeps a fragment's columns alive while its cells wait in the shuffle buffer.
struct CellChunk: Sendable {
    var cells: [(id: Int64, genes: [Int32], values: [Double])] = []

    init(snapshot: Snapshot, unit: MatrixCellUnit, wanted: [Int64]) throws {
        var want: [Int64: Int] = [:]
        for id in wanted { want[id, default: 0] += 1 }
        var found: [Int64: (genes: [Int32], values: [Double])] = [:]
        var panel: [Int32] = []
        try snapshot.readCellEntries(unit) { record, batch, owned in
            if panel.isEmpty { panel = record.panel.map { Int32(truncatingIfNeeded: $0) } }
            guard case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer else { return }
            let values = batch.columns[2]
            let offset = Int64(record.cellOffset)
            var start = owned.lowerBound
            while start < owned.upperBound {
                var end = start + 1
                while end < owned.upperBound && rows[end] == rows[start] { end += 1 }
                let id = offset + Int64(rows[start])
                if want[id] != nil {
                    var genes = found[id]?.genes ?? []
                    var doubles = found[id]?.values ?? []
                    genes.reserveCapacity(genes.count + end - start)
                    for k in start..<end {
                        let position = Int(cols[k])
                        genes.append(position < panel.count ? panel[position] : -1)
                    }
                    CellChunk.appendDoubles(values, start..<end, to: &doubles)
                    found[id] = (genes, doubles)
                }
                start = end
            }
        }
        for id in wanted {
            let entries = found[id] ?? ([], [])
            cells.append((id, entries.genes, entries.values))
        }
    }

    /// The chunk's cells as one batch, in visit order.
    func batch(valueType: DataType) -> CellBatch {
        var offsets = [0], genes: [Int32] = [], values: [Double] = []
        let total = cells.reduce(0) { $0 + $1.genes.count }
        genes.reserveCapacity(total)
        values.reserveCapacity(total)
        for cell in cells {
            genes += cell.genes
            values += cell.values
            offsets.append(genes.count)
        }
        return CellBatch(cellIDs: cells.map(\.id), offsets: offsets, genes: genes, values: values, valueType: valueType)
    }

    static func appendDoubles(_ column: Column, _ range: Range<Int>, to out: inout [Double]) {
        out.reserveCapacity(out.count + range.count)
        switch column.buffer {
        case .int8(let v): for k in range { out.append(Double(v[k])) }
        case .int16(let v): for k in range { out.append(Double(v[k])) }
        case .int32(let v): for k in range { out.append(Double(v[k])) }
        case .int64(let v): for k in range { out.append(Double(v[k])) }
        case .uint8(let v): for k in range { out.append(Double(v[k])) }
        case .uint16(let v): for k in range { out.append(Double(v[k])) }
        case .uint32(let v): for k in range { out.append(Double(v[k])) }
        case .uint64(let v): for k in range { out.append(Double(v[k])) }
        case .float32(let v): for k in range { out.append(Double(v[k])) }
        case .float64(let v): out.append(contentsOf: v[range])
        default: break
        }
    }
}
