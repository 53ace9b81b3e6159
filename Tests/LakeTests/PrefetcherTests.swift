import Testing
@testable import Lake

/// The prefetch thread hands every element over in order, and a failure on either side ends both.
struct PrefetcherTests {
    struct Stop: Error, Equatable { var at: Int }

    @Test func everyElementArrivesInOrder() throws {
        var seen: [Int] = []
        try Prefetcher.run({ send in for i in 0..<1000 { try send(i) } }) { seen.append($0) }
        #expect(seen == Array(0..<1000))
    }

    @Test func aProducerFailureReachesTheConsumerAfterWhatCameBefore() throws {
        var seen: [Int] = []
        #expect(throws: Stop(at: 5)) {
            try Prefetcher.run({ send in
                for i in 0..<10 {
                    if i == 5 { throw Stop(at: 5) }
                    try send(i)
                }
            }) { seen.append($0) }
        }
        #expect(seen == [0, 1, 2, 3, 4])
    }

    @Test func aConsumerFailureStopsTheProducer() throws {
        nonisolated(unsafe) var produced = 0
        #expect(throws: Stop(at: 3)) {
            try Prefetcher.run({ send in
                for i in 0..<1_000_000 {
                    produced = i
                    try send(i)
                }
            }) { if $0 == 3 { throw Stop(at: 3) } }
        }
        // The producer was joined and stopped within a slot or two of the failure.
        #expect(produced < 10)
    }
}
