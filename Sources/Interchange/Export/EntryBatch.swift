import Columnar

/// Stored entries of one decoded batch of a matrix, in output coordinates: entry `i` lies in output row
/// `firstRow + rows[i]` and output column `columns[i]`. Rows stay the dataset-local numbers they were
/// stored as, so a batch is handed on without a per-entry copy; `rowRuns` counts the entries of each row.
struct EntryBatch {
    var firstRow: Int
    var rows: [UInt32]
    var columns: [UInt32]
    var values: Column
    /// Consecutive entries of one row: (dataset-local row, entries), in entry order.
    var rowRuns: [(row: Int, entries: Int)]

    /// Checks every row against `rowLimit` (the dataset's cells) while it counts the runs of equal rows.
    init(firstRow: Int, rows: [UInt32], columns: [UInt32], values: Column, rowLimit: Int) throws {
        self.firstRow = firstRow
        self.rows = rows
        self.columns = columns
        self.values = values
        var runs: [(row: Int, entries: Int)] = []
        var outside = false
        rows.withUnsafeBufferPointer { rows in
            var i = 0
            while i < rows.count {
                let row = rows[i]
                var j = i + 1
                while j < rows.count && rows[j] == row { j += 1 }
                if Int(row) >= rowLimit { outside = true; return }
                runs.append((Int(row), j - i))
                i = j
            }
        }
        if outside { throw EntryOutsideMatrix() }
        rowRuns = runs
    }

    struct EntryOutsideMatrix: Error {}

    var count: Int { rows.count }

    /// Output row of entry `i`.
    func row(_ i: Int) -> Int { firstRow + Int(rows[i]) }

    /// Adds the number of entries of each output row to `counts` (one addition per run of a row).
    func countRows(into counts: inout [Int]) {
        for run in rowRuns { counts[firstRow + run.row] += run.entries }
    }
}

extension Array where Element == UInt32 {
    /// The largest element (0 when empty), in one pass the compiler vectorizes.
    var maximum: UInt32 {
        withUnsafeBufferPointer { values in
            var high: UInt32 = 0
            for value in values { high = Swift.max(high, value) }
            return high
        }
    }
}
