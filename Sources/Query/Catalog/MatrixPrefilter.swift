import Columnar
import Lake

/// A matrix scan's gene and cell constraints, judged on the stored `row` and `col` of each entry before
/// anything else is computed: `gene_id IN (17, 912)` over 300 million entries keeps a few thousand, and
/// only those get their ids derived, their values widened and the WHERE clause evaluated (which still
/// runs: this only drops what it would drop).
enum MatrixPrefilter {
    static func make(_ constraints: [ColumnConstraint], records: [String: DatasetRecord]) -> RowPrefilter? {
        let genes = constraints.filter { $0.column == "gene_id" }
        let cells = constraints.filter { $0.column == "cell_id" }
        guard !genes.isEmpty || !cells.isEmpty else { return nil }
        func admitted(_ constraints: [ColumnConstraint], _ id: Int) -> Bool {
            constraints.allSatisfy { $0.admits(min: .int(Int64(id)), max: .int(Int64(id))) }
        }
        // Per dataset: which panel positions and which dataset rows may match (nil: any).
        var positions: [String: [Bool]] = [:], rows: [String: [Bool]] = [:]
        for (name, record) in records {
            if !genes.isEmpty { positions[name] = record.panel.map { admitted(genes, $0) } }
            if !cells.isEmpty { rows[name] = (0..<record.cells).map { admitted(cells, record.cellOffset + $0) } }
        }
        return RowPrefilter(inputs: ["row", "col"]) { [positions, rows] fragment, columns in
            guard let dataset = fragment.manifest.dataset, case .uint32(let r) = columns[0].buffer,
                  case .uint32(let c) = columns[1].buffer else { return nil }
            let rowMask = rows[dataset], positionMask = positions[dataset]
            var kept: [Int] = []
            // An entry outside its dataset's matrix is kept, so that deriving its ids reports the corruption.
            for i in 0..<r.count {
                if let rowMask, Int(r[i]) < rowMask.count, !rowMask[Int(r[i])] { continue }
                if let positionMask, Int(c[i]) < positionMask.count, !positionMask[Int(c[i])] { continue }
                kept.append(i)
            }
            return kept.count == r.count ? nil : kept
        }
    }
}
