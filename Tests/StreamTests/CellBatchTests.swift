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
}
