import Columnar
import Foundation
import Lake
import Parquet
import Storage

/// Which genes a slice keeps: the union or intersection of the chosen cells' datasets, or named genes in
/// the order given (by feature id or symbol).
public enum SliceGenes: Sendable {
    case space(GeneSpaceMode)
    case named([String])
}

/// `cairn slice`: chosen cells × chosen genes of one matrix, written as h5ad, Parquet (long form:
/// cell_id, gene_id, value) or a Cell Ranger v3 directory. Only the expression rows of the chosen cells
/// are read (fragments and row groups that hold none are skipped), and memory follows the output.
public enum SliceExport {
    public struct Summary: Sendable {
        public var cells: Int
        public var genes: Int
        public var nonZeros: Int
    }

    public enum Format: Sendable { case h5ad, parquet, mtx }

    /// h5ad and Parquet by extension; anything else names a directory for a 10x matrix.
    public static func format(for path: String) -> Format {
        if path.hasSuffix(".h5ad") { return .h5ad }
        if path.hasSuffix(".parquet") { return .parquet }
        return .mtx
    }

    /// The chosen entries, in output row order: output row and column of each, and the values.
    private struct Entries {
        var rows: [Int32] = []
        var columns: [Int32] = []
        var values: Column
    }

    public static func write(_ snapshot: Snapshot, cells selection: CellSelection, genes: SliceGenes, matrix layer: String?,
                             to path: String) throws -> Summary {
        let records = try snapshot.datasets().filter { selection.rows[$0.name] != nil }
        guard !records.isEmpty else { throw SourceError("no cells match the selection at \(snapshot.revision)") }
        if let layer {
            let missing = records.filter { record in !(record.layers ?? []).contains { $0.name == layer } }.map(\.name)
            guard missing.isEmpty else {
                throw SourceError("matrix '\(layer)' is not a layer of dataset\(missing.count > 1 ? "s" : "") \(missing.joined(separator: ", ")) (X is 'X')")
            }
        }
        let space = try geneSpace(snapshot, records, genes)
        let valueType = try ExportGeneSpace.valueType(records, layer: layer)
        var entries = Entries(values: Column.empty(valueType))
        var firstRow = 0
        for (record, map) in zip(records, space.mapping) {
            let rows = selection.rows[record.name]!
            var outRow = [Int32](repeating: -1, count: record.cells)
            for (i, row) in rows.enumerated() where row < record.cells { outRow[row] = Int32(firstRow + i) }
            // Fragments decode on a prefetch thread while this one picks the chosen entries.
            try Prefetcher.run({ try snapshot.scanExpression(of: record, layer: layer, rows: rows, $0) }) { (batch: RecordBatch) in
                guard case .uint32(let r) = batch.columns[0].buffer, case .uint32(let c) = batch.columns[1].buffer,
                      let values = batch.columns[2].widened(to: valueType) else {
                    throw SourceError("dataset \(record.name): expression fragments do not match its record")
                }
                var keep: [Int] = []
                for i in 0..<r.count where Int(r[i]) < record.cells && Int(c[i]) < map.count {
                    let row = outRow[Int(r[i])]
                    guard row >= 0, let column = map[Int(c[i])] else { continue }
                    keep.append(i)
                    entries.rows.append(row)
                    entries.columns.append(column)
                }
                entries.values.append(contentsOf: values.gather(keep))
            }
            firstRow += rows.count
        }
        // Named genes come in the order asked, not panel order: sort each row's entries by column.
        sortWithinRows(&entries)
        let summary = Summary(cells: firstRow, genes: space.count, nonZeros: entries.rows.count)
        switch format(for: path) {
        case .h5ad: try writeH5ad(snapshot, records, selection, space, entries, summary, to: path)
        case .parquet: try writeParquet(snapshot, records, selection, space, entries, to: path)
        case .mtx: try writeMtx(snapshot, records, selection, space, entries, summary, to: path)
        }
        return summary
    }

    private static func geneSpace(_ snapshot: Snapshot, _ records: [DatasetRecord], _ genes: SliceGenes) throws -> ExportGeneSpace {
        switch genes {
        case .space(let mode):
            return ExportGeneSpace(records: records, mode: mode)
        case .named(let names):
            var byKey: [String: Int] = [:], bySymbol: [String: Int] = [:]
            try snapshot.scan("genes", columns: ["gene_id", "feature_id", "symbol"]) { batch in
                guard case .int64(let ids) = batch.columns[0].buffer else { return }
                for i in 0..<batch.rowCount {
                    byKey[batch.columns[1].value(at: i).description] = Int(ids[i])
                    let symbol = batch.columns[2].value(at: i).description
                    if bySymbol[symbol] == nil { bySymbol[symbol] = Int(ids[i]) }
                }
            }
            var ids: [Int] = []
            var unknown: [String] = []
            for name in names {
                if let id = byKey[name] ?? bySymbol[name] ?? byKey[FeatureKey.normalize(name)] {
                    if !ids.contains(id) { ids.append(id) }
                } else {
                    unknown.append(name)
                }
            }
            guard unknown.isEmpty else {
                throw SourceError("unknown gene\(unknown.count > 1 ? "s" : "") \(unknown.prefix(5).joined(separator: ", "))\(unknown.count > 5 ? ", …" : "") (not a feature id or symbol in the registry at \(snapshot.revision))")
            }
            return ExportGeneSpace(records: records, geneIDs: ids)
        }
    }

    private static func sortWithinRows(_ entries: inout Entries) {
        var order = Array(entries.rows.indices)
        var sorted = true
        for i in order.dropFirst() where (entries.rows[i - 1], entries.columns[i - 1]) > (entries.rows[i], entries.columns[i]) {
            sorted = false
            break
        }
        guard !sorted else { return }
        order.sort { (entries.rows[$0], entries.columns[$0]) < (entries.rows[$1], entries.columns[$1]) }
        entries.rows = order.map { entries.rows[$0] }
        entries.columns = order.map { entries.columns[$0] }
        entries.values = entries.values.gather(order)
    }

    private static func writeH5ad(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection, _ space: ExportGeneSpace,
                                  _ entries: Entries, _ summary: Summary, to path: String) throws {
        // The writer goes out of scope (closing the file) before the rename.
        func writeFile(_ temporary: String) throws {
            let writer = try AnnDataWriter(path: temporary, restoring: [])
            let (keys, symbols) = try snapshot.genes(space.geneIDs ?? [])
            try writer.writeFrame("/var", indexName: "_index", index: VarBinary(strings: symbols), names: ["gene_ids"],
                                  columns: [Column(type: .string, buffer: .bytes(VarBinary(strings: keys)))], categories: [:])
            let obs = try AtlasObs(snapshot, records, selection: selection)
            try writer.writeFrame("/obs", indexName: "_index", index: obs.index, names: obs.names, columns: obs.columns,
                                  categories: obs.categories)
            try writer.beginMatrix(shape: (summary.cells, summary.genes), nonZeros: entries.rows.count, valueType: entries.values.type)
            try writer.appendEntries(columns: entries.columns, values: entries.values)
            var rowCounts = [Int](repeating: 0, count: summary.cells)
            for row in entries.rows { rowCounts[Int(row)] += 1 }
            try writer.finishMatrix(rowCounts: rowCounts)
        }
        try PartialFiles.write([path]) { try writeFile($0[0]) }
    }

    /// The long form: one row per stored value, with the ids `query` shows for the same cells and genes.
    private static func writeParquet(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection,
                                     _ space: ExportGeneSpace, _ entries: Entries, to path: String) throws {
        var cellIDs: [Int64] = []
        for record in records { cellIDs.append(contentsOf: selection.rows[record.name]!.map { Int64(record.cellOffset + $0) }) }
        let geneIDs = space.geneIDs!.map(Int64.init)
        let schema = Schema([Field("cell_id", .int64, nullable: false), Field("gene_id", .int64, nullable: false),
                             Field("value", entries.values.type, nullable: false)])
        var writer = try ParquetWriter(schema: schema)
        try writer.write(RecordBatch(schema: schema, columns: [
            Column(type: .int64, buffer: .int64(entries.rows.map { cellIDs[Int($0)] })),
            Column(type: .int64, buffer: .int64(entries.columns.map { geneIDs[Int($0)] })),
            entries.values,
        ]))
        try AtomicFile.write(try writer.finish().bytes, to: path)
    }

    private static func writeMtx(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection, _ space: ExportGeneSpace,
                                 _ entries: Entries, _ summary: Summary, to directory: String) throws {
        try PartialFiles.mtxDirectory(directory) { featuresPath, barcodesPath, matrixPath in
            let features = try GzipTextWriter(path: featuresPath)
            let (keys, symbols) = try snapshot.genes(space.geneIDs ?? [])
            for (key, symbol) in zip(keys, symbols) { try features.write("\(key)\t\(symbol)\tGene Expression\n") }
            try features.close()
            let barcodes = try GzipTextWriter(path: barcodesPath)
            let obs = try AtlasObs(snapshot, records, selection: selection)
            for i in 0..<obs.index.count { try barcodes.write(obs.index.string(at: i) + "\n") }
            try barcodes.close()
            let matrix = try GzipTextWriter(path: matrixPath)
            try matrix.write("%%MatrixMarket matrix coordinate \(entries.values.type.isInteger ? "integer" : "real") general\n")
            try matrix.write("\(summary.genes) \(summary.cells) \(summary.nonZeros)\n")
            var text = ""
            for i in 0..<entries.rows.count {
                text += "\(entries.columns[i] + 1) \(entries.rows[i] + 1) \(entries.values.value(at: i))\n"
                if i % 65536 == 65535 {
                    try matrix.write(text)
                    text = ""
                }
            }
            try matrix.write(text)
            try matrix.close()
        }
    }
}
