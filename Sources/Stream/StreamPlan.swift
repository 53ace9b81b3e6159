import Lake

/// Which cells a shard emits and in what order, decided from cell ids alone before any data is read:
///
/// 1. The selected cells are laid out unit by unit (a unit is a matrix fragment's whole cells). With
///    `shuffle`, units are permuted, and cells within a unit are permuted in blocks, seeded by (seed, epoch).
/// 2. Shard i of n takes positions [i·C/n, (i+1)·C/n) of that layout: disjoint parts that cover every cell,
///    each reading only its own units.
/// 3. Every shard emits the same number of full batches (DDP waits for the slowest rank): short shards
///    repeat their first cells, or with `dropLast` every shard stops at the shortest one's full batches.
/// 4. With `shuffle`, cells pass through a shuffle buffer seeded by (seed, epoch, shard); its choices
///    depend only on ids, so batches skipped by `skipBatches` need no data.
struct StreamPlan {
    /// Cell ids in emission order, after skipped batches.
    var order: [Int64]
    /// Reads in arrival order: a unit, and the cells to take from it on this visit.
    var visits: [(unit: Int, cells: [Int64])]
    /// Batches this shard emits in the epoch (before skipping).
    var batches: Int

    enum PlanError: Error, CustomStringConvertible {
        case emptyShard(shard: Int, shards: Int, cells: Int)
        var description: String {
            switch self {
            case let .emptyShard(shard, shards, cells):
                return "shard \(shard + 1)/\(shards) has no cells: \(cells) cells selected for \(shards) shards"
            }
        }
    }

    /// `selected`: the chosen cell ids, ascending.
    init(units: [MatrixCellUnit], selected: [Int64], options: StreamOptions) throws {
        let seed = options.seed, epoch = UInt64(bitPattern: Int64(options.epoch))
        // Each unit's selected cells (ids ascending), units without any dropped.
        var layout: [(unit: Int, cells: ArraySlice<Int64>)] = []
        for (index, unit) in units.enumerated() {
            let lo = Self.lowerBound(selected, unit.cells.lowerBound), hi = Self.lowerBound(selected, unit.cells.upperBound)
            if hi > lo { layout.append((index, selected[lo..<hi])) }
        }
        if options.shuffle {
            var generator = SeededRandom(seed, epoch, 0x756E_6974)  // "unit"
            generator.permute(&layout)
        }
        let total = layout.reduce(0) { $0 + $1.cells.count }
        let lo = options.shard * total / options.shards, hi = (options.shard + 1) * total / options.shards
        let shortest = total / options.shards, longest = (total + options.shards - 1) / options.shards
        let batches = options.dropLast ? shortest / options.batchSize : (longest + options.batchSize - 1) / options.batchSize
        let emitted = batches * options.batchSize
        guard hi > lo || emitted == 0 else { throw PlanError.emptyShard(shard: options.shard, shards: options.shards, cells: total) }

        // The shard's cells in arrival order, unit by unit.
        var arrivals: [(unit: Int, cell: Int64)] = []
        arrivals.reserveCapacity(max(emitted, hi - lo))
        var position = 0
        for (unit, cells) in layout {
            defer { position += cells.count }
            guard position + cells.count > lo, position < hi else { continue }
            var ordered = Array(cells)
            if options.shuffle {
                var blocks = stride(from: 0, to: ordered.count, by: options.blockCells).map { ordered[$0..<min($0 + options.blockCells, ordered.count)] }
                var generator = SeededRandom(seed, epoch, 0x626C_6B, UInt64(unit))  // "blk"
                generator.permute(&blocks)
                ordered = Array(blocks.joined())
            }
            let from = max(lo - position, 0), to = min(hi - position, ordered.count)
            arrivals += ordered[from..<to].map { (unit, $0) }
        }
        // Fill up with the shard's first cells again.
        let own = arrivals.count
        while arrivals.count < emitted { arrivals.append(arrivals[(arrivals.count - own) % own]) }

        var order: [Int64]
        if options.shuffle {
            order = []
            order.reserveCapacity(arrivals.count)
            var generator = SeededRandom(seed, epoch, 0x6275_66, UInt64(options.shard))  // "buf"
            var buffer: [Int64] = []
            buffer.reserveCapacity(options.shuffleBuffer)
            for (_, cell) in arrivals {
                if buffer.count < max(1, options.shuffleBuffer) { buffer.append(cell); continue }
                let j = generator.nextIndex(below: buffer.count)
                order.append(buffer[j])
                buffer[j] = cell
            }
            generator.permute(&buffer)
            order += buffer
        } else {
            order = arrivals.map(\.cell)
        }
        order.removeLast(max(0, order.count - emitted))
        order.removeFirst(min(order.count, options.skipBatches * options.batchSize))

        // The reads that deliver `order`: one arrival per emission of a cell, earliest first.
        var needed = [Int32](repeating: 0, count: Int(selected.last ?? -1) + 1)
        for cell in order { needed[Int(cell)] += 1 }
        var visits: [(unit: Int, cells: [Int64])] = []
        for (unit, cell) in arrivals {
            guard needed[Int(cell)] > 0 else { continue }
            needed[Int(cell)] -= 1
            if visits.last?.unit == unit { visits[visits.count - 1].cells.append(cell) } else { visits.append((unit, [cell])) }
        }
        self.order = order
        self.visits = Self.firstBatchFirst(visits, firstBatch: order.prefix(options.batchSize), cellLimit: needed.count)
        self.batches = batches
    }

    /// The visits with the first batch's cells taken out into visits of their own, read before the rest.
    /// A shuffled first batch draws from the whole shuffle buffer — cells of several units, thousands of
    /// cells in — so in arrival order it waits until all of them are tokenized; read first, it waits only
    /// for its own cells (and a decode of their units).
    static func firstBatchFirst(_ visits: [(unit: Int, cells: [Int64])], firstBatch: ArraySlice<Int64>,
                                cellLimit: Int) -> [(unit: Int, cells: [Int64])] {
        guard visits.count > 1, !firstBatch.isEmpty else { return visits }
        var wanted = [Int32](repeating: 0, count: cellLimit)
        for cell in firstBatch { wanted[Int(cell)] += 1 }
        var early: [(unit: Int, cells: [Int64])] = [], rest: [(unit: Int, cells: [Int64])] = []
        for (unit, cells) in visits {
            var now: [Int64] = [], later: [Int64] = []
            for cell in cells {
                if wanted[Int(cell)] > 0 {
                    wanted[Int(cell)] -= 1
                    now.append(cell)
                } else {
                    later.append(cell)
                }
            }
            if !now.isEmpty { early.append((unit, now)) }
            if !later.isEmpty { rest.append((unit, later)) }
        }
        return early + rest
    }

    static func lowerBound(_ sorted: [Int64], _ value: Int64) -> Int {
        var lo = 0, hi = sorted.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if sorted[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
