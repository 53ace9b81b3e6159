import Foundation

/// The entries of one sorted run while it fills: rows, columns and raw value bytes in unsafe storage that
/// grows up to the run size and is reused for every run, so adding an entry allocates nothing.
final class RunBuffer {
    /// Sorting a run is the import's critical path while nothing downstream has rows to work on yet, so
    /// it uses the cores; buckets are written in groups of about this many entries.
    private static let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    private static let groupEntries = 1 << 18
    let capacity: Int
    private let width: Int
    private(set) var count = 0
    private var allocated = 0
    private var entries: EntryArrays
    /// The sort's other buffer.
    private var scratch: EntryArrays
    /// The workers' blocks of row segments, kept from run to run.
    private var blocks: [ByteBlock] = []
    private var maxRow: UInt32 = 0
    private var maxColumn: UInt32 = 0
    /// Columns seen in ascending order (CSC input): a stable sort by row alone then orders by (row, column).
    private var columnsAscending = true
    /// The largest row of any entry ever added, or -1 before the first.
    private(set) var largestRow = -1

    init(capacity: Int, width: Int) {
        self.capacity = max(1, capacity)
        self.width = width
        entries = RunBuffer.allocate(0, width: width)
        scratch = RunBuffer.allocate(0, width: width)
    }

    deinit { release() }

    var isFull: Bool { count == capacity }

    /// Appends entries `start...` of the given arrays, as many as fit; returns how many were taken.
    func append(rows newRows: UnsafeBufferPointer<UInt32>, columns newColumns: UnsafeBufferPointer<UInt32>,
                values newValues: UnsafeRawPointer, from start: Int) -> Int {
        let n = min(newRows.count - start, capacity - count)
        guard n > 0 else { return 0 }
        reserve(count + n)
        (entries.keys + count).update(from: newRows.baseAddress! + start, count: n)
        (entries.others + count).update(from: newColumns.baseAddress! + start, count: n)
        (entries.values + count * width).copyMemory(from: newValues + start * width, byteCount: n * width)
        var last = count > 0 ? entries.others[count - 1] : 0
        var (descents, rowBound, columnBound) = (0, maxRow, maxColumn)
        // Branch-free, so that it vectorizes.
        for i in start..<(start + n) {
            let row = newRows[i], column = newColumns[i]
            rowBound = max(rowBound, row)
            columnBound = max(columnBound, column)
            descents &+= column < last ? 1 : 0
            last = column
        }
        (columnsAscending, maxRow, maxColumn) = (columnsAscending && descents == 0, rowBound, columnBound)
        largestRow = max(largestRow, Int(maxRow))
        count += n
        return n
    }

    /// Sorts the entries by (row, column), stably, writes them to `file` as row segments and empties the
    /// buffer; returns the run's byte range in the file.
    func spill(to file: SpillFile) throws -> Range<Int> {
        let start = file.size
        let (workers, width, entries, scratch) = (RunBuffer.workers, width, entries, scratch)
        if !columnsAscending {
            // Entries in no particular order (MatrixMarket): by column first, so the stable sort by row keeps columns ascending.
            let byColumn = EntryArrays(keys: entries.others, others: entries.keys, values: entries.values)
            let scratchByColumn = EntryArrays(keys: scratch.others, others: scratch.keys, values: scratch.values)
            let buckets = KeyedEntrySort.distribute(byColumn, into: scratchByColumn, count: count, width: width, maxKey: maxColumn, tasks: workers)
            let groups = RunBuffer.groups(of: buckets)
            DispatchQueue.concurrentPerform(iterations: groups.count) { g in
                for b in groups[g] { KeyedEntrySort.order(b, of: buckets, from: scratchByColumn, into: byColumn, width: width) }
            }
        }
        let buckets = KeyedEntrySort.distribute(entries, into: scratch, count: count, width: width, maxKey: maxRow, tasks: workers)
        let groups = RunBuffer.groups(of: buckets)
        @Sendable func firstRow(_ b: Int) -> UInt32 { UInt32(b) << UInt32(buckets.lowBits) }
        // Every group's size first, so that each worker can write its groups straight to their places in the file.
        nonisolated(unsafe) let sizes = UnsafeMutableBufferPointer<Int>.allocate(capacity: groups.count)
        defer { sizes.deallocate() }
        DispatchQueue.concurrentPerform(iterations: groups.count) { g in
            sizes[g] = groups[g].reduce(0) { $0 + RowSegmentWriter.byteCount(buckets.range($1), of: scratch, lowBits: buckets.lowBits, width: width) }
        }
        let offsets = sizes.reduce(into: [file.reserve(sizes.reduce(0, +))]) { $0.append($0.last! + $1) }
        while blocks.count < workers { blocks.append(ByteBlock()) }
        let (blocks, failure) = (blocks, FirstFailure())
        DispatchQueue.concurrentPerform(iterations: workers) { k in
            for g in stride(from: k, to: groups.count, by: workers) {
                blocks[k].removeAll()
                for b in groups[g] where !buckets.range(b).isEmpty {
                    RowSegmentWriter.write(buckets.range(b), of: scratch, firstRow: firstRow(b), lowBits: buckets.lowBits,
                                           width: width, to: blocks[k])
                }
                do { try file.write(blocks[k].contents, at: offsets[g]) } catch { failure.record(error); return }
            }
        }
        try failure.check()
        count = 0
        (maxRow, maxColumn, columnsAscending) = (0, 0, true)
        return start..<file.size
    }

    /// Consecutive buckets in groups of about `groupEntries` entries: units of work for the workers.
    private static func groups(of buckets: KeyedEntrySort.Buckets) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var first = 0
        for b in 0..<buckets.count where buckets.bounds[b + 1] - buckets.bounds[first] >= groupEntries || b == buckets.count - 1 {
            groups.append(first..<(b + 1))
            first = b + 1
        }
        return groups
    }

    /// Frees the storage (the merge needs none of it).
    func release() {
        RunBuffer.deallocate(entries)
        RunBuffer.deallocate(scratch)
        entries = RunBuffer.allocate(0, width: width)
        scratch = RunBuffer.allocate(0, width: width)
        blocks = []
        allocated = 0
        count = 0
    }

    /// Grows the storage geometrically up to `capacity`, keeping what is held (small inputs stay small).
    private func reserve(_ needed: Int) {
        guard needed > allocated else { return }
        allocated = min(capacity, max(needed, allocated * 2, 1 << 16))
        let grown = RunBuffer.allocate(allocated, width: width)
        grown.keys.update(from: entries.keys, count: count)
        grown.others.update(from: entries.others, count: count)
        grown.values.copyMemory(from: entries.values, byteCount: count * width)
        RunBuffer.deallocate(entries)
        RunBuffer.deallocate(scratch)
        entries = grown
        scratch = RunBuffer.allocate(allocated, width: width)
    }

    private static func allocate(_ count: Int, width: Int) -> EntryArrays {
        EntryArrays(keys: .allocate(capacity: count), others: .allocate(capacity: count),
                    values: .allocate(byteCount: count * width, alignment: 8))
    }

    private static func deallocate(_ arrays: EntryArrays) {
        arrays.keys.deallocate()
        arrays.others.deallocate()
        arrays.values.deallocate()
    }
}
