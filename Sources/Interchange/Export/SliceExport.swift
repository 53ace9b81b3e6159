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

/// `cairn slice`: chosen cells × chosen genes of one matrix, written as h5ad, Parquet or an Arrow IPC file
/// (long form: cell_id, gene_id, value) or a Cell Ranger v3 directory. Only the expression rows of the
/// chosen cells are read (fragments and row groups that hold none are skipped). A Parquet or Arrow slice
/// goes to disk as its batches are made, so its memory does not grow with its entries; h5ad and 10x
/// gather them first.
public enum SliceExport {
    public struct Summary: Sendable {
        public var cells: Int
        public var genes: Int
        public var nonZeros: Int
    }

    public enum Format: Sendable { case h5ad, parquet, arrow, mtx }

    /// h5ad, Parquet and Arrow by extension; anything else names a directory for a 10x matrix.
    public static func format(for path: String) -> Format {
        if path.hasSuffix(".h5ad") { return .h5ad }
        if path.hasSuffix(".parquet") { return .parquet }
        if path.hasSuffix(".arrow") || path.hasSuffix(".feather") { return .arrow }
        return .mtx
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
        let cells = records.reduce(0) { $0 + selection.rows[$1.name]!.count }
        let pick = { (body: (SliceEntries) throws -> Void) throws -> Int in
            try forEachEntries(snapshot, records, selection, space, layer: layer, valueType: valueType, body)
        }
        let format = format(for: path)
        switch format {
        case .parquet:
            let nonZeros = try writeParquet(snapshot, records, selection, space, valueType, layer: layer, to: path)
            return Summary(cells: cells, genes: space.count, nonZeros: nonZeros)
        case .arrow:
            let nonZeros = try writeArrow(snapshot, records, selection, space, valueType, layer: layer, to: path)
            return Summary(cells: cells, genes: space.count, nonZeros: nonZeros)
        case .h5ad, .mtx:
            var entries = SliceEntries(values: Column.empty(valueType))
            _ = try pick { entries.append($0) }
            let summary = Summary(cells: cells, genes: space.count, nonZeros: entries.count)
            if format == .h5ad {
                try writeH5ad(snapshot, records, selection, space, entries, summary, to: path)
            } else {
                try writeMtx(snapshot, records, selection, space, entries, summary, to: path)
            }
            return summary
        }
    }

    /// The chosen entries in output order, a piece at a time; returns how many there were. Fragments
    /// decode, and their entries are picked, on every core while this thread writes.
    private static func forEachEntries(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection,
                                       _ space: ExportGeneSpace, layer: String?, valueType: DataType,
                                       _ body: (SliceEntries) throws -> Void) throws -> Int {
        try forEachPiece(snapshot, records, selection, space, layer: layer, valueType: valueType, copying: nil) { piece in
            if case .entries(let entries) = piece { try body(entries) }
        }
    }

    /// A piece of the output in order: picked entries, or a whole stored row group copied as the output's
    /// columns (`copying`), still encoded.
    enum Piece {
        case entries(SliceEntries)
        case copied(CopiedRowGroup)
    }

    /// As `forEachEntries`; with `copying` (the output's schema: cell_id, gene_id, value), each row group
    /// whose every cell is chosen is carried over still encoded where its dataset's genes are all kept as
    /// ids at a fixed distance from their panel positions, and its values keep their stored type: its
    /// cell and gene ids are then the stored rows and positions plus a constant.
    private static func forEachPiece(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection,
                                     _ space: ExportGeneSpace, layer: String?, valueType: DataType, copying schema: Schema?,
                                     _ body: (Piece) throws -> Void) throws -> Int {
        var ordering = SliceEntryOrdering()
        var firstRow = 0
        var total = 0
        func emit(_ entries: SliceEntries) throws {
            guard entries.count > 0 else { return }
            total += entries.count
            try body(.entries(entries))
        }
        for (record, map) in zip(records, space.mapping) {
            let rows = selection.rows[record.name]!
            let picker = SliceEntryPicker(dataset: record.name, cells: record.cells, chosenRows: rows, firstOutputRow: firstRow, columns: map)
            defer { firstRow += rows.count }
            if let (index, positions) = try geneIndexWorthReading(snapshot, record, layer: layer, chosenRows: rows.count, columns: map) {
                // Gene-major entries, picked, then put in (row, column) order: memory follows the output.
                var picked = SliceEntries(values: Column.empty(valueType))
                try snapshot.readGeneIndex(index, positions: positions, transform: { try picker.pick($0, valueType: valueType) }) { picked.append($0) }
                try emit(ordering.next(picked.sortedByRowThenColumn(rows: firstRow + rows.count, columns: space.count), ordered: true))
                continue
            }
            var copy: ((StoredRowGroup) throws -> Piece?)?
            if let schema, picker.ordered, let shift = space.geneIDShift(dataset: map) {
                let cellOffset = Int64(record.cellOffset), positions = Int64(map.count)
                copy = { stored in
                    // Positions are checked against the panel as a decoded entry's would be.
                    guard stored.types[2] == valueType, let cols = stored.integerBounds(1), cols.min >= 0, cols.max < positions,
                          let copied = try stored.copied(as: schema, adding: [cellOffset, shift, 0]) else { return nil }
                    return .copied(copied)
                }
            }
            // Fragments are read, decoded and picked on every core, a few ahead of this thread, which only
            // writes; they come in fragment order, each fragment's pieces in one hand-over.
            try snapshot.scanExpression(of: record, layer: layer, rows: rows, transform: { Piece.entries(try picker.pick($0, valueType: valueType)) },
                                        copy: copy) { (piece: Piece) in
                switch piece {
                case .entries(let picked):
                    try emit(ordering.next(picked, ordered: picker.ordered))
                case .copied(let group):
                    total += group.rows
                    try body(piece)
                }
            }
        }
        if let rest = ordering.finish() { try emit(rest) }
        return total
    }

    /// The dataset's current gene index of the matrix and the panel positions to read from it, when
    /// reading those genes' entries over all cells costs less than reading the chosen cells' entries.
    private static func geneIndexWorthReading(_ snapshot: Snapshot, _ record: DatasetRecord, layer: String?, chosenRows: Int,
                                              columns: [Int32?]) throws -> (GeneIndexManifest, [Int])? {
        let table = layer.flatMap { name in record.layers?.first { $0.name == name }?.table } ?? "expression"
        let positions = columns.indices.filter { columns[$0] != nil }
        guard positions.count < columns.count, record.cells > 0,
              let index = try snapshot.currentGeneIndex(of: table, dataset: record.name), index.positions == columns.count else { return nil }
        let geneEntries = try snapshot.geneIndexEntries(index, positions: positions)
        let cellEntries = Double(index.entries) * Double(chosenRows) / Double(record.cells)
        return Double(geneEntries) < cellEntries ? (index, positions) : nil
    }

    private static func geneSpace(_ snapshot: Snapshot, _ records: [DatasetRecord], _ genes: SliceGenes) throws -> ExportGeneSpace {
        switch genes {
        case .space(let mode):
            return ExportGeneSpace(records: records, mode: mode)
        case .named(let names):
            // Only the registry entries a name asks for are kept (by feature id, symbol or normalized key).
            let wanted = Set(names + names.map(FeatureKey.normalize))
            var byKey: [String: Int] = [:], bySymbol: [String: Int] = [:]
            try snapshot.scan("genes", columns: ["gene_id", "feature_id", "symbol"]) { batch in
                guard case .int64(let ids) = batch.columns[0].buffer, case .bytes(let keys) = batch.columns[1].buffer,
                      case .bytes(let symbols) = batch.columns[2].buffer else { return }
                for i in 0..<batch.rowCount {
                    let key = keys.string(at: i), symbol = symbols.string(at: i)
                    if wanted.contains(key) { byKey[key] = Int(ids[i]) }
                    if wanted.contains(symbol), bySymbol[symbol] == nil { bySymbol[symbol] = Int(ids[i]) }
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

    private static func writeH5ad(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection, _ space: ExportGeneSpace,
                                  _ entries: SliceEntries, _ summary: Summary, to path: String) throws {
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

    /// The long form: one row per stored value, with the ids `query` shows for the same cells and genes,
    /// written as the entries stream by (row groups encode on all cores while the next pieces decode).
    private static func writeParquet(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection,
                                     _ space: ExportGeneSpace, _ valueType: DataType, layer: String?, to path: String) throws -> Int {
        var options = ParquetWriteOptions()
        // As matrix fragments are written: zstd would halve the values' bit-packed dictionary indices, at
        // a cost of about 5% of a slice's time, and a reader pays to undo it again.
        options.compression = .uncompressed
        var batches = SliceLongForm(records, selection, space, valueType: valueType, batchRows: options.rowGroupRows * 4)
        var writer = try ParquetWriter(schema: batches.schema, options: options)
        var nonZeros = 0
        // Written row groups go to the file as they are done, so memory does not grow with the output.
        try AtomicFile.write(to: path) { append in
            func write(_ batch: RecordBatch) throws {
                try writer.write(batch)
                try append(writer.takeWrittenBytes())
            }
            nonZeros = try forEachPiece(snapshot, records, selection, space, layer: layer, valueType: valueType, copying: batches.schema) { piece in
                switch piece {
                case .entries(let entries):
                    try batches.add(entries, write)
                case .copied(let group):
                    // The rows gathered so far go first, as a row group of their own.
                    try batches.flush(write)
                    try writer.append(group)
                    try append(writer.takeWrittenBytes())
                }
            }
            try batches.flush(write)
            try append(try writer.finish().bytes)
        }
        return nonZeros
    }

    /// The same long form as an Arrow IPC file: each batch's columns go to the file as they are, nothing
    /// encoded, for a reader that maps the file and uses the columns in place.
    private static func writeArrow(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection,
                                   _ space: ExportGeneSpace, _ valueType: DataType, layer: String?, to path: String) throws -> Int {
        var batches = SliceLongForm(records, selection, space, valueType: valueType, batchRows: 512 * 1024)
        let fields = batches.schema.fields.map { ArrowField($0.name, ArrowArray.from(Column.empty($0.type)).type) }
        var nonZeros = 0
        try AtomicFile.writeBuffers(to: path) { append in
            try withoutActuallyEscaping(append) { append in
                var writer = try ArrowFileWriter(sink: ClosureByteSink(write: append), fields: fields)
                func write(_ batch: RecordBatch) throws {
                    try writer.write(rows: batch.rowCount, columns: batch.columns.map { ArrowArray.from($0).array })
                }
                nonZeros = try forEachEntries(snapshot, records, selection, space, layer: layer, valueType: valueType) { entries in
                    try batches.add(entries, write)
                }
                try batches.flush(write)
                try writer.finish()
            }
        }
        return nonZeros
    }

    private static func writeMtx(_ snapshot: Snapshot, _ records: [DatasetRecord], _ selection: CellSelection, _ space: ExportGeneSpace,
                                 _ entries: SliceEntries, _ summary: Summary, to directory: String) throws {
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
