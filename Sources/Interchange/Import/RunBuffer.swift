/// The entries of one run while it fills: rows, columns and raw value bytes in unsafe storage that grows up
/// to the run size and is reused for every run, so adding an entry allocates nothing. The reading thread
/// fills it, then a spill's thread sorts and empties it, never both at once.
final class RunBuffer: @unchecked Sendable {
    let capacity: Int
    let width: Int
    private(set) var count = 0
    private var allocated = 0
    /// Rows as keys, columns as the other coordinate.
    private(set) var entries: EntryArrays
    private(set) var maxRow: UInt32 = 0
    private(set) var maxColumn: UInt32 = 0
    /// Columns seen in ascending order (CSC input): a stable sort by row alone then orders by (row, column).
    private(set) var columnsAscending = true

    init(capacity: Int, width: Int) {
        self.capacity = max(1, capacity)
        self.width = width
        entries = .allocate(0, width: width)
    }

    deinit { entries.deallocate() }

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
        count += n
        return n
    }

    /// Forgets the entries, keeping the storage for the next run.
    func removeAll() {
        count = 0
        (maxRow, maxColumn, columnsAscending) = (0, 0, true)
    }

    /// Frees the storage.
    func release() {
        entries.deallocate()
        entries = .allocate(0, width: width)
        allocated = 0
        removeAll()
    }

    /// Grows the storage geometrically up to `capacity`, keeping what is held (small inputs stay small).
    private func reserve(_ needed: Int) {
        guard needed > allocated else { return }
        allocated = min(capacity, max(needed, allocated * 2, 1 << 16))
        let grown = EntryArrays.allocate(allocated, width: width)
        grown.keys.update(from: entries.keys, count: count)
        grown.others.update(from: entries.others, count: count)
        grown.values.copyMemory(from: entries.values, byteCount: count * width)
        entries.deallocate()
        entries = grown
    }
}
