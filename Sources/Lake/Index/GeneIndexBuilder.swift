import Columnar
import Foundation
import Storage

/// Builds one dataset's gene-major index of one matrix from its entries in row order (as import writes
/// them, or as the fragments hold them), in bounded memory.
///
/// Entries gather into runs of `runEntries`. Each run is counting-sorted by panel position — rows stay
/// ascending within a position, since the input is in row order — and spilled to a temporary file, the
/// last one kept in memory. Runs hold consecutive cells, so the entries of position p in (col, row) order
/// are p's segment of every run, run after run: the output concatenates segments and never compares
/// two entries. It is cut into chunks of the repository's fragment size and stored as Parquet.
final class GeneIndexBuilder {
    /// Entries per run: 4M entries keep the sort's buffers near 100 MB (import builds beside its own work).
    static let defaultRunEntries = 1 << 22

    let positions: Int
    let valueType: DataType
    private let width: Int
    private let runEntries: Int
    private let config: RepositoryConfig
    private let objects: ContentAddressedStore
    /// What the entries are, for messages.
    private let what: String

    private var pending: [RecordBatch] = []
    private var pendingEntries = 0
    private var runs: [SortedRun] = []
    private var spill: SpillFile?
    /// The sort's buffers: entries by bucket, then by position (positions are needed only between the
    /// passes; rows and value bytes are what a run keeps).
    private var bucketRows: [UInt32] = [], bucketCols: [UInt32] = [], bucketValues: [UInt8] = []
    private var sortedRows: [UInt32] = [], sortedCols: [UInt32] = [], sortedValues: [UInt8] = []

    /// One sorted run: where each position's entries begin, and the rows and value bytes in (col, row)
    /// order — in memory, or in the spill file at `spilledAt` (rows, then values).
    private struct SortedRun {
        var starts: [Int]
        var rows: [UInt32] = []
        var values: [UInt8] = []
        var spilledAt: Int?
        var count: Int { starts.last ?? 0 }
    }

    init(positions: Int, valueType: DataType, config: RepositoryConfig, objects: ContentAddressedStore, what: String,
         runEntries: Int = GeneIndexBuilder.defaultRunEntries) throws {
        guard let width = MatrixValueBytes.width(of: valueType) else {
            throw LakeError.corruptManifest(path: what, detail: "values of type \(valueType) cannot be indexed")
        }
        self.positions = positions
        self.valueType = valueType
        self.width = width
        self.runEntries = max(1, runEntries)
        self.config = config
        self.objects = objects
        self.what = what
    }

    /// Adds entries: stored `row` (uint32), `col` (uint32) and `value` (of `valueType`), in row order.
    func append(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        pending.append(batch)
        pendingEntries += batch.rowCount
        if pendingEntries >= runEntries {
            let (starts, count) = try sortPending()
            let file = try spill ?? SpillFile()
            spill = file
            let offset = file.reserve(count * (4 + width))
            try sortedRows.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<(count * 4)]), at: offset) }
            try sortedValues.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<(count * width)]), at: offset + count * 4) }
            runs.append(SortedRun(starts: starts, spilledAt: offset))
        }
    }

    /// The index's manifest (its source still to be filled in by the caller) and chunks, their data
    /// objects durable.
    func finish(table: String, dataset: String) throws -> (index: GeneIndexManifest, chunks: [FragmentManifest]) {
        if pendingEntries > 0 || runs.isEmpty {
            let (starts, count) = try sortPending()
            runs.append(SortedRun(starts: starts, rows: Array(sortedRows[0..<count]), values: Array(sortedValues[0..<(count * width)])))
        }
        releaseScratch()
        var offsets = [UInt64](repeating: 0, count: positions + 1)
        for run in runs {
            for p in 0...positions { offsets[p] &+= UInt64(run.starts[p]) }
        }
        let total = Int(offsets[positions])
        let schema = SingleCellTables.expressionStorage(valueType)
        var writer = FragmentWriter(schema: schema, config: config, objects: objects)
        // The next block gathers (reading the spilled runs back) while this one encodes.
        try Prefetcher.run({ produce in
            var first = 0
            while first < positions {
                var end = first
                repeat { end += 1 } while end < positions && Int(offsets[end] - offsets[first]) < config.fragmentRows
                try produce(try gather(first..<end, schema: schema))
                first = end
            }
        }, consume: { batch in try writer.append(batch) })
        var chunks = try writer.finish()
        var start = 0
        for i in chunks.indices {
            chunks[i].rowOffset = start
            start += chunks[i].rows
        }
        let offsetBytes = offsets.withUnsafeBytes { Array($0) }  // little-endian on every platform Swift runs on here
        let offsetsObject = IndexObject(hash: try objects.put(offsetBytes), bytes: offsetBytes.count)
        let index = GeneIndexManifest(table: table, dataset: dataset, source: GeneIndexSource(names: [], blobs: [], manifests: []),
                                      entries: total, positions: positions, valueType: valueType, offsets: offsetsObject, chunks: chunks)
        return (index, chunks)
    }

    /// Counting sort of the pending entries by panel position, into `sortedRows` and `sortedValues`;
    /// returns where each position's entries begin, and how many there are.
    private func sortPending() throws -> (starts: [Int], count: Int) {
        defer {
            pending.removeAll()
            pendingEntries = 0
        }
        var starts = [Int](repeating: 0, count: positions + 1)
        for batch in pending {
            guard batch.columns.count == 3, case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer,
                  rows.count == cols.count else {
                throw LakeError.corruptManifest(path: what, detail: "entries are not (row uint32, col uint32, value)")
            }
            let outside = starts.withUnsafeMutableBufferPointer { starts in
                cols.withUnsafeBufferPointer { cols -> Bool in
                    for c in cols {
                        guard Int(c) < positions else { return true }
                        starts[Int(c) + 1] &+= 1
                    }
                    return false
                }
            }
            if outside { throw LakeError.corruptManifest(path: what, detail: "an entry's panel position lies beyond the \(positions) genes of its panel") }
        }
        for p in 0..<positions { starts[p + 1] += starts[p] }
        let count = pendingEntries
        // Two passes, so that each writes to few places at once (a pass over 20,000 genes would miss the
        // cache on nearly every entry): by bucket of up to 256 consecutive positions, then by position
        // within its bucket. Both are stable, so rows stay ascending within a position.
        let shift = max(0, (Int.bitWidth - max(1, positions - 1).leadingZeroBitCount) - 8)
        let buckets = (positions + (1 << shift) - 1) >> shift
        var bucketNext = (0..<buckets).map { starts[$0 << shift] }
        reserveScratch(count)
        for batch in pending {
            guard case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer else { continue }
            try MatrixValueBytes.withBytes(of: batch.columns[2].buffer, as: valueType) { values in
                guard let values, values.count == rows.count * width else {
                    throw LakeError.corruptManifest(path: what, detail: "values are \(batch.columns[2].type), expected \(valueType)")
                }
                rows.withUnsafeBufferPointer { rows in
                    cols.withUnsafeBufferPointer { cols in
                        scatter(rows: rows, cols: cols, values: values, shift: shift, next: &bucketNext,
                                into: &bucketRows, &bucketCols, &bucketValues)
                    }
                }
            }
        }
        var next = starts
        // The buffers may be longer than this run (kept from a larger one): only its `count` entries.
        bucketRows.withUnsafeBufferPointer { rows in
            bucketCols.withUnsafeBufferPointer { cols in
                bucketValues.withUnsafeBytes { values in
                    scatter(rows: UnsafeBufferPointer(rebasing: rows[0..<count]), cols: UnsafeBufferPointer(rebasing: cols[0..<count]),
                            values: UnsafeRawBufferPointer(rebasing: values[0..<(count * width)]), shift: 0, next: &next,
                            into: &sortedRows, &sortedCols, &sortedValues)
                }
            }
        }
        return (starts, count)
    }

    /// Makes the sort's buffers hold at least `count` entries. They are kept from run to run: fresh
    /// ones would be zeroed and faulted in for every run, which costs as much as the sort itself.
    private func reserveScratch(_ count: Int) {
        guard bucketRows.count < count else { return }
        releaseScratch()
        bucketRows = [UInt32](repeating: 0, count: count)
        bucketCols = [UInt32](repeating: 0, count: count)
        sortedRows = [UInt32](repeating: 0, count: count)
        sortedCols = [UInt32](repeating: 0, count: count)
        bucketValues = [UInt8](repeating: 0, count: count * width)
        sortedValues = [UInt8](repeating: 0, count: count * width)
    }

    private func releaseScratch() {
        (bucketRows, bucketCols, bucketValues, sortedRows, sortedCols, sortedValues) = ([], [], [], [], [], [])
    }

    /// Puts each entry at the next free place of its key, its position shifted right by `shift` (a stable
    /// counting sort's second half).
    private func scatter(rows: UnsafeBufferPointer<UInt32>, cols: UnsafeBufferPointer<UInt32>, values: UnsafeRawBufferPointer,
                         shift: Int, next: inout [Int], into outRows: inout [UInt32], _ outCols: inout [UInt32], _ outValues: inout [UInt8]) {
        switch width {
        case 1: scatter(UInt8.self, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case 2: scatter(UInt16.self, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case 4: scatter(UInt32.self, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        default: scatter(UInt64.self, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        }
    }

    private func scatter<Word: FixedWidthInteger>(_: Word.Type, _ rows: UnsafeBufferPointer<UInt32>, _ cols: UnsafeBufferPointer<UInt32>,
                                                  _ values: UnsafeRawBufferPointer, _ shift: Int, _ next: inout [Int],
                                                  _ outRows: inout [UInt32], _ outCols: inout [UInt32], _ outValues: inout [UInt8]) {
        let source = values.bindMemory(to: Word.self)
        next.withUnsafeMutableBufferPointer { next in
            outRows.withUnsafeMutableBufferPointer { outRows in
                outCols.withUnsafeMutableBufferPointer { outCols in
                    outValues.withUnsafeMutableBytes { outBytes in
                        let outValues = outBytes.bindMemory(to: Word.self)
                        for i in 0..<rows.count {
                            let c = cols[i]
                            let k = Int(c) &>> shift
                            let at = next[k]
                            next[k] = at &+ 1
                            outRows[at] = rows[i]
                            outCols[at] = c
                            outValues[at] = source[i]
                        }
                    }
                }
            }
        }
    }

    /// The entries of positions `range`, in (col, row) order, as a batch of the index's columns.
    private func gather(_ range: Range<Int>, schema: Schema) throws -> RecordBatch {
        // Each run's segment for the block, read back whole.
        var segments: [(starts: ArraySlice<Int>, rows: [UInt32], values: [UInt8])] = []
        var total = 0
        for run in runs {
            let low = run.starts[range.lowerBound], high = run.starts[range.upperBound]
            total += high - low
            if let at = run.spilledAt, let spill {
                var rows = [UInt32](repeating: 0, count: high - low)
                var values = [UInt8](repeating: 0, count: (high - low) * width)
                if high > low {
                    try rows.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: at + low * 4) }
                    try values.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: at + run.count * 4 + low * width) }
                }
                segments.append((run.starts[range.lowerBound...range.upperBound], rows, values))
            } else {
                segments.append((run.starts[range.lowerBound...range.upperBound], Array(run.rows[low..<high]),
                                 Array(run.values[(low * width)..<(high * width)])))
            }
        }
        guard total > 0 else { return RecordBatch.empty(schema) }
        var rows = [UInt32](repeating: 0, count: total)
        var cols = [UInt32](repeating: 0, count: total)
        var values = [UInt8](repeating: 0, count: total * width)
        var at = 0
        rows.withUnsafeMutableBufferPointer { rows in
            cols.withUnsafeMutableBufferPointer { cols in
                values.withUnsafeMutableBytes { values in
                    for p in range {
                        for segment in segments {
                            let base = segment.starts[range.lowerBound]
                            let low = segment.starts[p] - base, high = segment.starts[p + 1] - base
                            guard high > low else { continue }
                            segment.rows.withUnsafeBufferPointer { from in
                                UnsafeMutableRawPointer(rows.baseAddress! + at).copyMemory(from: from.baseAddress! + low, byteCount: (high - low) * 4)
                            }
                            segment.values.withUnsafeBytes { from in
                                (values.baseAddress! + at * width).copyMemory(from: from.baseAddress! + low * width, byteCount: (high - low) * width)
                            }
                            for k in at..<(at + high - low) { cols[k] = UInt32(p) }
                            at += high - low
                        }
                    }
                }
            }
        }
        let valueColumn = values.withUnsafeBytes { MatrixValueBytes.column(valueType, count: total, from: $0.baseAddress!) }
        return RecordBatch(schema: schema, columns: [Column(type: .uint32, buffer: .uint32(rows)), Column(type: .uint32, buffer: .uint32(cols)), valueColumn])
    }
}
