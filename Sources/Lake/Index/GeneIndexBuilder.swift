import Columnar
import Foundation
import Parquet
import Storage

/// Builds one dataset's gene-major index of one matrix from its entries in row order (as import writes
/// them, or as the fragments hold them), in bounded memory.
///
/// The sort is a counting sort in two stable passes, so that each writes to few places at once (one pass
/// over 20,000 genes would miss the cache on nearly every entry):
/// 1. Each batch's entries are ordered by bucket — up to 256 consecutive panel positions — where the
///    batch is decoded (`bucket`). Batches gather into runs of `runEntries` consecutive cells, each run
///    laid out bucket by bucket, kept in memory up to `runMemory` bytes of runs and past that spilled
///    to a temporary file in the background.
/// 2. The output is cut into blocks of whole buckets holding about a fragment's worth of entries. For
///    each block, on every core, the block's segment of every run is read back and counting-sorted by
///    position — runs in order and stably, so rows stay ascending within a position, since the input
///    was in row order — then encoded as one Parquet chunk and stored in order.
final class GeneIndexBuilder {
    /// Entries per run: 4M entries keep phase 1 near 100 MB (import builds beside its own work).
    static let defaultRunEntries = 1 << 22
    /// Bytes of runs kept in memory before later ones spill: a dataset of up to about 25M entries is
    /// indexed without writing a temporary file, and a larger one's peak stays well under 1 GB.
    static let defaultRunMemory = 256 << 20

    let positions: Int
    let valueType: DataType
    private let width: Int
    private let runEntries: Int
    private let config: RepositoryConfig
    private let objects: ContentAddressedStore
    /// What the entries are, for messages.
    private let what: String
    /// Buckets of `1 << shift` consecutive positions (at most 256, so a position within its bucket is one byte).
    private let shift: Int
    private let buckets: Int

    private var pending: [BucketedEntries] = []
    private var pendingEntries = 0
    private var runs: [BucketedRun] = []
    private var spill: SpillFile?
    /// The last run's spill, being written.
    private var spilling: SpillWrite?
    /// Bytes of the runs kept in memory, and how many may be.
    private var keptBytes = 0
    private let runMemory: Int

    /// A batch's entries ordered by bucket: rows, positions within their bucket, and value bytes.
    struct BucketedEntries: Sendable {
        var bucketStarts: [Int]
        var rows: [UInt32]
        var low: [UInt8]
        var values: [UInt8]
    }

    /// A run of consecutive cells laid out bucket by bucket — in memory, or in the spill file at
    /// `spilledAt` (rows, then positions within buckets, then value bytes).
    private struct BucketedRun: Sendable {
        var bucketStarts: [Int]
        var entries: BucketedEntries?
        var spilledAt: Int?
        var count: Int { bucketStarts.last ?? 0 }
    }

    init(positions: Int, valueType: DataType, config: RepositoryConfig, objects: ContentAddressedStore, what: String,
         runEntries: Int = GeneIndexBuilder.defaultRunEntries, runMemory: Int = GeneIndexBuilder.defaultRunMemory) throws {
        guard let width = MatrixValueBytes.width(of: valueType) else {
            throw LakeError.corruptManifest(path: what, detail: "values of type \(valueType) cannot be indexed")
        }
        self.positions = positions
        self.valueType = valueType
        self.width = width
        self.runEntries = max(1, runEntries)
        self.runMemory = runMemory
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
        let run = takeRun()
        // Runs stay in memory up to a budget (most datasets never touch the disk); later ones spill.
        let bytes = run.count * (5 + width)
        if keptBytes + bytes <= runMemory {
            keptBytes += bytes
            runs.append(run)
            return
        }
        let file = try spill ?? SpillFile()
        spill = file
        let offset = file.reserve(run.count * (5 + width))
        try spilling?.finish()
        spilling = SpillWrite(file: file, at: offset, run.entries!)
        runs.append(BucketedRun(bucketStarts: run.bucketStarts, spilledAt: offset))
    }

    /// The first pass for one batch: its entries by bucket. Reads nothing of the builder's changing
    /// state, so decoding threads run it.
    func bucket(_ batch: RecordBatch) throws -> BucketedEntries {
        guard batch.columns.count == 3, case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer,
              rows.count == cols.count else {
            throw LakeError.corruptManifest(path: what, detail: "entries are not (row uint32, col uint32, value)")
        }
        let n = rows.count
        var bucketStarts = [Int](repeating: 0, count: buckets + 1)
        let outside = bucketStarts.withUnsafeMutableBufferPointer { bucketStarts in
            cols.withUnsafeBufferPointer { cols -> Bool in
                for c in cols {
                    guard Int(c) < positions else { return true }
                    bucketStarts[(Int(c) &>> shift) &+ 1] &+= 1
                }
                return false
            }
        }
        if outside { throw LakeError.corruptManifest(path: what, detail: "an entry's panel position lies beyond the \(positions) genes of its panel") }
        for b in 0..<buckets { bucketStarts[b + 1] += bucketStarts[b] }
        var next = Array(bucketStarts.dropLast())
        var outRows: [UInt32] = unfilled(n), outLow: [UInt8] = unfilled(n), outValues: [UInt8] = unfilled(n * width)
        let mask = UInt32((1 << shift) - 1)
        try MatrixValueBytes.withBytes(of: batch.columns[2].buffer, as: valueType) { values in
            guard let values, values.count == n * width else {
                throw LakeError.corruptManifest(path: what, detail: "values are \(batch.columns[2].type), expected \(valueType)")
            }
            next.withUnsafeMutableBufferPointer { next in
                outRows.withUnsafeMutableBufferPointer { outRows in
                    outLow.withUnsafeMutableBufferPointer { outLow in
                        outValues.withUnsafeMutableBytes { outValues in
                            rows.withUnsafeBufferPointer { rows in
                                cols.withUnsafeBufferPointer { cols in
                                    let shift = UInt32(shift)
                                    switch width {
                                    case 1: Self.scatter(UInt8.self, rows, cols, values, shift, mask, next, outRows, outLow, outValues)
                                    case 2: Self.scatter(UInt16.self, rows, cols, values, shift, mask, next, outRows, outLow, outValues)
                                    case 4: Self.scatter(UInt32.self, rows, cols, values, shift, mask, next, outRows, outLow, outValues)
                                    default: Self.scatter(UInt64.self, rows, cols, values, shift, mask, next, outRows, outLow, outValues)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return BucketedEntries(bucketStarts: bucketStarts, rows: outRows, low: outLow, values: outValues)
    }

    /// The first pass's loop, for values of `Word`'s width: each entry to the next place of its bucket.
    private static func scatter<Word: FixedWidthInteger>(_: Word.Type, _ rows: UnsafeBufferPointer<UInt32>, _ cols: UnsafeBufferPointer<UInt32>,
                                                         _ values: UnsafeRawBufferPointer, _ shift: UInt32, _ mask: UInt32,
                                                         _ next: UnsafeMutableBufferPointer<Int>, _ outRows: UnsafeMutableBufferPointer<UInt32>,
                                                         _ outLow: UnsafeMutableBufferPointer<UInt8>, _ outValues: UnsafeMutableRawBufferPointer) {
        let source = values.bindMemory(to: Word.self), target = outValues.bindMemory(to: Word.self)
        for i in 0..<rows.count {
            let c = cols[i]
            let b = Int(c &>> shift)
            let at = next[b]
            next[b] = at &+ 1
            outRows[at] = rows[i]
            outLow[at] = UInt8(truncatingIfNeeded: c & mask)
            target[at] = source[i]
        }
    }

    /// The second pass's loop, for values of `Word`'s width: each entry of a run's segment to the next
    /// place of its position (`base[k]`: the first position of the block's bucket k, block-relative).
    private static func place<Word: FixedWidthInteger>(_: Word.Type, _ starts: [Int], _ base: [Int], _ rows: UnsafeBufferPointer<UInt32>,
                                                       _ low: UnsafeBufferPointer<UInt8>, _ values: UnsafeRawBufferPointer,
                                                       _ next: UnsafeMutableBufferPointer<Int>, _ outRows: UnsafeMutableBufferPointer<UInt32>,
                                                       _ outValues: UnsafeMutableRawBufferPointer) {
        let source = values.bindMemory(to: Word.self), target = outValues.bindMemory(to: Word.self)
        for k in 0..<base.count {
            let first = base[k]
            for i in starts[k]..<starts[k + 1] {
                let p = first &+ Int(low[i])
                let at = next[p]
                next[p] = at &+ 1
                outRows[at] = rows[i]
                target[at] = source[i]
            }
        }
    }

    /// The pending batches as one run, laid out bucket by bucket (segments copied whole).
    private func takeRun() -> BucketedRun {
        defer {
            pending.removeAll()
            pendingEntries = 0
        }
        let count = pendingEntries
        var rows: [UInt32] = unfilled(count), low: [UInt8] = unfilled(count), values: [UInt8] = unfilled(count * width)
        var bucketStarts = [Int](repeating: 0, count: buckets + 1)
        var at = 0
        rows.withUnsafeMutableBufferPointer { rows in
            low.withUnsafeMutableBufferPointer { low in
                values.withUnsafeMutableBytes { values in
                    for b in 0..<buckets {
                        bucketStarts[b] = at
                        for entries in pending {
                            let range = entries.bucketStarts[b]..<entries.bucketStarts[b + 1]
                            guard !range.isEmpty else { continue }
                            entries.rows.withUnsafeBytes { UnsafeMutableRawBufferPointer(rows).baseAddress!.advanced(by: at * 4)
                                .copyMemory(from: $0.baseAddress!.advanced(by: range.lowerBound * 4), byteCount: range.count * 4) }
                            entries.low.withUnsafeBytes { UnsafeMutableRawBufferPointer(low).baseAddress!.advanced(by: at)
                                .copyMemory(from: $0.baseAddress!.advanced(by: range.lowerBound), byteCount: range.count) }
                            entries.values.withUnsafeBytes { values.baseAddress!.advanced(by: at * width)
                                .copyMemory(from: $0.baseAddress!.advanced(by: range.lowerBound * width), byteCount: range.count * width) }
                            at += range.count
                        }
                    }
                }
            }
        }
        bucketStarts[buckets] = at
        return BucketedRun(bucketStarts: bucketStarts, entries: BucketedEntries(bucketStarts: bucketStarts, rows: rows, low: low, values: values))
    }

    /// The index's manifest (its source still to be filled in by the caller) and chunks, their data
    /// objects durable.
    func finish(table: String, dataset: String) throws -> (index: GeneIndexManifest, chunks: [FragmentManifest]) {
        if pendingEntries > 0 || runs.isEmpty { runs.append(takeRun()) }
        try spilling?.finish()
        spilling = nil
        // Blocks of whole buckets holding about a fragment's worth of entries each.
        var blocks: [Range<Int>] = []
        var first = 0, entries = 0
        for b in 0..<buckets {
            entries += runs.reduce(0) { $0 + $1.bucketStarts[b + 1] - $1.bucketStarts[b] }
            if entries >= config.fragmentRows || b == buckets - 1 {
                blocks.append(first..<(b + 1))
                (first, entries) = (b + 1, 0)
            }
        }
        let schema = SingleCellTables.expressionStorage(valueType)
        var chunks: [FragmentManifest] = []
        var counts: [Int] = []
        counts.reserveCapacity(positions)
        try OrderedParallelMap.run(count: blocks.count, { i -> (counts: [Int], chunk: FragmentWriter.EncodedFragment?) in
            let (batch, blockCounts) = try sortBlock(blocks[i], schema: schema)
            guard batch.rowCount > 0 else { return (blockCounts, nil) }
            var compression: [ChunkCompression?]? = nil
            // Rows ascend within a gene and genes come in runs: both delta-encode to a few bits an entry,
            // with no dictionary to build; counts repeat, so values try one.
            return (blockCounts, try FragmentWriter.encode([(batch, 0..<batch.rowCount)], schema: schema, config: config,
                                                           dictionaryColumns: ["value"], compression: &compression))
        }, consume: { block in
            counts.append(contentsOf: block.counts)
            if let chunk = block.chunk { chunks.append(try chunk.store(into: objects)) }
        })
        var offsets = [UInt64](repeating: 0, count: positions + 1)
        for p in 0..<positions { offsets[p + 1] = offsets[p] + UInt64(counts[p]) }
        var start = 0
        for i in chunks.indices {
            chunks[i].rowOffset = start
            start += chunks[i].rows
        }
        let offsetBytes = offsets.withUnsafeBytes { Array($0) }  // little-endian on every platform Swift runs on here
        let offsetsObject = IndexObject(hash: try objects.put(offsetBytes), bytes: offsetBytes.count)
        let index = GeneIndexManifest(table: table, dataset: dataset, source: GeneIndexSource(names: [], blobs: [], manifests: []),
                                      entries: Int(offsets[positions]), positions: positions, valueType: valueType, offsets: offsetsObject,
                                      chunks: chunks)
        return (index, chunks)
    }

    /// The second pass for the buckets `block`: their segment of every run, read back and counting-sorted
    /// by position, as a batch of the index's columns in (col, row) order; and each position's count.
    private func sortBlock(_ block: Range<Int>, schema: Schema) throws -> (RecordBatch, [Int]) {
        let firstPosition = block.lowerBound << shift, endPosition = min(block.upperBound << shift, positions)
        // Each run's segment, with where each of the block's buckets begins in it.
        var segments: [BucketedEntries] = []
        var total = 0
        for run in runs {
            let low = run.bucketStarts[block.lowerBound], high = run.bucketStarts[block.upperBound]
            guard high > low else { continue }
            total += high - low
            let starts = run.bucketStarts[block.lowerBound...block.upperBound].map { $0 - low }
            if let at = run.spilledAt, let spill {
                var rows: [UInt32] = unfilled(high - low), positions: [UInt8] = unfilled(high - low), values: [UInt8] = unfilled((high - low) * width)
                try rows.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: at + low * 4) }
                try positions.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: at + run.count * 4 + low) }
                try values.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: at + run.count * 5 + low * width) }
                segments.append(BucketedEntries(bucketStarts: starts, rows: rows, low: positions, values: values))
            } else if let entries = run.entries {
                segments.append(BucketedEntries(bucketStarts: starts, rows: Array(entries.rows[low..<high]), low: Array(entries.low[low..<high]),
                                                values: Array(entries.values[(low * width)..<(high * width)])))
            }
        }
        var counts = [Int](repeating: 0, count: endPosition - firstPosition)
        guard total > 0 else { return (RecordBatch.empty(schema), counts) }
        // Count, then place: positions of bucket b are (b << shift) | low.
        counts.withUnsafeMutableBufferPointer { counts in
            for entries in segments {
                let starts = entries.bucketStarts
                entries.low.withUnsafeBufferPointer { low in
                    for (k, b) in block.enumerated() {
                        let base = (b << shift) - firstPosition
                        for i in starts[k]..<starts[k + 1] { counts[base &+ Int(low[i])] &+= 1 }
                    }
                }
            }
        }
        var next = [Int](repeating: 0, count: counts.count)
        for p in 1..<max(1, counts.count) { next[p] = next[p - 1] + counts[p - 1] }
        var rows: [UInt32] = unfilled(total), cols: [UInt32] = unfilled(total), values: [UInt8] = unfilled(total * width)
        next.withUnsafeMutableBufferPointer { next in
            rows.withUnsafeMutableBufferPointer { outRows in
                values.withUnsafeMutableBytes { outValues in
                    let base = block.map { ($0 << shift) - firstPosition }
                    for entries in segments {
                        let starts = entries.bucketStarts
                        entries.rows.withUnsafeBufferPointer { rows in
                            entries.low.withUnsafeBufferPointer { low in
                                entries.values.withUnsafeBytes { values in
                                    switch width {
                                    case 1: Self.place(UInt8.self, starts, base, rows, low, values, next, outRows, outValues)
                                    case 2: Self.place(UInt16.self, starts, base, rows, low, values, next, outRows, outValues)
                                    case 4: Self.place(UInt32.self, starts, base, rows, low, values, next, outRows, outValues)
                                    default: Self.place(UInt64.self, starts, base, rows, low, values, next, outRows, outValues)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        cols.withUnsafeMutableBufferPointer { cols in
            var at = 0
            for (p, count) in counts.enumerated() {
                for k in at..<(at + count) { cols[k] = UInt32(firstPosition + p) }
                at += count
            }
        }
        let valueColumn = values.withUnsafeBytes { MatrixValueBytes.column(valueType, count: total, from: $0.baseAddress!) }
        return (RecordBatch(schema: schema, columns: [Column(type: .uint32, buffer: .uint32(rows)), Column(type: .uint32, buffer: .uint32(cols)), valueColumn]),
                counts)
    }
}

/// One run written to the spill file (rows, positions within buckets, value bytes) on a thread of its
/// own; `finish` waits for it.
private final class SpillWrite: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var failure: Error?

    init(file: SpillFile, at offset: Int, _ entries: GeneIndexBuilder.BucketedEntries) {
        Thread.detachNewThread {
            do {
                let count = entries.rows.count
                try entries.rows.withUnsafeBytes { try file.write($0, at: offset) }
                try entries.low.withUnsafeBytes { try file.write($0, at: offset + count * 4) }
                try entries.values.withUnsafeBytes { try file.write($0, at: offset + count * 5) }
            } catch {
                self.failure = error
            }
            self.done.signal()
        }
    }

    func finish() throws {
        done.wait()
        done.signal()  // a second finish returns at once
        if let failure { throw failure }
    }
}

/// An array of `count` elements whose every element the caller writes before reading it: the sort's
/// buffers are filled entry by entry, and zeroing them first costs a pass over memory for nothing.
private func unfilled<T: BitwiseCopyable>(_ count: Int) -> [T] {
    [T](unsafeUninitializedCapacity: count) { _, initialized in initialized = count }
}
