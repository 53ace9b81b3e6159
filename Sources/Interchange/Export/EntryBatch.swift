import Columnar

/// Stored entries of one decoded batch of a matrix, in output coordinates: entry `i` lies in output row
/// `firstRow + rows[i]` and output column `columns[i]`. Rows stay the dataset-local numbers they were
/// stored as, so a batch is handed on without a per-entry copy.
struct EntryBatch {
    var firstRow: Int
    var rows: [UInt32]
    var columns: [UInt32]
    var values: Column

    var count: Int { rows.count }

    /// Output row of entry `i`.
    func row(_ i: Int) -> Int { firstRow + Int(rows[i]) }

    /// Adds the number of entries of each output row to `counts`. Rows arrive sorted, so entries are
    /// counted as runs: a store per row instead of a dependent load and store per entry.
    func countRows(into counts: inout [Int]) {
        rows.withUnsafeBufferPointer { rows in
            counts.withUnsafeMutableBufferPointer { counts in
                var i = 0
                while i < rows.count {
                    let row = rows[i]
                    var j = i + 1
                    while j < rows.count && rows[j] == row { j += 1 }
                    counts[firstRow + Int(row)] += j - i
                    i = j
                }
            }
        }
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
