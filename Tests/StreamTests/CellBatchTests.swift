import Testing
@testable import Stream

@Suite struct CellBatchTests {
    @Test func laneSummedTotalsEqualSequentialOnesForWholeCounts() {
        var random = SeededRandom(seed: 3, epoch: 0, cellID: 0)
        var offsets = [0], genes: [Int32] = [], values: [Double] = []
        for n in [0, 1, 3, 4, 5, 7, 8, 1500, 1501] {
            for k in 0..<n {
                genes.append(Int32(k))
                values.append(Double(1 + random.nextIndex(below: 1000)))
            }
            offsets.append(genes.count)
        }
        let batch = CellBatch(cellIDs: (0..<Int64(offsets.count - 1)).map { $0 }, offsets: offsets, genes: genes, values: values, valueType: .int32)
        for i in 0..<batch.count {
            #expect(batch.wholeTotal(of: i) == batch.total(of: i))
        }
        var named = batch
        named.totals = (0..<batch.count).map { Double($0) + 0.5 }
        #expect(named.wholeTotal(of: 3) == 3.5)
    }

    @Test func checkedTotalsFindAnyValueThatIsNotWhole() {
        // Each odd value, alone and at every lane and tail position of a cell.
        let odd: [Double] = [0.5, -2.25, 1e-300, .leastNonzeroMagnitude, 4_503_599_627_370_495.5, .nan]
        let whole: [Double] = [0, -0.0, 3, -7, 4_503_599_627_370_496, 1e300, .infinity, -.infinity, .greatestFiniteMagnitude]
        var cells: [[Double]] = [[], whole, Array(repeating: 2, count: 9)]
        for x in odd {
            for position in 0..<9 {
                var cell = Array(repeating: 1.0, count: 9)
                cell[position] = x
                cells.append(cell)
            }
        }
        var offsets = [0]
        for cell in cells { offsets.append(offsets.last! + cell.count) }
        let values = cells.flatMap { $0 }
        let batch = CellBatch(cellIDs: cells.indices.map(Int64.init), offsets: offsets, genes: values.map { _ in 0 }, values: values, valueType: .float32)
        for i in cells.indices {
            let (total, isWhole) = batch.checkedWholeTotal(of: i)
            #expect(isWhole == cells[i].allSatisfy { $0 == $0.rounded(.towardZero) }, "cell \(cells[i])")
            if isWhole && i != 1 { #expect(total == batch.total(of: i)) }
        }
        var named = batch
        named.totals = cells.indices.map { Double($0) + 0.5 }
        #expect(named.checkedWholeTotal(of: 2) == (2.5, true))
    }
}
