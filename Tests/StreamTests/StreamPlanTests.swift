import Testing
@testable import Lake
@testable import Stream

/// The order of a stream, decided from cell ids: shards, fill-up, shuffling, resuming.
@Suite struct StreamPlanTests {
    /// Units of 37 cells each over cells 0..<n (the last one shorter).
    func units(_ n: Int) -> [MatrixCellUnit] {
        stride(from: 0, to: n, by: 37).map { start in
            let end = min(start + 37, n)
            let fragment = Fragment(table: "expression", name: String(start),
                                    manifest: FragmentManifest(rowOffset: 0, rows: 0, objects: [], statistics: [:]))
            return MatrixCellUnit(table: "expression", fragment: fragment, cells: Int64(start)..<Int64(end), following: [], rows: start..<end)
        }
    }

    func options(_ change: (inout StreamOptions) -> Void) -> StreamOptions {
        var options = StreamOptions()
        options.batchSize = 16
        change(&options)
        return options
    }

    @Test(arguments: [false, true])
    func shardsAreDisjointCoverEveryCellAndYieldEqualBatches(shuffle: Bool) throws {
        let selected = (0..<1000).filter { $0 % 3 != 0 }.map(Int64.init)
        var seen: [Int64] = []
        var batches: Set<Int> = []
        for shard in 0..<7 {
            let plan = try StreamPlan(units: units(1000), selected: selected, options: options {
                $0.shuffle = shuffle; $0.seed = 9; $0.shard = shard; $0.shards = 7; $0.shuffleBuffer = 50
            })
            #expect(plan.order.count == plan.batches * 16)
            batches.insert(plan.batches)
            let own = Array(Set(plan.order))
            // Fill-up repeats only this shard's own cells.
            seen += own
            let visited = plan.visits.flatMap(\.cells)
            #expect(visited.sorted() == plan.order.sorted())
        }
        #expect(batches.count == 1)
        #expect(seen.sorted() == selected)
    }

    @Test func dropLastStopsEveryShardAtTheShortestFullBatches() throws {
        let selected = (0..<100).map(Int64.init)
        for shard in 0..<3 {
            let plan = try StreamPlan(units: units(100), selected: selected, options: options { $0.shard = shard; $0.shards = 3; $0.dropLast = true })
            #expect(plan.batches == 2)  // 33 cells per shard at least: two full batches of 16
            #expect(plan.order.count == 32)
            #expect(Set(plan.order).count == 32)
        }
    }

    @Test func theSameSeedAndEpochGiveTheSameOrderAndEpochsDiffer() throws {
        let selected = (0..<500).map(Int64.init)
        func order(seed: UInt64, epoch: Int) throws -> [Int64] {
            try StreamPlan(units: units(500), selected: selected, options: options { $0.shuffle = true; $0.seed = seed; $0.epoch = epoch }).order
        }
        let first = try order(seed: 1, epoch: 0)
        #expect(try order(seed: 1, epoch: 0) == first)
        #expect(try order(seed: 1, epoch: 1) != first)
        #expect(try order(seed: 2, epoch: 0) != first)
        #expect(Set(first) == Set(selected))
        let unshuffled = try StreamPlan(units: units(500), selected: selected, options: options { _ in }).order
        #expect(Array(unshuffled.prefix(500)) == selected)
    }

    @Test func skippedBatchesAreThePrefixOfTheEpoch() throws {
        let selected = (0..<300).map(Int64.init)
        let all = try StreamPlan(units: units(300), selected: selected, options: options { $0.shuffle = true; $0.seed = 5 })
        let resumed = try StreamPlan(units: units(300), selected: selected, options: options { $0.shuffle = true; $0.seed = 5; $0.skipBatches = 7 })
        #expect(resumed.order == Array(all.order.dropFirst(7 * 16)))
        #expect(resumed.batches == all.batches)
        #expect(resumed.visits.flatMap(\.cells).count == resumed.order.count)
    }

    @Test func theFirstBatchIsReadFirstAndEveryCellStillOnce() throws {
        let selected = (0..<2000).map(Int64.init)
        let plan = try StreamPlan(units: units(2000), selected: selected, options: options { $0.shuffle = true; $0.seed = 3; $0.shuffleBuffer = 400 })
        // The shuffled first batch draws from many units; their cells come in the leading visits, and nothing else.
        var delivered: [Int64] = []
        var visit = 0
        while delivered.count < 16 {
            delivered += plan.visits[visit].cells
            visit += 1
        }
        #expect(delivered.sorted() == plan.order.prefix(16).sorted())
        #expect(visit > 2)
        #expect(plan.visits.flatMap(\.cells).sorted() == plan.order.sorted())
    }

    @Test func aShardWithoutCellsIsRefused() throws {
        #expect(throws: StreamPlan.PlanError.self) {
            try StreamPlan(units: units(3), selected: [0, 1, 2], options: options { $0.shard = 0; $0.shards = 5 })
        }
    }

    @Test func splitsFollowTheKeyAndItsFractions() throws {
        let rule = try SplitRule(parts: "train=0.8,val=0.2", column: "donor", seed: 1, use: "val")
        let donors = (0..<2000).map { "D\($0)" }
        let val = donors.filter { rule.part(of: $0) == "val" }.count
        #expect(val > 320 && val < 480)
        #expect(donors.allSatisfy { rule.part(of: $0) == rule.part(of: $0) })
        #expect(throws: SplitRule.Invalid.self) { try SplitRule(parts: "train=0.8,val=0.3", column: nil, seed: 0, use: "val") }
        #expect(throws: SplitRule.Invalid.self) { try SplitRule(parts: "train=0.8,val", column: nil, seed: 0, use: "val") }
        #expect(throws: SplitRule.Invalid.self) { try SplitRule(parts: "train=1", column: nil, seed: 0, use: "test") }
    }
}
