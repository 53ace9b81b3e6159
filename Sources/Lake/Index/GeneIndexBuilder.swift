import Columnar
import Foundation
import Parquet
import Storage

/// Builds one dataset's gene-major index of one matrix from its entries in row order (as import writes
/// them, or as the fragments hold them), in bounded memory.
///
/// Entries gather into runs of `runEntries`. Each run is counting-sorted by panel position — rows stay
/// ascending within a position, since the input is in row order — and spilled to a temporary file (in
/// the background, while the next run sorts), the last one kept in memory. Runs hold consecutive cells,
/// so the entries of position p in (col, row) order are p's segment of every run, run after run: the
/// output concatenates segments and never compares two entries. It is cut into chunks of about the
/// repository's fragment size, encoded on every core and stored as Parquet.
///
/// The sort has two stable passes, so that each writes to few places at once (one pass over 20,000
/// genes would miss the cache on nearly every entry): by bucket of up to 256 consecutive positions —
/// done batch by batch, on the threads that decode them (`bucket`) — then by position within a bucket.
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
    /// Buckets of `1 << shift` consecutive positions.
    private let shift: Int
    private let buckets: Int

    private var pending: [BucketedEntries] = []
    private var pendingEntries = 0
    private var runs: [SortedRun] = []
    private var spill: SpillFile?
    /// The last run's spill, being written; its buffers come back for the run after next.
    private var spilling: SpillWrite?
    /// The second pass's output, reused from run to run: fresh buffers would be zeroed and faulted in
    /// for every run, which costs as much as the sort itself.
    private var sortedRows: [UInt32] = [], sortedValues: [UInt8] = []

    /// One sorted run: where each position's entries begin, and the rows and value bytes in (col, row)
    /// order — in memory, or in the spill file at `spilledAt` (rows, then values).
    private struct SortedRun {
        var starts: [Int]
        var rows: [UInt32] = []
        var values: [UInt8] = []
        var spilledAt: Int?
        var count: Int { starts.last ?? 0 }
    }

    /// A batch's entries ordered by bucket, and how many each position has: the first pass of the sort.
    struct BucketedEntries: Sendable {
        var bucketStarts: [Int]
        var positionCounts: [Int32]
        var rows: [UInt32]
        var cols: [UInt32]
        var values: [UInt8]
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
        shift = max(0, (Int.bitWidth - max(1, positions - 1).leadingZeroBitCount) - 8)
        buckets = max(1, (positions + (1 << shift) - 1) >> shift)
    }

    /// Adds entries: stored `row` (uint32), `col` (uint32) and `value` (of `valueType`), in row order.
    func append(_ batch: RecordBatch) throws { try append(try bucket(batch)) }

    /// Adds entries `bucket` made (on any thread), in row order.
    func append(_ entries: BucketedEntries) throws {
        guard !entries.rows.isEmpty else { return }
        pending.append(entries)
        pendingEntries += entries.rows.count
        guard pendingEntries >= runEntries else { return }
        let (starts, count) = try sortPending()
        let file = try spill ?? SpillFile()
        spill = file
        let offset = file.reserve(count * (4 + width))
        let previous = try spilling?.finish()
        spilling = SpillWrite(file: file, at: offset, count: count, width: width, rows: sortedRows, values: sortedValues)
        (sortedRows, sortedValues) = previous ?? ([], [])
        runs.append(SortedRun(starts: starts, spilledAt: offset))
    }

    /// The first pass of the sort for one batch: its entries by bucket. Reads nothing else of the
    /// builder's state, so decoding threads run it.
    func bucket(_ batch: RecordBatch) throws -> BucketedEntries {
        guard batch.columns.count == 3, case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer,
              rows.count == cols.count else {
            throw LakeError.corruptManifest(path: what, detail: "entries are not (row uint32, col uint32, value)")
        }
        let n = rows.count
        var counts = [Int32](repeating: 0, count: positions)
        var bucketStarts = [Int](repeating: 0, count: buckets + 1)
        let outside = counts.withUnsafeMutableBufferPointer { counts in
            bucketStarts.withUnsafeMutableBufferPointer { bucketStarts in
                cols.withUnsafeBufferPointer { cols -> Bool in
                    for c in cols {
                        guard Int(c) < positions else { return true }
                        counts[Int(c)] &+= 1
                        bucketStarts[(Int(c) &>> shift) &+ 1] &+= 1
                    }
                    return false
                }
            }
        }
        if outside { throw LakeError.corruptManifest(path: what, detail: "an entry's panel position lies beyond the \(positions) genes of its panel") }
        for b in 0..<buckets { bucketStarts[b + 1] += bucketStarts[b] }
        var next = Array(bucketStarts.dropLast())
        var outRows: [UInt32] = unfilled(n), outCols: [UInt32] = unfilled(n)
        var outValues: [UInt8] = unfilled(n * width)
        try MatrixValueBytes.withBytes(of: batch.columns[2].buffer, as: valueType) { values in
            guard let values, values.count == n * width else {
                throw LakeError.corruptManifest(path: what, detail: "values are \(batch.columns[2].type), expected \(valueType)")
            }
            rows.withUnsafeBufferPointer { rows in
                cols.withUnsafeBufferPointer { cols in
                    scatter(rows: rows, cols: cols, values: values, shift: shift, next: &next,
                            into: &outRows, &outCols, &outValues, keepingCols: true)
                }
            }
        }
        return BucketedEntries(bucketStarts: bucketStarts, positionCounts: counts, rows: outRows, cols: outCols, values: outValues)
    }

    /// The index's manifest (its source still to be filled in by the caller) and chunks, their data
    /// objects durable.
    func finish(table: String, dataset: String) throws -> (index: GeneIndexManifest, chunks: [FragmentManifest]) {
        if pendingEntries > 0 || runs.isEmpty {
            let (starts, count) = try sortPending()
            runs.append(SortedRun(starts: starts, rows: Array(sortedRows[0..<count]), values: Array(sortedValues[0..<(count * width)])))
        }
        _ = try spilling?.finish()
        spilling = nil
        (sortedRows, sortedValues) = ([], [])
        var offsets = [UInt64](repeating: 0, count: positions + 1)
        for run in runs {
            for p in 0...positions { offsets[p] &+= UInt64(run.starts[p]) }
        }
        let total = Int(offsets[positions])
        let schema = SingleCellTables.expressionStorage(valueType)
        // Blocks of consecutive positions holding about a fragment's worth of entries: each is gathered
        // from the runs and encoded as one chunk on its own core, and stored in order.
        var blocks: [Range<Int>] = []
        var first = 0
        while first < positions {
            var end = first
            repeat { end += 1 } while end < positions && Int(offsets[end] - offsets[first]) < config.fragmentRows
            if offsets[end] > offsets[first] { blocks.append(first..<end) }
            first = end
        }
        var chunks: [FragmentManifest] = []
        try OrderedParallelMap.run(count: blocks.count, { i in
            let batch = try gather(blocks[i], schema: schema)
            var compression: [ChunkCompression?]? = nil
            // Rows ascend within a gene and genes come in runs: both delta-encode to a few bits an entry,
            // with no dictionary to build; counts repeat, so values try one.
            return try FragmentWriter.encode([(batch, 0..<batch.rowCount)], schema: schema, config: config, dictionaryColumns: ["value"],
                                             compression: &compression)
        }, consume: { encoded in chunks.append(try encoded.store(into: objects)) })
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

    /// The second pass of the sort over the pending batches: by position within each bucket, into
    /// `sortedRows` and `sortedValues`; returns where each position's entries begin, and how many there are.
    private func sortPending() throws -> (starts: [Int], count: Int) {
        defer {
            pending.removeAll()
            pendingEntries = 0
        }
        var starts = [Int](repeating: 0, count: positions + 1)
        for entries in pending {
            for p in 0..<positions { starts[p + 1] &+= Int(entries.positionCounts[p]) }
        }
        for p in 0..<positions { starts[p + 1] += starts[p] }
        let count = pendingEntries
        if sortedRows.count < count { sortedRows = [UInt32](repeating: 0, count: count) }
        if sortedValues.count < count * width { sortedValues = [UInt8](repeating: 0, count: count * width) }
        var next = starts
        var unused: [UInt32] = []
        for b in 0..<buckets {
            for entries in pending {
                let range = entries.bucketStarts[b]..<entries.bucketStarts[b + 1]
                guard !range.isEmpty else { continue }
                entries.rows.withUnsafeBufferPointer { rows in
                    entries.cols.withUnsafeBufferPointer { cols in
                        entries.values.withUnsafeBytes { values in
                            scatter(rows: UnsafeBufferPointer(rebasing: rows[range]), cols: UnsafeBufferPointer(rebasing: cols[range]),
                                    values: UnsafeRawBufferPointer(rebasing: values[(range.lowerBound * width)..<(range.upperBound * width)]),
                                    shift: 0, next: &next, into: &sortedRows, &unused, &sortedValues, keepingCols: false)
                        }
                    }
                }
            }
        }
        return (starts, count)
    }

    /// Puts each entry at the next free place of its key, its position shifted right by `shift` (a stable
    /// counting sort's second half); positions are written out too only when `keepingCols` (the last pass
    /// needs none: a run's starts say where each position's entries are).
    private func scatter(rows: UnsafeBufferPointer<UInt32>, cols: UnsafeBufferPointer<UInt32>, values: UnsafeRawBufferPointer,
                         shift: Int, next: inout [Int], into outRows: inout [UInt32], _ outCols: inout [UInt32], _ outValues: inout [UInt8],
                         keepingCols: Bool) {
        switch (width, keepingCols) {
        case (1, true): scatter(UInt8.self, true, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (1, false): scatter(UInt8.self, false, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (2, true): scatter(UInt16.self, true, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (2, false): scatter(UInt16.self, false, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (4, true): scatter(UInt32.self, true, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (4, false): scatter(UInt32.self, false, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (_, true): scatter(UInt64.self, true, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        case (_, false): scatter(UInt64.self, false, rows, cols, values, shift, &next, &outRows, &outCols, &outValues)
        }
    }

    @inline(__always)
    private func scatter<Word: FixedWidthInteger>(_: Word.Type, _ keepingCols: Bool, _ rows: UnsafeBufferPointer<UInt32>, _ cols: UnsafeBufferPointer<UInt32>,
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
                            if keepingCols { outCols[at] = c }
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
                var rows: [UInt32] = unfilled(high - low)
                var values: [UInt8] = unfilled((high - low) * width)
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
        var rows: [UInt32] = unfilled(total)
        var cols: [UInt32] = unfilled(total)
        var values: [UInt8] = unfilled(total * width)
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

/// One run's sorted rows and values written to the spill file on a thread of its own; `finish` waits
/// for it and hands the buffers back for reuse.
private final class SpillWrite: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var rows: [UInt32]
    private var values: [UInt8]
    private var failure: Error?

    init(file: SpillFile, at offset: Int, count: Int, width: Int, rows: [UInt32], values: [UInt8]) {
        self.rows = rows
        self.values = values
        Thread.detachNewThread {
            do {
                try self.rows.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<(count * 4)]), at: offset) }
                try self.values.withUnsafeBytes { try file.write(UnsafeRawBufferPointer(rebasing: $0[0..<(count * width)]), at: offset + count * 4) }
            } catch {
                self.failure = error
            }
            self.done.signal()
        }
    }

    func finish() throws -> ([UInt32], [UInt8]) {
        done.wait()
        if let failure { throw failure }
        let buffers = (rows, values)
        (rows, values) = ([], [])
        return buffers
    }
}

/// An array of `count` elements whose every element the caller writes before reading it: the sort's
/// buffers are filled entry by entry, and zeroing them first costs a pass over memory for nothing.
private func unfilled<T: BitwiseCopyable>(_ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
