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

    /// Sorts the entries by (row, column), stably, writes them to `file` as row segments (see `RunCursor`)
    /// and empties the buffer; returns the run's byte range in the file.
    func spill(to file: SpillFile) throws -> Range<Int> {
        let start = file.size
        if !columnsAscending {
            // Entries in no particular order (MatrixMarket): by column first, so the stable sort by row keeps columns ascending.
            let byColumn = EntryArrays(keys: entries.others, others: entries.keys, values: entries.values)
            let scratchByColumn = EntryArrays(keys: scratch.others, others: scratch.keys, values: scratch.values)
            KeyedEntrySort.sort(byColumn, scratch: scratchByColumn, count: count, width: width, maxKey: maxColumn) { _ in }
        }
        // Each bucket is written while it is still in the cache.
        try KeyedEntrySort.sort(entries, scratch: scratch, count: count, width: width, maxKey: maxRow) { range in
            var i = range.lowerBound
            while i < range.upperBound {
                let row = entries.keys[i]
                var end = i + 1
                while end < range.upperBound && entries.keys[end] == row { end += 1 }
                let n = end - i
                try file.append(byteCount: RunCursor.headerBytes + n * (4 + width)) { out in
                    out.storeBytes(of: row, as: UInt32.self)
                    out.storeBytes(of: UInt32(n), toByteOffset: 4, as: UInt32.self)
                    (out + RunCursor.headerBytes).copyMemory(from: entries.others + i, byteCount: 4 * n)
                    (out + RunCursor.headerBytes + 4 * n).copyMemory(from: entries.values + i * width, byteCount: width * n)
                }
                i = end
            }
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
