import Columnar
import Testing
@testable import Interchange

/// Row counting of an export batch: runs found by galloping over sorted rows must equal counting entry by
/// entry, unsorted rows must still be counted right, and a row outside the dataset must be refused.
@Suite struct EntryBatchTests {
    func counts(_ rows: [UInt32], cells: Int, firstRow: Int = 0) throws -> [Int] {
        let batch = try EntryBatch(firstRow: firstRow, rows: rows, columns: rows.map { _ in 0 },
                                   values: Column(type: .float32, buffer: .float32(rows.map { _ in 1 })), rowLimit: cells)
        var counts = [Int](repeating: 0, count: firstRow + cells)
        batch.countRows(into: &counts)
        return counts
    }

    func expected(_ rows: [UInt32], cells: Int, firstRow: Int = 0) -> [Int] {
        var counts = [Int](repeating: 0, count: firstRow + cells)
        for row in rows { counts[firstRow + Int(row)] += 1 }
        return counts
    }

    @Test func sortedRowsCountLikeEntryByEntry() throws {
        let sizes = [0, 1, 2, 7, 64, 1500, 2999, 3, 1024, 1025]
        for cells in [1, 2, 10, 300] {
            var rows: [UInt32] = []
            for cell in 0..<cells {
                // Empty cells, single entries, and runs long enough to gallop far.
                rows.append(contentsOf: repeatElement(UInt32(cell), count: sizes[(cell * 7 + cells) % sizes.count]))
            }
            #expect(try counts(rows, cells: cells, firstRow: 3) == expected(rows, cells: cells, firstRow: 3))
        }
        #expect(try counts([], cells: 4) == [0, 0, 0, 0])
    }

    @Test func unsortedRowsAreStillCountedRight() throws {
        let rows: [UInt32] = [0, 0, 0, 2, 2, 1, 1, 1, 1, 3, 0]
        #expect(try counts(rows, cells: 4) == expected(rows, cells: 4))
    }

    @Test func aRowOutsideTheDatasetIsRefused() {
        #expect(throws: EntryBatch.EntryOutsideMatrix.self) { _ = try counts([0, 1, 1, 5], cells: 5 - 1) }
        #expect(throws: EntryBatch.EntryOutsideMatrix.self) { _ = try counts([UInt32](repeating: 9, count: 100), cells: 9) }
    }
}
