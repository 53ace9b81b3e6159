import Columnar
import Lake

/// obs for cells of several datasets: the `dataset` column, then the union of their obs columns (nulls
/// where a dataset lacks one), obs names as the index, and each categorical's categories merged in
/// dataset order.
struct AtlasObs {
    var index: VarBinary
    var names: [String]
    var columns: [Column]
    var categories: [String: CategoryOrder]

    /// Every cell of `records`, or with `selection`, only the chosen ones.
    init(_ snapshot: Snapshot, _ records: [DatasetRecord], selection: CellSelection? = nil) throws {
        let schema = try snapshot.schema(of: "cells")
        let names = schema.names.filter { $0 != "cell_id" && $0 != "obs_name" && $0 != "dataset" }
        let wanted = Set(records.map(\.name))
        let chosen: Set<Int>? = selection.map { selection in
            Set(records.flatMap { record in (selection.rows[record.name] ?? []).map { record.cellOffset + $0 } })
        }
        var batches: [RecordBatch] = []
        try snapshot.scan("cells", columns: ["dataset", "obs_name", "cell_id"] + names) { batch in
            guard case .bytes(let datasets) = batch.columns[0].buffer, case .int64(let ids) = batch.columns[2].buffer else { return }
            let keep = (0..<batch.rowCount).map { i in
                wanted.contains(datasets.string(at: i)) && (chosen?.contains(Int(ids[i])) ?? true)
            }
            batches.append(batch.filter(keep))
        }
        guard let first = batches.first else { throw SourceError("no cells in the selected datasets") }
        let obs = RecordBatch.concatenate(batches, schema: first.schema)
        guard case .bytes(let index) = obs.columns[1].buffer else { throw SourceError("obs names are not strings") }
        var categories: [String: CategoryOrder] = [:]
        for record in records {
            for (key, order) in record.categories where key.hasPrefix("obs/") {
                let column = String(key.dropFirst(4))
                var merged = categories[column] ?? CategoryOrder(values: [], ordered: order.ordered)
                for value in order.values where !merged.values.contains(value) { merged.values.append(value) }
                categories[column] = merged
            }
        }
        self.index = index
        self.names = ["dataset"] + names
        self.columns = [obs.columns[0]] + Array(obs.columns.dropFirst(3))
        self.categories = categories
    }
}
