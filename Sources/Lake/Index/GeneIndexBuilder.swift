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
///    batch is decoded (`bucket`).
/// 2. Batches gather into runs of about `runEntries` consecutive cells. Each run is sorted by position
///    one bucket at a time, so that the bucket's part of the run is written while it sits in the core's
///    cache; rows stay ascending within a position, since the input was in row order. Runs are kept in
///    memory up to `runMemory` bytes and past that spilled to a temporary file in the background.
///    Where a batch's values are all small whole numbers (counts), they travel as one- or two-byte codes
///    (`RunValueCodes`) from the first pass on, and so does a run made of such batches alone; the first
///    pass then packs each entry into one word (row, position within its bucket, code), so that it
///    writes one place per entry instead of three.
///
/// The output is then cut into blocks of consecutive positions holding about a fragment's worth of
/// entries. For each block, on every core, each run's segment of it — one range, the run being sorted —
/// is appended position by position, runs in order, and encoded as one Parquet chunk of rows and values,
/// stored in order.
final class GeneIndexBuilder {
    /// Entries per run: 4M entries keep phase 1 near 100 MB (import builds beside its own work).
    static let defaultRunEntries = 1 << 22
    /// Bytes of runs kept in memory before later ones spill: a dataset of up to about 40M float32 entries
    /// (six bytes each in a run; three or four for counts) is indexed without writing a temporary file,
    /// and a larger one's peak stays well under 1 GB.
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
    private var runs: [SortedRun] = []
    /// Entries at each position over every run so far.
    private var counts: [Int]
    private var spill: SpillFile?
    /// The last run's spill, being written.
    private var spilling: SpillWrite?
    /// Bytes of the runs kept in memory, and how many may be.
    private var keptBytes = 0
    private let runMemory: Int

    /// A batch's `count` entries ordered by bucket, and the least and greatest row. Where `codeWidth`
    /// is 0: `rows`, positions within their bucket (`low`) and the values' own bytes (`values`). Else
    /// `values` holds one word per entry, its row's distance from the least in bits 0–15, its position
    /// within the bucket in bits 16–23 and its code from bit 24 on: four bytes for one-byte codes, eight
    /// for two.
    struct BucketedEntries: Sendable {
        var bucketStarts: [Int]
        var rows: [UInt32]
        var low: [UInt8]
        var values: [UInt8]
        var codeWidth: Int
        var rowRange: ClosedRange<UInt32>

        var count: Int { codeWidth == 0 ? rows.count : values.count / (codeWidth == 1 ? 4 : 8) }
    }

    /// A run of consecutive cells sorted by (position, row): where each position's entries begin
    /// (`starts`, positions + 1 of them), each entry's row as its distance from `firstRow` in
    /// `rowWidth` bytes (two when the run spans fewer than 65,536 rows), and the value bytes (codes of
    /// `codeWidth` bytes, or the values' own where it is 0). In memory, or in the spill file at
    /// `spilledAt` (starts as Int, then rows, then values).
    private struct SortedRun: Sendable {
        var count: Int
        var firstRow: UInt32
        var rowWidth: Int
        var codeWidth: Int
        var starts: [Int]?
        var rows: [UInt8]?
        var values: [UInt8]?
        var spilledAt: Int?
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
        counts = [Int](repeating: 0, count: positions)
    }

    /// Adds entries: stored `row` (uint32), `col` (uint32) and `value` (of `valueType`), in row order.
    func append(_ batch: RecordBatch) throws { try append(try bucket(batch)) }

    /// Adds entries `bucket` made (on any thread), in row order.
    func append(_ entries: BucketedEntries) throws {
        guard entries.count > 0 else { return }
        pending.append(entries)
        pendingEntries += entries.count
        guard pendingEntries >= runEntries else { return }
        try keep(takeRun())
    }

    /// Bytes per entry of a run's values: its codes' (`codeWidth`), or the values' own where it is 0.
    private func valueWidth(_ codeWidth: Int) -> Int { codeWidth > 0 ? codeWidth : width }

    /// Keeps `run` in memory while the budget allows (most datasets never touch the disk), else spills it.
    private func keep(_ run: SortedRun) throws {
        let bytes = run.count * (run.rowWidth + valueWidth(run.codeWidth)) + (positions + 1) * MemoryLayout<Int>.stride
        if keptBytes + bytes <= runMemory {
            keptBytes += bytes
            runs.append(run)
            return
        }
        let file = try spill ?? SpillFile()
        spill = file
        let offset = file.reserve(bytes)
        try spilling?.finish()
        spilling = SpillWrite(file: file, at: offset, starts: run.starts!, rows: run.rows!, values: run.values!)
        runs.append(SortedRun(count: run.count, firstRow: run.firstRow, rowWidth: run.rowWidth, codeWidth: run.codeWidth, spilledAt: offset))
    }

    /// The first pass for one batch: its entries by bucket. Reads nothing of the builder's changing
    /// state, so decoding threads run it.
    func bucket(_ batch: RecordBatch) throws -> BucketedEntries {
        guard batch.columns.count == 3, case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer,
              rows.count == cols.count else {
            throw LakeError.corruptManifest(path: what, detail: "entries are not (row uint32, col uint32, value)")
        }
        let n = rows.count
        // Counted in four interleaved histograms: a cell's entries come in runs of one bucket, and a single
        // histogram would chain each count's store to the next count's load.
        let lanes = 4
        var histograms = [UInt32](repeating: 0, count: lanes * buckets)
        // Positions past the panel are counted at its last one until the check after the loop refuses them.
        let last = UInt32(max(positions, 1) - 1), shift = UInt32(shift)
        let greatest = histograms.withUnsafeMutableBufferPointer { histograms in
            cols.withUnsafeBufferPointer { cols -> UInt32 in
                var greatest: UInt32 = 0
                let quads = cols.count / lanes
                for q in 0..<quads {
                    for lane in 0..<lanes {
                        let c = cols[q &* lanes &+ lane]
                        greatest = max(greatest, c)
                        histograms[lane &* buckets &+ Int(truncatingIfNeeded: min(c, last) &>> shift)] &+= 1
                    }
                }
                for i in (quads * lanes)..<cols.count {
                    let c = cols[i]
                    greatest = max(greatest, c)
                    histograms[Int(truncatingIfNeeded: min(c, last) &>> shift)] &+= 1
                }
                return greatest
            }
        }
        if n > 0 && Int(greatest) >= positions {
            throw LakeError.corruptManifest(path: what, detail: "an entry's panel position lies beyond the \(positions) genes of its panel")
        }
        var bucketStarts = [Int](repeating: 0, count: buckets + 1)
        for b in 0..<buckets {
            var count = 0
            for lane in 0..<lanes { count += Int(histograms[lane * buckets + b]) }
            bucketStarts[b + 1] = bucketStarts[b] + count
        }
        let rowRange = rows.withUnsafeBufferPointer { rows -> ClosedRange<UInt32> in
            var least = UInt32.max, greatest = UInt32.min
            for r in rows {
                least = min(least, r)
                greatest = max(greatest, r)
            }
            return n == 0 ? 0...0 : least...greatest
        }
        var next = Array(bucketStarts.dropLast())
        let mask = UInt32((1 << shift) - 1)
        return try MatrixValueBytes.withBytes(of: batch.columns[2].buffer, as: valueType) { values in
            guard let values, values.count == n * width else {
                throw LakeError.corruptManifest(path: what, detail: "values are \(batch.columns[2].type), expected \(valueType)")
            }
            let packs = RunValueCodes.applies(to: valueType) && rowRange.upperBound - rowRange.lowerBound <= UInt32(UInt16.max)
            if packs, let coded = RunValueCodes.encode(values, type: valueType, count: n) {
                let wordWidth = coded.width == 1 ? 4 : 8
                var words: [UInt8] = unfilled(n * wordWidth)
                next.withUnsafeMutableBufferPointer { next in
                    words.withUnsafeMutableBytes { words in
                        rows.withUnsafeBufferPointer { rows in
                            cols.withUnsafeBufferPointer { cols in
                                coded.codes.withUnsafeBufferPointer { codes in
                                    if wordWidth == 4 {
                                        Self.scatterPacked(rows, cols, codes, shift, mask, rowRange.lowerBound, next, words.bindMemory(to: UInt32.self))
                                    } else {
                                        Self.scatterPacked(rows, cols, codes, shift, mask, rowRange.lowerBound, next, words.bindMemory(to: UInt64.self))
                                    }
                                }
                            }
                        }
                    }
                }
                return BucketedEntries(bucketStarts: bucketStarts, rows: [], low: [], values: words, codeWidth: coded.width, rowRange: rowRange)
            }
            var outRows: [UInt32] = unfilled(n), outLow: [UInt8] = unfilled(n), outValues: [UInt8] = unfilled(n * width)
            next.withUnsafeMutableBufferPointer { next in
                outRows.withUnsafeMutableBufferPointer { outRows in
                    outLow.withUnsafeMutableBufferPointer { outLow in
                        outValues.withUnsafeMutableBytes { outValues in
                            rows.withUnsafeBufferPointer { rows in
                                cols.withUnsafeBufferPointer { cols in
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
            return BucketedEntries(bucketStarts: bucketStarts, rows: outRows, low: outLow, values: outValues, codeWidth: 0, rowRange: rowRange)
        }
    }

    /// The first pass's walk: `place(i, at)` for each entry `i` and the next place `at` of its bucket.
    /// A cell's positions ascend, so entries come in runs of one bucket: its next place is kept in a
    /// register for the run, not loaded from and stored to `next` at every entry (a chain of store
    /// forwarding from one entry to the next).
    @inline(__always)
    private static func scatter(_ cols: UnsafeBufferPointer<UInt32>, _ shift: UInt32, _ next: UnsafeMutableBufferPointer<Int>,
                                _ place: (_ i: Int, _ at: Int) -> Void) {
        var bucket = -1, at = 0
        for i in 0..<cols.count {
            let b = Int(cols[i] &>> shift)
            if b != bucket {
                if bucket >= 0 { next[bucket] = at }
                bucket = b
                at = next[b]
            }
            place(i, at)
            at &+= 1
        }
        if bucket >= 0 { next[bucket] = at }
    }

    /// The first pass for values of `Word`'s width: row, position within the bucket and value apart.
    private static func scatter<Word: FixedWidthInteger>(_: Word.Type, _ rows: UnsafeBufferPointer<UInt32>, _ cols: UnsafeBufferPointer<UInt32>,
                                                         _ values: UnsafeRawBufferPointer, _ shift: UInt32, _ mask: UInt32,
                                                         _ next: UnsafeMutableBufferPointer<Int>, _ outRows: UnsafeMutableBufferPointer<UInt32>,
                                                         _ outLow: UnsafeMutableBufferPointer<UInt8>, _ outValues: UnsafeMutableRawBufferPointer) {
        let source = values.bindMemory(to: Word.self), target = outValues.bindMemory(to: Word.self)
        scatter(cols, shift, next) { i, at in
            outRows[at] = rows[i]
            outLow[at] = UInt8(truncatingIfNeeded: cols[i] & mask)
            target[at] = source[i]
        }
    }

    /// The first pass for coded values: each entry packed into one `Word` (see `BucketedEntries`).
    private static func scatterPacked<Word: FixedWidthInteger & UnsignedInteger>(
        _ rows: UnsafeBufferPointer<UInt32>, _ cols: UnsafeBufferPointer<UInt32>, _ codes: UnsafeBufferPointer<UInt16>, _ shift: UInt32,
        _ mask: UInt32, _ leastRow: UInt32, _ next: UnsafeMutableBufferPointer<Int>, _ out: UnsafeMutableBufferPointer<Word>
    ) {
        scatter(cols, shift, next) { i, at in
            out[at] = Word(truncatingIfNeeded: rows[i] &- leastRow) | Word(truncatingIfNeeded: cols[i] & mask) &<< 16
                | Word(truncatingIfNeeded: codes[i]) &<< 24
        }
    }

    /// A packed batch (see `BucketedEntries`) unpacked, its values decoded: for a run that cannot keep codes.
    private func unpacked(_ entries: BucketedEntries) -> BucketedEntries {
        func unpack<Word: FixedWidthInteger & UnsignedInteger>(_: Word.Type) -> BucketedEntries {
            var rows: [UInt32] = unfilled(entries.count), low: [UInt8] = unfilled(entries.count), codes: [UInt16] = unfilled(entries.count)
            entries.values.withUnsafeBytes { words in
                for (i, word) in words.bindMemory(to: Word.self).enumerated() {
                    rows[i] = entries.rowRange.lowerBound &+ UInt32(truncatingIfNeeded: word & 0xFFFF)
                    low[i] = UInt8(truncatingIfNeeded: word &>> 16)
                    codes[i] = UInt16(truncatingIfNeeded: word &>> 24)
                }
            }
            let values = [UInt8](unsafeUninitializedCapacity: entries.count * width) { out, initialized in
                codes.withUnsafeBytes { RunValueCodes.decode($0.baseAddress!, width: 2, count: entries.count, type: valueType, into: out.baseAddress!) }
                initialized = entries.count * width
            }
            return BucketedEntries(bucketStarts: entries.bucketStarts, rows: rows, low: low, values: values, codeWidth: 0,
                                   rowRange: entries.rowRange)
        }
        return entries.codeWidth == 1 ? unpack(UInt32.self) : unpack(UInt64.self)
    }

    /// The second pass's loop, for rows stored as `Row` and values of `Word`'s width: each entry of one
    /// batch's segment of a bucket to the next place of its position within the bucket.
    private static func place<Row: FixedWidthInteger, Word: FixedWidthInteger>(
        _: Row.Type, _: Word.Type, _ range: Range<Int>, firstRow: UInt32, _ rows: UnsafeBufferPointer<UInt32>, _ low: UnsafeBufferPointer<UInt8>,
        _ values: UnsafeRawBufferPointer, _ next: UnsafeMutableBufferPointer<Int>, _ outRows: UnsafeMutableRawBufferPointer,
        _ outValues: UnsafeMutableRawBufferPointer
    ) {
        let source = values.bindMemory(to: Word.self), target = outValues.bindMemory(to: Word.self), targetRows = outRows.bindMemory(to: Row.self)
        for i in range {
            let p = Int(low[i])
            let at = next[p]
            next[p] = at &+ 1
            targetRows[at] = Row(truncatingIfNeeded: rows[i] &- firstRow)
            target[at] = source[i]
        }
    }

    /// The second pass's loop for a packed batch, for rows stored as `Row` and codes as `Code`.
    private static func placePacked<Row: FixedWidthInteger, Code: FixedWidthInteger, Word: FixedWidthInteger & UnsignedInteger>(
        _: Row.Type, _: Code.Type, _: Word.Type, _ range: Range<Int>, rowOffset: UInt32, _ words: UnsafeRawBufferPointer,
        _ next: UnsafeMutableBufferPointer<Int>, _ outRows: UnsafeMutableRawBufferPointer, _ outValues: UnsafeMutableRawBufferPointer
    ) {
        let source = words.bindMemory(to: Word.self), target = outValues.bindMemory(to: Code.self), targetRows = outRows.bindMemory(to: Row.self)
        for i in range {
            let word = source[i]
            let p = Int(truncatingIfNeeded: (word &>> 16) & 0xFF)
            let at = next[p]
            next[p] = at &+ 1
            targetRows[at] = Row(truncatingIfNeeded: UInt32(truncatingIfNeeded: word & 0xFFFF) &+ rowOffset)
            target[at] = Code(truncatingIfNeeded: word &>> 24)
        }
    }

    /// The second pass's count for a packed batch: its entries in `range` per position within the bucket.
    private static func countPacked<Word: FixedWidthInteger & UnsignedInteger>(_: Word.Type, _ range: Range<Int>, _ words: UnsafeRawBufferPointer,
                                                                               _ next: UnsafeMutableBufferPointer<Int>) {
        let words = words.bindMemory(to: Word.self)
        for i in range { next[Int(truncatingIfNeeded: (words[i] &>> 16) & 0xFF)] &+= 1 }
    }

    /// The pending batches as one run sorted by (position, row), a bucket at a time.
    private func takeRun() -> SortedRun {
        defer {
            pending.removeAll()
            pendingEntries = 0
        }
        let count = pendingEntries
        let firstRow = pending.map(\.rowRange.lowerBound).min() ?? 0, lastRow = pending.map(\.rowRange.upperBound).max() ?? 0
        let rowWidth = lastRow - firstRow <= UInt32(UInt16.max) ? 2 : 4
        // The run's values are codes when every batch's are, as wide as the widest; else packed batches
        // are unpacked first.
        let codeWidth = pending.allSatisfy { $0.codeWidth > 0 } ? pending.map(\.codeWidth).max() ?? 0 : 0
        if codeWidth == 0 {
            for k in pending.indices where pending[k].codeWidth > 0 { pending[k] = unpacked(pending[k]) }
        }
        let valueWidth = valueWidth(codeWidth)
        var starts = [Int](repeating: 0, count: positions + 1)
        var rows: [UInt8] = unfilled(count * rowWidth), values: [UInt8] = unfilled(count * valueWidth)
        var next = [Int](repeating: 0, count: 1 << shift)
        var at = 0
        rows.withUnsafeMutableBytes { rows in
            values.withUnsafeMutableBytes { values in
                next.withUnsafeMutableBufferPointer { next in
                    for b in 0..<buckets {
                        let first = b << shift, end = min(first + (1 << shift), positions)
                        // How many of the bucket's entries each position has, then where each begins.
                        for p in 0..<next.count { next[p] = 0 }
                        for entries in pending {
                            let range = entries.bucketStarts[b]..<entries.bucketStarts[b + 1]
                            switch entries.codeWidth {
                            case 0: entries.low.withUnsafeBufferPointer { low in for i in range { next[Int(low[i])] &+= 1 } }
                            case 1: entries.values.withUnsafeBytes { Self.countPacked(UInt32.self, range, $0, next) }
                            default: entries.values.withUnsafeBytes { Self.countPacked(UInt64.self, range, $0, next) }
                            }
                        }
                        for p in first..<end {
                            let n = next[p - first]
                            counts[p] += n
                            starts[p] = at
                            next[p - first] = at
                            at += n
                        }
                        for entries in pending {
                            let range = entries.bucketStarts[b]..<entries.bucketStarts[b + 1]
                            guard !range.isEmpty else { continue }
                            if entries.codeWidth > 0 {
                                let offset = entries.rowRange.lowerBound &- firstRow
                                entries.values.withUnsafeBytes { words in
                                    switch (rowWidth, codeWidth, entries.codeWidth) {
                                    case (2, 1, _): Self.placePacked(UInt16.self, UInt8.self, UInt32.self, range, rowOffset: offset, words, next, rows, values)
                                    case (2, _, 1): Self.placePacked(UInt16.self, UInt16.self, UInt32.self, range, rowOffset: offset, words, next, rows, values)
                                    case (2, _, _): Self.placePacked(UInt16.self, UInt16.self, UInt64.self, range, rowOffset: offset, words, next, rows, values)
                                    case (_, 1, _): Self.placePacked(UInt32.self, UInt8.self, UInt32.self, range, rowOffset: offset, words, next, rows, values)
                                    case (_, _, 1): Self.placePacked(UInt32.self, UInt16.self, UInt32.self, range, rowOffset: offset, words, next, rows, values)
                                    default: Self.placePacked(UInt32.self, UInt16.self, UInt64.self, range, rowOffset: offset, words, next, rows, values)
                                    }
                                }
                                continue
                            }
                            entries.rows.withUnsafeBufferPointer { sourceRows in
                                entries.low.withUnsafeBufferPointer { low in
                                    entries.values.withUnsafeBytes { sourceValues in
                                        switch (rowWidth, valueWidth) {
                                        case (2, 1): Self.place(UInt16.self, UInt8.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        case (2, 2): Self.place(UInt16.self, UInt16.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        case (2, 4): Self.place(UInt16.self, UInt32.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        case (2, _): Self.place(UInt16.self, UInt64.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        case (_, 1): Self.place(UInt32.self, UInt8.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        case (_, 2): Self.place(UInt32.self, UInt16.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        case (_, 4): Self.place(UInt32.self, UInt32.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        default: Self.place(UInt32.self, UInt64.self, range, firstRow: firstRow, sourceRows, low, sourceValues, next, rows, values)
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        starts[positions] = at
        return SortedRun(count: count, firstRow: firstRow, rowWidth: rowWidth, codeWidth: codeWidth, starts: starts, rows: rows, values: values)
    }

    /// The index's manifest (its source still to be filled in by the caller) and chunks, their data
    /// objects durable. `stored` sees each chunk, in order, as soon as it is stored (a caller writes its
    /// manifest meanwhile instead of after).
    func finish(table: String, dataset: String,
                stored: (FragmentManifest) throws -> Void = { _ in }) throws -> (index: GeneIndexManifest, chunks: [FragmentManifest]) {
        if pendingEntries > 0 { try keep(takeRun()) }
        try spilling?.finish()
        spilling = nil
        // Blocks of consecutive positions holding about a fragment's worth of entries each.
        var blocks: [Range<Int>] = []
        var first = 0, entries = 0
        for p in 0..<positions {
            entries += counts[p]
            if entries >= config.fragmentRows || p == positions - 1 {
                blocks.append(first..<(p + 1))
                (first, entries) = (p + 1, 0)
            }
        }
        let schema = SingleCellTables.geneIndexChunk(valueType)
        var chunks: [FragmentManifest] = []
        // Each chunk is stored (hashed, written, fsynced) by the thread that encoded it, with a thread more
        // than the cores: while one waits on the disk, the others encode.
        try OrderedParallelMap.run(count: blocks.count, workers: OrderedParallelMap.defaultWorkers + 1, { i -> FragmentManifest? in
            let batch = try gather(blocks[i], schema: schema)
            guard batch.rowCount > 0 else { return nil }
            // Uncompressed: zstd shrinks only the values' dictionary indices (about 2.5×), for about 8% of the
            // build's work (entropy coding runs at about 0.4 GB/s here); the index stays under the matrix's
            // size without it, and a reader of a few genes has nothing to decompress.
            var compression: [ChunkCompression?]? = FragmentWriter.uncompressed(schema)
            // Rows ascend within a gene: they delta-encode to a few bits an entry, with no dictionary to
            // build; counts repeat, so values try one. Positions are not stored: the offsets give them.
            return try FragmentWriter.encode([(batch, 0..<batch.rowCount)], schema: schema, config: config,
                                             dictionaryColumns: ["value"], compression: &compression).store(into: objects)
        }, consume: { chunk in
            guard var chunk else { return }
            chunk.rowOffset = chunks.last.map { $0.rowOffset + $0.rows } ?? 0
            chunks.append(chunk)
            try stored(chunk)
        })
        // The kernel frees the spilled runs' pages when their file closes: on the side, while the caller
        // commits.
        if let spill {
            self.spill = nil
            Thread.detachNewThread { withExtendedLifetime(spill) {} }
        }
        var offsets = [UInt64](repeating: 0, count: positions + 1)
        for p in 0..<positions { offsets[p + 1] = offsets[p] + UInt64(counts[p]) }
        let offsetBytes = offsets.withUnsafeBytes { Array($0) }  // little-endian on every platform Swift runs on here
        let offsetsObject = IndexObject(hash: try objects.put(offsetBytes), bytes: offsetBytes.count)
        let index = GeneIndexManifest(table: table, dataset: dataset, source: GeneIndexSource(names: [], blobs: [], manifests: []),
                                      entries: Int(offsets[positions]), positions: positions, valueType: valueType, offsets: offsetsObject,
                                      chunks: chunks)
        return (index, chunks)
    }

    /// The index's entries at the positions `block`, as a chunk's batch (row, value) in (position, row) order:
    /// each run's segment of the block, appended position by position, runs in order.
    private func gather(_ block: Range<Int>, schema: Schema) throws -> RecordBatch {
        let total = counts[block].reduce(0, +)
        guard total > 0 else { return RecordBatch.empty(schema) }
        // Where each position's entries go next.
        var next = [Int](repeating: 0, count: block.count)
        for k in 1..<max(1, block.count) { next[k] = next[k - 1] + counts[block.lowerBound + k - 1] }
        var rows: [UInt32] = unfilled(total)
        // Values go straight into the column's storage.
        let values = try MatrixValueBytes.column(valueType, count: total) { values in
            try rows.withUnsafeMutableBufferPointer { rows in
                for run in runs {
                    try segment(of: run, block) { starts, runRows, runValues in
                        for k in 0..<block.count {
                            let from = starts[k] - starts[0], n = starts[k + 1] - starts[k]
                            guard n > 0 else { continue }
                            let to = next[k]
                            next[k] = to + n
                            if run.rowWidth == 2 {
                                let source = runRows.bindMemory(to: UInt16.self)
                                for j in 0..<n { rows[to + j] = run.firstRow &+ UInt32(source[from + j]) }
                            } else {
                                let source = runRows.bindMemory(to: UInt32.self)
                                for j in 0..<n { rows[to + j] = run.firstRow &+ source[from + j] }
                            }
                            if run.codeWidth > 0 {
                                RunValueCodes.decode(runValues.baseAddress! + from * run.codeWidth, width: run.codeWidth, count: n, type: valueType,
                                                     into: values.baseAddress! + to * width)
                            } else {
                                (values.baseAddress! + to * width).copyMemory(from: runValues.baseAddress! + from * width, byteCount: n * width)
                            }
                        }
                    }
                }
            }
        }
        return RecordBatch(schema: schema, columns: [Column(type: .uint32, buffer: .uint32(rows)), values])
    }

    /// Calls `body` with `run`'s entries at the positions `block`, unless it has none there: where each
    /// position's begin in the run (block.count + 1 of them), and the rows' and values' bytes from the first.
    private func segment(of run: SortedRun, _ block: Range<Int>,
                         _ body: ([Int], UnsafeRawBufferPointer, UnsafeRawBufferPointer) throws -> Void) throws {
        guard let at = run.spilledAt, let spill else {
            let starts = Array(run.starts![block.lowerBound...block.upperBound])
            guard starts[block.count] > starts[0] else { return }
            try run.rows!.withUnsafeBytes { rows in
                try run.values!.withUnsafeBytes { values in
                    try body(starts, UnsafeRawBufferPointer(rebasing: rows[(starts[0] * run.rowWidth)...]),
                             UnsafeRawBufferPointer(rebasing: values[(starts[0] * valueWidth(run.codeWidth))...]))
                }
            }
            return
        }
        // The spilled run: starts, then rows, then values.
        var starts: [Int] = unfilled(block.count + 1)
        try starts.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: at + block.lowerBound * 8) }
        let low = starts[0], high = starts[block.count]
        guard high > low else { return }
        let rowsAt = at + (positions + 1) * 8, valuesAt = rowsAt + run.count * run.rowWidth
        var rows: [UInt8] = unfilled((high - low) * run.rowWidth), values: [UInt8] = unfilled((high - low) * valueWidth(run.codeWidth))
        try rows.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: rowsAt + low * run.rowWidth) }
        try values.withUnsafeMutableBytes { try spill.read(into: $0.baseAddress!, count: $0.count, at: valuesAt + low * valueWidth(run.codeWidth)) }
        try rows.withUnsafeBytes { rows in try values.withUnsafeBytes { values in try body(starts, rows, values) } }
    }
}

/// One run written to the spill file on a thread of its own — its starts, rows and values one after
/// another, the layout `segment(of:_:_:)` reads back; `finish` waits for it.
private final class SpillWrite: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var failure: Error?

    init(file: SpillFile, at offset: Int, starts: [Int], rows: [UInt8], values: [UInt8]) {
        Thread.detachNewThread {
            do {
                try starts.withUnsafeBytes { try file.write($0, at: offset) }
                try rows.withUnsafeBytes { try file.write($0, at: offset + starts.count * 8) }
                try values.withUnsafeBytes { try file.write($0, at: offset + starts.count * 8 + rows.count) }
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
