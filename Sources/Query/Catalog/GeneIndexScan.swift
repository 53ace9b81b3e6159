import Columnar
import Lake

/// A matrix scan constrained to a few genes (`gene_id IN (...)`, a join's gene key set), read from the
/// gene index of each dataset that has a current one: the entries of those genes over all cells, a few
/// pages each, instead of every fragment's `col`. Datasets without a current index, or where the genes
/// hold too large a share of the entries for the index to pay, are scanned as usual.
struct GeneIndexScan {
    let table: SnapshotTable

    /// Below this share of a dataset's entries, reading its genes' entries from the index beats
    /// decoding the gene column of every fragment.
    static let worthwhileShare = 0.25

    /// Runs the scan and returns true, or returns false without reading anything when no dataset would
    /// be read from an index (the caller scans the fragments).
    func run(columns: [String], constraints: [ColumnConstraint], _ body: (RecordBatch) throws -> Void) throws -> Bool {
        let snapshot = table.snapshot
        let genes = constraints.filter { $0.column == "gene_id" }
        guard !genes.isEmpty, columns.allSatisfy({ table.schema.field(named: $0) != nil }),
              let valueField = table.schema.field(named: "value"), try !snapshot.geneIndexes(of: table.name).isEmpty else { return false }
        let cells = constraints.filter { $0.column == "cell_id" }
        func admitted(_ constraints: [ColumnConstraint], _ id: Int) -> Bool {
            constraints.allSatisfy { $0.admits(min: .int(Int64(id)), max: .int(Int64(id))) }
        }
        // Per dataset: the panel positions the gene constraints admit, and its index when worth reading.
        var plan: [(record: DatasetRecord, positions: [Int], index: GeneIndexManifest?)] = []
        for record in try snapshot.datasets() where record.valueType(of: table.name) != nil {
            let first = record.cellOffset, last = record.cellOffset + record.cells - 1
            guard record.cells > 0, cells.allSatisfy({ $0.admits(min: .int(Int64(first)), max: .int(Int64(last))) }) else { continue }
            let positions = record.panel.indices.filter { admitted(genes, record.panel[$0]) }
            guard !positions.isEmpty else { continue }
            var chosen: GeneIndexManifest?
            if let index = try snapshot.currentGeneIndex(of: table.name, dataset: record.name), index.positions == record.panel.count {
                let entries = try snapshot.geneIndexEntries(index, positions: positions)
                if Double(entries) <= Self.worthwhileShare * Double(index.entries) { chosen = index }
            }
            plan.append((record, positions, chosen))
        }
        guard plan.contains(where: { $0.index != nil }) else { return false }
        for (record, positions, index) in plan {
            guard let index else {
                try table.scan(columns: columns, constraints: constraints, datasets: [record.name], body)
                continue
            }
            try snapshot.readGeneIndex(index, positions: positions, transform: { batch in
                try derive(batch, record: record, cells: cells, columns: columns, valueType: valueField.type)
            }) { batch in
                if let batch { try body(batch) }
            }
        }
        return true
    }

    /// The table's columns for index entries (stored row, col, value) of `record`, less those outside
    /// the cell constraints; nil when none is left.
    private func derive(_ batch: RecordBatch, record: DatasetRecord, cells: [ColumnConstraint], columns: [String],
                        valueType: DataType) throws -> RecordBatch? {
        guard case .uint32(var rows) = batch.columns[0].buffer, case .uint32(var cols) = batch.columns[1].buffer,
              var values = batch.columns[2].widened(to: valueType) else {
            throw LakeError.corruptManifest(path: "gene index \(table.name)/\(record.name)", detail: "entries are not (row, col, value)")
        }
        if !cells.isEmpty {
            let kept = rows.indices.filter { i in
                cells.allSatisfy { $0.admits(min: .int(Int64(record.cellOffset) + Int64(rows[i])), max: .int(Int64(record.cellOffset) + Int64(rows[i]))) }
            }
            guard !kept.isEmpty else { return nil }
            if kept.count < rows.count {
                rows = kept.map { rows[$0] }
                cols = kept.map { cols[$0] }
                values = values.gather(kept)
            }
        }
        let panel = record.panel
        let output = try columns.map { name -> Column in
            switch name {
            case "cell_id": return Column(type: .int64, buffer: .int64(rows.map { Int64(record.cellOffset) + Int64($0) }))
            case "gene_id":
                return Column(type: .int64, buffer: .int64(try cols.map { position in
                    guard Int(position) < panel.count else {
                        throw LakeError.corruptManifest(path: "gene index \(table.name)/\(record.name)", detail: "panel position \(position) beyond the panel")
                    }
                    return Int64(panel[Int(position)])
                }))
            default: return values
            }
        }
        return RecordBatch(schema: Schema(columns.map { table.schema.field(named: $0)! }), columns: output)
    }
}
