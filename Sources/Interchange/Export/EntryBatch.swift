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
    /// Rows are stored sorted, so a run's end is found by galloping and bisecting (a few dozen reads for
    /// a cell's thousands of entries); a batch whose rows turn out unsorted is counted entry by entry.
    init(firstRow: Int, rows: [UInt32], columns: [UInt32], values: Column, rowLimit: Int) throws {
        self.firstRow = firstRow
        self.rows = rows
        self.columns = columns
        self.values = values
        var runs: [(row: Int, entries: Int)] = []
        var outside = false
        rows.withUnsafeBufferPointer { rows in
            let n = rows.count
            var i = 0
            while i < n {
                let row = rows[i]
                var known = i, probe = i + 1, step = 1
                while probe < n && rows[probe] == row {
                    known = probe
                    step *= 2
                    probe = known + step
                }
                var low = known + 1, high = min(probe, n)
                while low < high {
                    let middle = (low + high) / 2
                    if rows[middle] == row { low = middle + 1 } else { high = middle }
                }
                if low < n && rows[low] < row { runs.removeAll(); break }  // unsorted: count below
                if Int(row) >= rowLimit { outside = true; return }
                runs.append((Int(row), low - i))
                i = low
            }
            guard runs.isEmpty && n > 0 else { return }
            var start = 0
            while start < n {
                let row = rows[start]
                var end = start + 1
                while end < n && rows[end] == row { end += 1 }
                if Int(row) >= rowLimit { outside = true; return }
                runs.append((Int(row), end - start))
                start = end
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
