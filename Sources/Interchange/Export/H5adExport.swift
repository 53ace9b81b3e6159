import Columnar
import Lake
#if canImport(Glibc)
import Glibc
#endif

/// `cairn export h5ad`: datasets of a version as one AnnData. A single dataset comes back as it was
/// imported (its obs and var columns with their source types and category orders, its panel, X's type);
/// several datasets meet in the union or intersection of their genes, resolved now — nothing was padded
/// at import.
public enum H5adExport {
    public struct Summary: Sendable {
        public var cells: Int
        public var genes: Int
        public var nonZeros: Int
    }

    public static func write(_ snapshot: Snapshot, datasets names: [String], genes mode: GeneSpaceMode?, to path: String) throws -> Summary {
        try PartialFiles.write([path]) { try writeFile(snapshot, datasets: names, genes: mode, to: $0[0]) }
    }

    private static func writeFile(_ snapshot: Snapshot, datasets names: [String], genes mode: GeneSpaceMode?, to temporary: String) throws -> Summary {
        let all = try snapshot.datasets()
        guard !all.isEmpty else { throw SourceError("no imported datasets at \(snapshot.revision)") }
        let records = try names.isEmpty ? all : names.map { try snapshot.dataset(named: $0) }
        let faithful = records.count == 1 && mode == nil
        // One dataset brings back its archived elements (raw, obsm, varm, obsp, varp, uns) too.
        let archive = try faithful ? snapshot.auxiliaryElements(of: records[0]).map(HDF5Archive.decode) : nil
        let writer = try AnnDataWriter(path: temporary, restoring: Set(records[0].auxiliary.map { faithful ? $0.roots : [] } ?? []))
        // Elements in anndata 0.6's places (raw.X, compound obsm) go back in today's, as the rest of the file is.
        if let archive {
            let current = archive.archive.inCurrentAnnDataLayout()
            // After `cairn delete`, rows of deleted cells leave obsm, obsp and raw.X as they left obs and X.
            let deleted = try snapshot.deletedCells(of: records[0])
            if deleted.isEmpty {
                try current.restore(into: writer.file, values: archive.values)
            } else {
                let positions = deleted.compactedPositions(count: records[0].cells)
                let kept = positions.indices.filter { positions[$0] >= 0 }
                let cut = try current.keepingCells(kept, of: records[0].cells, values: archive.values)
                try cut.archive.restore(into: writer.file, values: cut.values[...])
            }
        }

        let space = ExportGeneSpace(records: records, mode: mode)
        if faithful {
            let record = records[0]
            let frame = try stored(snapshot, "var", record, index: "var_name", fields: record.varColumns)
            try writer.writeFrame("/var", indexName: record.varIndexName, index: frame.index, names: record.varColumns.map(\.name),
                                  columns: frame.columns, categories: prefixed(record.categories, "var/"))
        } else {
            let (keys, symbols) = try snapshot.genes(space.geneIDs ?? [])
            try writer.writeFrame("/var", indexName: "_index", index: VarBinary(strings: symbols), names: ["gene_ids"],
                                  columns: [Column(type: .string, buffer: .bytes(VarBinary(strings: keys)))], categories: [:])
        }

        // obs.
        let cellCount = try records.reduce(0) { $0 + (try snapshot.liveCells(of: $1)) }
        if faithful {
            let record = records[0]
            let frame = try stored(snapshot, "cells", record, index: "obs_name", fields: record.obsColumns)
            try writer.writeFrame("/obs", indexName: record.obsIndexName, index: frame.index, names: record.obsColumns.map(\.name),
                                  columns: frame.columns, categories: prefixed(record.categories, "obs/"))
        } else {
            let obs = try AtlasObs(snapshot, records)
            try writer.writeFrame("/obs", indexName: "_index", index: obs.index, names: obs.names, columns: obs.columns,
                                  categories: obs.categories)
        }

        // X and the layers every dataset has: values in the datasets' common type, entries in row order.
        var nonZeros = 0
        for layer in [nil] + ExportGeneSpace.sharedLayers(records).map(Optional.some) {
            let valueType = try ExportGeneSpace.valueType(records, layer: layer)
            let entries = try space.nonZeros(snapshot, records, layer: layer)
            try writer.beginMatrix(layer.map { "/layers/\($0)" } ?? "/X", shape: (cellCount, space.count), nonZeros: entries, valueType: valueType)
            var rowCounts = [Int](repeating: 0, count: cellCount)
            try space.forEachEntryBatch(snapshot, records, layer: layer, valueType: valueType) { batch in
                batch.countRows(into: &rowCounts)
                try writer.appendEntries(columns: batch.columns, values: batch.values)
            }
            try writer.finishMatrix(rowCounts: rowCounts)
            if layer == nil { nonZeros = entries }
        }
        return Summary(cells: cellCount, genes: space.count, nonZeros: nonZeros)
    }

    /// A dataset's rows of a table as stored: the index, then `fields`.
    private static func stored(_ snapshot: Snapshot, _ table: String, _ record: DatasetRecord, index: String,
                               fields: [Field]) throws -> (index: VarBinary, columns: [Column]) {
        var batches: [RecordBatch] = []
        let schema = [Field(index, .string, nullable: true)] + fields
        try snapshot.scanStored(table, dataset: record.name, fields: schema) { batches.append($0) }
        let whole = RecordBatch.concatenate(batches, schema: Schema(schema))
        guard case .bytes(let names) = whole.columns[0].buffer else { throw SourceError("\(table) index is not strings") }
        return (names, Array(whole.columns.dropFirst()))
    }

    private static func prefixed(_ categories: [String: CategoryOrder], _ prefix: String) -> [String: CategoryOrder] {
        var out: [String: CategoryOrder] = [:]
        for (key, value) in categories where key.hasPrefix(prefix) { out[String(key.dropFirst(prefix.count))] = value }
        return out
    }
}
