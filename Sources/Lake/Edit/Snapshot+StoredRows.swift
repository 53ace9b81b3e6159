import Columnar

/// Reads for edits, which address a fragment's rows by stored position (deleted rows included).
extension Snapshot {
    /// Positions, ascending, that `fragment`'s deletion vector names (empty without one).
    public func deletedPositions(of fragment: Fragment) throws -> [Int] {
        try repository.deletedPositions(of: fragment.manifest)
    }

    /// Every stored row of column `name` of `fragment`, deleted rows included, in the type the object
    /// stores; nil when no object of the fragment holds it (the fragment predates the column, or the
    /// column is derived).
    public func storedColumn(_ name: String, of fragment: Fragment) throws -> Column? {
        try repository.storedColumn(name, of: fragment.manifest, path: "fragment \(fragment.table)/\(fragment.name)")
    }

    /// The live rows of `columns` of one fragment (derived columns computed, types widened to the
    /// table's), with the stored position of each row.
    public func readLive(_ fragment: Fragment, columns: [String]) throws -> (batch: RecordBatch, positions: [Int]) {
        let table = fragment.table
        let schema = try schema(of: table)
        let derivation = SingleCellTables.isDerived(table)
            ? SingleCellTables.derivation(for: table, records: Dictionary(uniqueKeysWithValues: try datasets().map { ($0.name, $0) })) : nil
        var batches: [RecordBatch] = []
        try FragmentReader(repository: repository, fragment: fragment, schema: schema, derivation: derivation)
            .read(columns: columns) { batches.append($0) }
        let fields = try columns.map { name in
            guard let field = schema.field(named: name) else { throw LakeError.unknownColumn(name, table: table) }
            return field
        }
        let batch = RecordBatch.concatenate(batches, schema: Schema(fields))
        let deleted = try deletedPositions(of: fragment)
        var positions: [Int] = []
        positions.reserveCapacity(fragment.manifest.rows - deleted.count)
        var next = 0
        for p in 0..<fragment.manifest.rows {
            if next < deleted.count && deleted[next] == p { next += 1; continue }
            positions.append(p)
        }
        guard positions.count == batch.rowCount else {
            throw LakeError.corruptManifest(path: "fragment \(table)/\(fragment.name)", detail: "read \(batch.rowCount) live rows, expected \(positions.count)")
        }
        return (batch, positions)
    }

    /// Whether `table` holds a matrix (X or a layer): rows a metadata edit never rewrites.
    public static func isMatrixTable(_ table: String) -> Bool {
        table == SingleCellTables.expression || table.hasPrefix("layer_")
    }

    /// Columns of `table` computed from dataset records or fixed by the gene registry, which no edit may set.
    public static func protectedColumns(of table: String) -> Set<String> {
        switch table {
        case SingleCellTables.cells: return ["cell_id", "dataset"]
        case SingleCellTables.variables: return ["gene_id", "dataset"]
        case SingleCellTables.genes: return ["gene_id", "feature_id"]
        default: return isMatrixTable(table) ? ["cell_id", "gene_id", "row", "col", "value"] : []
        }
    }
}
