import Columnar
import Lake

/// A slice in long form, one row per stored value: cell_id, gene_id, value, with the ids `query` shows.
/// Picked entries gather into batches of `batchRows` rows (a few Parquet row groups), their ids looked up
/// straight into the batch's arrays, allocated at their size: a writer then encodes or copies the columns
/// without copying them again.
struct SliceLongForm {
    let schema: Schema
    private let cellIDs: [Int64]
    private let geneIDs: [Int64]
    /// Set when the ids count up from the first (every gene of an atlas imported whole): an addition, not a gather.
    private let geneShift: Int64?
    private let valueType: DataType
    private let batchRows: Int
    private var pending: [(entries: SliceEntries, range: Range<Int>)] = []
    private var pendingRows = 0
    // The id arrays are refilled in place batch after batch (the writer has let go of the last one by
    // then): fresh ones would be faulted in page by page each time.
    private var cells: [Int64] = [], genes: [Int64] = []

    init(_ records: [DatasetRecord], _ selection: CellSelection, _ space: ExportGeneSpace, valueType: DataType, batchRows: Int) {
        var cellIDs: [Int64] = []
        for record in records { cellIDs.append(contentsOf: selection.rows[record.name]!.map { Int64(record.cellOffset + $0) }) }
        let geneIDs = space.geneIDs!.map(Int64.init)
        self.cellIDs = cellIDs
        self.geneIDs = geneIDs
        geneShift = geneIDs.first.flatMap { first in geneIDs.indices.allSatisfy { geneIDs[$0] == first + Int64($0) } ? first : nil }
        self.valueType = valueType
        self.batchRows = batchRows
        schema = Schema([Field("cell_id", .int64, nullable: false), Field("gene_id", .int64, nullable: false),
                         Field("value", valueType, nullable: false)])
    }

    /// Adds entries in output order; `write` gets each batch as it fills.
    mutating func add(_ entries: SliceEntries, _ write: (RecordBatch) throws -> Void) throws {
        var start = 0
        while start < entries.count {
            let piece = start..<min(entries.count, start + batchRows - pendingRows)
            pending.append((entries, piece))
            pendingRows += piece.count
            start = piece.upperBound
            if pendingRows == batchRows { try flush(write) }
        }
    }

    /// Hands the rows gathered so far to `write` as a batch (none when there are none).
    mutating func flush(_ write: (RecordBatch) throws -> Void) throws {
        guard pendingRows > 0 else { return }
        var values = Column.empty(valueType)
        values.buffer.reserveCapacity(pendingRows)
        for (entries, range) in pending { values.append(contentsOf: range.count == entries.count ? entries.values : entries.values.slice(range)) }
        Self.lookup(cellIDs, pending.map { $0.entries.rows[$0.range] }, count: pendingRows, runs: true, into: &cells)
        Self.lookup(geneIDs, pending.map { $0.entries.columns[$0.range] }, count: pendingRows, shift: geneShift, into: &genes)
        (pending, pendingRows) = ([], 0)
        try write(RecordBatch(schema: schema, columns: [Column(type: .int64, buffer: .int64(cells)),
                                                        Column(type: .int64, buffer: .int64(genes)), values]))
    }

    /// `table[i]` for each index of `pieces`, in order (`count` in all), written once into `out`: in place
    /// when it holds `count` already. `runs`: the indices come in runs of one value (a cell's entries),
    /// each looked up once and filled. `shift`: `table[i]` is `i + shift`.
    private static func lookup(_ table: [Int64], _ pieces: [ArraySlice<Int32>], count: Int, runs: Bool = false, shift: Int64? = nil,
                               into out: inout [Int64]) {
        func fill(_ out: UnsafeMutableBufferPointer<Int64>) {
            table.withUnsafeBufferPointer { table in
                var at = 0
                for piece in pieces {
                    piece.withUnsafeBufferPointer { indices in
                        let n = indices.count
                        if runs {
                            var k = 0
                            while k < n {
                                let end = indices.endOfRun(from: k, before: n)
                                UnsafeMutableBufferPointer(rebasing: out[(at &+ k)..<(at &+ end)]).update(repeating: table[Int(indices[k])])
                                k = end
                            }
                        } else if let shift {
                            for k in 0..<n { out[at &+ k] = Int64(indices[k]) &+ shift }
                        } else {
                            for k in 0..<n { out[at &+ k] = table[Int(indices[k])] }
                        }
                    }
                    at += piece.count
                }
            }
        }
        if out.count == count {
            out.withUnsafeMutableBufferPointer { fill($0) }
        } else {
            out = [Int64](unsafeUninitializedCapacity: count) { buffer, initialized in
                fill(buffer)
                initialized = count
            }
        }
    }
}
