@testable import Stream
import Testing

/// The stream's holding area between the reading threads and the writer: a batch is taken whole or not at
/// all, and a cell delivered for several emissions (a shard's fill-up) serves exactly that many.
struct PendingCellsTests {
    private func row(_ byte: UInt8) -> TokenizedRow { TokenizedRow(bytes: [byte]) }

    @Test func takesWholeBatchesInOrder() {
        var pending = PendingCells()
        pending.add([1, 2], [row(1), row(2)], wanted: [1, 2])
        #expect(pending.take([2, 3]) == nil)  // 3 has not arrived: nothing is taken
        pending.add([3], [row(3)], wanted: [3])
        #expect(pending.take([3, 2])?.map(\.bytes) == [[3], [2]])
        #expect(pending.take([1, 2]) == nil)  // 2 was used up
        #expect(pending.take([1])?.map(\.bytes) == [[1]])
    }

    @Test func fillUpCellsServeAsOftenAsDelivered() {
        var pending = PendingCells()
        // A visit delivering cell 5 twice and cell 6 once.
        pending.add([5, 6], [row(5), row(6)], wanted: [5, 6, 5])
        // A batch asking for 5 three times finds two uses: it waits, and the counts stay as they were.
        #expect(pending.take([5, 5, 5]) == nil)
        #expect(pending.take([5, 6, 5])?.map(\.bytes) == [[5], [6], [5]])
        #expect(pending.take([5]) == nil)
        // Delivered again (a later visit), the cell serves again.
        pending.add([5], [row(5)], wanted: [5])
        #expect(pending.take([5])?.map(\.bytes) == [[5]])
    }
}
