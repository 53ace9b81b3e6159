import Columnar
import Lake

/// Merged entries gathered row by row until they make a chunk: columns and raw value bytes in growable
/// unsafe storage (segments are appended with one copy each), handed out as `SparseRows`.
final class RowChunkBuilder {
    private let valueType: DataType
    private let width: Int
    private var columns: UnsafeMutablePointer<UInt32>
    private var values: UnsafeMutableRawPointer
    private var capacity: Int
    /// Entries in the chunk so far.
    private(set) var count = 0
    private var firstRow = 0
    private var rowPointers = [0]
    /// Whether the current row received a segment whose columns start below the row's last one.
    private var rowUnsorted = false

    init(valueType: DataType, width: Int, capacity: Int) {
        self.valueType = valueType
        self.width = width
        self.capacity = max(1, capacity)
        columns = .allocate(capacity: self.capacity)
        values = .allocate(byteCount: self.capacity * width, alignment: 8)
    }

    deinit {
        columns.deallocate()
        values.deallocate()
    }

    /// Rows closed in this chunk so far.
    var rowCount: Int { rowPointers.count - 1 }

    /// Adds `n` entries to the current row: `segmentColumns` holds unaligned column numbers `columnWidth`
    /// (2 or 4) bytes wide, `segmentValues` `n` values.
    func append(columns segmentColumns: UnsafeRawPointer, columnWidth: Int, values segmentValues: UnsafeRawPointer, count n: Int) {
        guard n > 0 else { return }
        if count + n > capacity { grow(to: count + n) }
        let rowStart = rowPointers[rowPointers.count - 1]
        if columnWidth == 2 {
            for k in 0..<n { columns[count + k] = UInt32(segmentColumns.loadUnaligned(fromByteOffset: 2 * k, as: UInt16.self)) }
        } else {
            UnsafeMutableRawPointer(columns + count).copyMemory(from: segmentColumns, byteCount: 4 * n)
        }
        if count > rowStart && columns[count] < columns[count - 1] { rowUnsorted = true }
        (values + count * width).copyMemory(from: segmentValues, byteCount: width * n)
        count += n
    }

    /// Closes the current row; the next `append` starts the following one.
    func endRow() {
        if rowUnsorted { sortRow(from: rowPointers[rowPointers.count - 1]) }
        rowUnsorted = false
        rowPointers.append(count)
    }

    /// Hands out the closed rows as a chunk and starts the next chunk at the row after them.
    func take() -> SparseRows {
        let chunk = SparseRows(rows: firstRow..<(firstRow + rowCount), rowPointers: rowPointers,
                               columnIndices: [UInt32](UnsafeBufferPointer(start: columns, count: count)),
                               values: MatrixValueBytes.column(valueType, count: count, from: values))
        firstRow += rowCount
        rowPointers = [0]
        count = 0
        return chunk
    }

    /// Orders the current row's entries by column, stably: runs that overlap in columns (entries in no
    /// particular order) each bring a sorted segment, and duplicates keep the order they were added in.
    private func sortRow(from start: Int) {
        let n = count - start
        let order = (0..<n).sorted { (columns[start + $0], $0) < (columns[start + $1], $1) }
        let oldColumns = [UInt32](UnsafeBufferPointer(start: columns + start, count: n))
        let oldValues = [UInt8](UnsafeRawBufferPointer(start: values + start * width, count: n * width))
        oldValues.withUnsafeBytes { old in
            for (k, i) in order.enumerated() {
                columns[start + k] = oldColumns[i]
                (values + (start + k) * width).copyMemory(from: old.baseAddress! + i * width, byteCount: width)
            }
        }
    }

    private func grow(to needed: Int) {
        let size = max(needed, capacity * 2)
        let newColumns = UnsafeMutablePointer<UInt32>.allocate(capacity: size)
        newColumns.initialize(from: columns, count: count)
        columns.deallocate()
        columns = newColumns
        let newValues = UnsafeMutableRawPointer.allocate(byteCount: size * width, alignment: 8)
        newValues.copyMemory(from: values, byteCount: count * width)
        values.deallocate()
        values = newValues
        capacity = size
    }
}
