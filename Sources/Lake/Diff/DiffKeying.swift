import Columnar

/// How a diff identifies a table's rows: the key columns shown with each change, and the key by which
/// restructured fragments are matched (DESIGN §4: ids are derived, so they are stable across rewrites).
struct DiffKeying {
    enum Kind { case cells, variables, genes, matrix, plain }

    let kind: Kind

    init(table: String) {
        switch table {
        case SingleCellTables.cells: kind = .cells
        case SingleCellTables.variables: kind = .variables
        case SingleCellTables.genes: kind = .genes
        case _ where table == SingleCellTables.expression || table.hasPrefix("layer_"): kind = .matrix
        default: kind = .plain
        }
    }

    var isMatrix: Bool { kind == .matrix }

    /// Columns that name a row in examples (empty: the row's position in the table).
    var keyColumns: [String] {
        switch kind {
        case .cells: return ["cell_id"]
        case .variables: return ["dataset", "gene_id"]
        case .genes: return ["gene_id"]
        case .matrix: return ["cell_id", "gene_id"]
        case .plain: return []
        }
    }

    /// Columns computed from the manifest (or keys): never compared as values.
    var derivedColumns: Set<String> {
        switch kind {
        case .cells: return ["cell_id", "dataset"]
        case .variables: return ["dataset", "gene_id"]
        case .genes: return ["gene_id"]
        case .matrix: return ["cell_id", "gene_id"]
        case .plain: return []
        }
    }

    /// One match key per row of `batches` (read with `keyColumns` first): the cell's row within its
    /// dataset (so a renumbered dataset still matches), the gene id, or the row's order in the group.
    func matchKeys(_ batches: [RecordBatch], side: DiffSide, dataset: String) throws -> [Int64] {
        var keys: [Int64] = []
        keys.reserveCapacity(batches.reduce(0) { $0 + $1.rowCount })
        let offset = Int64(side.records[dataset]?.cellOffset ?? 0)
        for batch in batches {
            switch kind {
            case .plain:
                let start = Int64(keys.count)
                keys.append(contentsOf: (0..<Int64(batch.rowCount)).map { start + $0 })
            case .cells, .variables, .genes:
                let column = batch.columns[kind == .variables ? 1 : 0]
                guard case .int64(let ids) = column.buffer else {
                    throw LakeError.corruptManifest(path: "table \(side.table) at \(side.snapshot.revision)", detail: "key column is \(column.type), not int64")
                }
                keys.append(contentsOf: kind == .cells ? ids.map { $0 - offset } : ids)
            case .matrix:
                preconditionFailure("matrix fragments are counted, not matched")
            }
        }
        return keys
    }
}
