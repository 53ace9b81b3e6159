import Columnar
import Foundation
import Storage
import Lake

/// Turns matrix entries that arrive in any order (CSC columns, MatrixMarket lines) into rows, in bounded
/// memory: entries are buffered up to `runEntries`, each full buffer is counting-sorted by (row, column) on
/// all cores (in the background while the next one fills) and spilled as row segments to a temporary file,
/// and the runs are merged row by row, a whole segment at a time, into chunks of whole rows.
///
/// Values travel as the raw bytes of their own type, so every type comes back exactly.
final class SpillingTransposer {
    private let valueType: DataType
    private let width: Int
    private let file: SpillFile
    private let sorter: RunSorter
    private var filling: RunBuffer
    /// The run being sorted and written while `filling` fills: reading and sorting overlap, at the cost of
    /// a second buffer.
    private var inFlight: (spill: BackgroundSpill, buffer: RunBuffer)?
    private var runs: [SortedRun] = []

    /// `CAIRN_TRANSPOSE_RUN_ENTRIES` overrides the run size (tests use tiny runs to exercise merging).
    init(valueType: DataType, runEntries: Int = 8 << 20) throws {
        guard let width = MatrixValueBytes.width(of: valueType) else { throw SourceError("matrix values of type \(valueType) are not numbers") }
        self.valueType = valueType
        self.width = width
        let override = ProcessInfo.processInfo.environment["CAIRN_TRANSPOSE_RUN_ENTRIES"].flatMap(Int.init)
        filling = RunBuffer(capacity: override ?? runEntries, width: width)
        sorter = RunSorter(width: width)
        file = try SpillFile()
    }

    /// Adds the entries `row[i], column[i]` with the i-th value of `values`.
    func add(rows: [UInt32], columns: [UInt32], values: Column) throws {
        precondition(rows.count == columns.count && rows.count == values.count)
        try MatrixValueBytes.withBytes(of: values.buffer, as: valueType) { bytes in
            guard let bytes else { throw SourceError("matrix values of type \(values.type) where \(valueType) was expected") }
            try rows.withUnsafeBufferPointer { rows in
                try columns.withUnsafeBufferPointer { columns in
                    var start = 0
                    while start < rows.count {
                        start += filling.append(rows: rows, columns: columns, values: bytes.baseAddress!, from: start)
                        if filling.isFull { try spillFilling() }
                    }
                }
            }
        }
    }

    /// Hands the full buffer to a background spill and goes on with the buffer of the previous one.
    private func spillFilling() throws {
        let next = try waitForSpill() ?? RunBuffer(capacity: filling.capacity, width: width)
        inFlight = (BackgroundSpill(filling, sorter: sorter, file: file), filling)
        filling = next
    }

    /// Waits for the run in flight, if any, and returns its buffer, empty again.
    private func waitForSpill() throws -> RunBuffer? {
        guard let (spill, buffer) = inFlight else { return nil }
        inFlight = nil
        runs.append(try spill.wait())
        return buffer
    }

    /// Merges the runs and hands out rows `0..<rowCount` in chunks of about `targetEntries` entries.
    func finish(rowCount: Int, targetEntries: Int = 4_000_000, _ body: (SparseRows) throws -> Void) throws {
        if filling.count > 0 { try spillFilling() }
        _ = try waitForSpill()
        filling.release()  // the merge needs none of the runs' memory
        sorter.release()
        if let last = runs.map(\.lastRow).max(), last >= rowCount { throw SourceError("entry row \(last) beyond \(rowCount) rows") }
        // Read buffers share a fixed budget, so memory does not grow with the number of runs' bytes.
        let bufferBytes = max(4096, min(4 << 20, (64 << 20) / max(1, runs.count)))
        var cursors = try runs.map { try RunCursor(file: file, run: $0, width: width, bufferBytes: bufferBytes) }
        cursors.removeAll { $0.row == nil }
        let chunk = RowChunkBuilder(valueType: valueType, width: width, capacity: min(targetEntries, 1 << 20) + 1)
        var emitted = false
        for row in 0..<rowCount {
            var exhausted = false
            // Runs in the order they were written: CSC input's runs hold ascending columns, so a row's
            // segments arrive in column order and are simply concatenated.
            for cursor in cursors where cursor.row == row {
                chunk.append(columns: cursor.columns, columnWidth: cursor.columnWidth, values: cursor.values, count: cursor.count)
                try cursor.advance()
                exhausted = exhausted || cursor.row == nil
            }
            if exhausted { cursors.removeAll { $0.row == nil } }
            chunk.endRow()
            if chunk.count >= targetEntries {
                try body(chunk.take())
                emitted = true
            }
        }
        if chunk.rowCount > 0 || !emitted { try body(chunk.take()) }
    }
}
