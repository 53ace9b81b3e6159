/// The entries of one sorted run while it fills: rows, columns and raw value bytes in unsafe storage that
/// grows up to the run size and is reused for every run, so adding an entry allocates nothing.
final class RunBuffer {
    let capacity: Int
    private let width: Int
    private(set) var count = 0
    private var allocated = 0
    private var entries: EntryArrays
    /// The sort's other buffer.
    private var scratch: EntryArrays
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
        var (ascending, rowBound, columnBound) = (columnsAscending, maxRow, maxColumn)
        for i in start..<(start + n) {
            let row = newRows[i], column = newColumns[i]
            rowBound = max(rowBound, row)
            columnBound = max(columnBound, column)
            ascending = ascending && column >= last
            last = column
        }
        (columnsAscending, maxRow, maxColumn) = (ascending, rowBound, columnBound)
        largestRow = max(largestRow, Int(maxRow))
        count += n
        return n
    }

    /// Sorts the entries by (row, column), stably, writes them to `file` as row segments and empties the
    /// buffer; returns the run's byte range in the file.
    func spill(to file: SpillFile) throws -> Range<Int> {
        let start = file.size
        if !columnsAscending {
            // Entries in no particular order (MatrixMarket): by column first, so the stable sort by row keeps columns ascending.
            let byColumn = EntryArrays(keys: entries.others, others: entries.keys, values: entries.values)
            let scratchByColumn = EntryArrays(keys: scratch.others, others: scratch.keys, values: scratch.values)
            let buckets = KeyedEntrySort.distribute(byColumn, into: scratchByColumn, count: count, width: width, maxKey: maxColumn)
            for b in 0..<buckets.count { KeyedEntrySort.order(b, of: buckets, from: scratchByColumn, into: byColumn, width: width) }
        }
        let buckets = KeyedEntrySort.distribute(entries, into: scratch, count: count, width: width, maxKey: maxRow)
        for b in 0..<buckets.count where !buckets.range(b).isEmpty {
            try RowSegmentWriter.write(buckets.range(b), of: scratch, firstRow: UInt32(b) << UInt32(buckets.lowBits),
                                       lowBits: buckets.lowBits, width: width, to: file)
        }
        count = 0
        (maxRow, maxColumn, columnsAscending) = (0, 0, true)
        return start..<file.size
    }

    /// Frees the storage (the merge needs none of it).
    func release() {
        RunBuffer.deallocate(entries)
        RunBuffer.deallocate(scratch)
        entries = RunBuffer.allocate(0, width: width)
        scratch = RunBuffer.allocate(0, width: width)
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
