import Foundation
import Testing
@testable import Lake

@Suite struct OrderedParallelMapTests {
    /// Items finish out of order (later ones are quicker), yet reach the consumer in order, each once.
    @Test func resultsArriveInItemOrder() throws {
        var seen: [Int] = []
        try OrderedParallelMap.run(count: 40, workers: 4, { i in
            usleep(UInt32((40 - i) * 200))
            return i * i
        }, consume: { seen.append($0) })
        #expect(seen == (0..<40).map { $0 * $0 })
    }

    struct Failure: Error, Equatable { let item: Int }

    /// A failing item stops the run with its error after the items before it were consumed; a failing
    /// consumer stops it too; no worker outlives the call.
    @Test func failuresStopTheRun() throws {
        var seen: [Int] = []
        #expect(throws: Failure(item: 7)) {
            try OrderedParallelMap.run(count: 100, workers: 3, { i in
                if i == 7 { throw Failure(item: 7) }
                return i
            }, consume: { seen.append($0) })
        }
        #expect(seen == Array(0..<7))
        let claimed = Counter()
        #expect(throws: Failure(item: 2)) {
            try OrderedParallelMap.run(count: 1000, workers: 2, window: 3, { i in
                claimed.increment()
                return i
            }, consume: { if $0 == 2 { throw Failure(item: 2) } })
        }
        // The window keeps workers from running far ahead of a consumer that stopped.
        #expect(claimed.value <= 2 + 3 + 2)
    }

    final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var count = 0
        func increment() { lock.withLock { count += 1 } }
        var value: Int { lock.withLock { count } }
    }
}
