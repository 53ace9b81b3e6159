import Columnar

/// The build side of a hash join: its rows grouped by key. Probing a batch gives the matching pairs
/// (probe row, build row). Keys are equal as SQL `=` says, except that NULL never matches; keys of
/// probe rows are registered in the same key table (an id past the build side's means no match), so
/// the same key coding serves both sides.
struct HashJoinTable {
    let build: RecordBatch
    private var keyTable: GroupKeyTable
    private let buildGroups: Int
    /// Build rows by group: `rows[start[g]..<start[g + 1]]`.
    private var start: [Int] = []
    private var rows: [Int] = []
    /// No keys: every probe row meets every build row (a cross join, or an inner join on other conditions).
    private let keyless: Bool
    /// One integer key spanning a range not much wider than the build side (cell and gene ids): build
    /// rows by `key - low` directly, no hashing. `start`/`rows` are then indexed by that offset.
    private var denseLow: Int64?

    init(build: RecordBatch, keys: [Column]) {
        self.build = build
        keyless = keys.isEmpty
        keyTable = GroupKeyTable(types: keys.map(\.type))
        guard !keys.isEmpty else { buildGroups = 0; return }
        let usable = Self.rowsWithoutNullKeys(keys, count: build.rowCount)
        if keys.count == 1, let integers = Self.integers(keys[0]), let dense = Self.denseLayout(integers, usable) {
            denseLow = dense.low
            buildGroups = dense.start.count - 1
            (start, rows) = (dense.start, dense.rows)
            return
        }
        let ids = keyTable.ids(for: keys.map { $0.gather(usable) }, rows: usable.count)
        buildGroups = keyTable.count
        var counts = [Int](repeating: 0, count: buildGroups + 1)
        for id in ids { counts[Int(id) + 1] += 1 }
        for g in 0..<buildGroups { counts[g + 1] += counts[g] }
        start = counts
        rows = [Int](repeating: 0, count: usable.count)
        var next = counts
        for (i, id) in ids.enumerated() {
            rows[next[Int(id)]] = usable[i]
            next[Int(id)] += 1
        }
    }

    /// The distinct non-null key values of the build side (one key column), for a scan to skip probe
    /// data that cannot match.
    var distinctKeys: Column? {
        if let denseLow {
            let present = (0..<buildGroups).filter { start[$0 + 1] > start[$0] }.map { denseLow + Int64($0) }
            return Column(type: .int64, buffer: .int64(present))
        }
        return keyTable.keys.count == 1 ? keyTable.keys[0] : nil
    }

    /// The pairs of `probeKeys`' rows (0..<count) and build rows whose keys are equal.
    mutating func match(_ probeKeys: [Column], count: Int) -> (probe: [Int], build: [Int]) {
        var probe: [Int] = [], matched: [Int] = []
        if keyless {
            probe.reserveCapacity(count * build.rowCount)
            matched.reserveCapacity(count * build.rowCount)
            for p in 0..<count {
                for b in 0..<build.rowCount {
                    probe.append(p)
                    matched.append(b)
                }
            }
            return (probe, matched)
        }
        let usable = Self.rowsWithoutNullKeys(probeKeys, count: count)
        probe.reserveCapacity(usable.count)
        matched.reserveCapacity(usable.count)
        start.withUnsafeBufferPointer { start in
            rows.withUnsafeBufferPointer { rows in
                if let denseLow, let integers = Self.integers(probeKeys[0]) {
                    let span = Int64(buildGroups)
                    integers.withUnsafeBufferPointer { integers in
                        for row in usable {
                            let offset = integers[row] &- denseLow
                            guard offset >= 0, offset < span else { continue }
                            let slot = Int(offset)
                            for b in start[slot]..<start[slot + 1] {
                                probe.append(row)
                                matched.append(rows[b])
                            }
                        }
                    }
                    return
                }
                let ids = keyTable.ids(for: probeKeys.map { usable.count == count ? $0 : $0.gather(usable) }, rows: usable.count)
                for (i, id) in ids.enumerated() where Int(id) < buildGroups {
                    for b in start[Int(id)]..<start[Int(id) + 1] {
                        probe.append(usable[i])
                        matched.append(rows[b])
                    }
                }
            }
        }
        return (probe, matched)
    }

    /// A signed integer key column's values widened to Int64 (unsigned and other types: nil).
    private static func integers(_ column: Column) -> [Int64]? {
        switch column.buffer {
        case .int64(let v): return v
        case .int32(let v): return v.map(Int64.init)
        case .int16(let v): return v.map(Int64.init)
        case .int8(let v): return v.map(Int64.init)
        default: return nil
        }
    }

    /// Build rows grouped by `key - low` when the keys' span is at most 8 times the rows (and 16M).
    private static func denseLayout(_ keys: [Int64], _ usable: [Int]) -> (low: Int64, start: [Int], rows: [Int])? {
        guard let first = usable.first else { return nil }
        var low = keys[first], high = keys[first]
        for row in usable {
            low = min(low, keys[row])
            high = max(high, keys[row])
        }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, span < 16 << 20, span <= 8 * Int64(usable.count) + 1024 else { return nil }
        var start = [Int](repeating: 0, count: Int(span) + 2)
        for row in usable { start[Int(keys[row] - low) + 1] += 1 }
        for slot in 0...Int(span) { start[slot + 1] += start[slot] }
        var rows = [Int](repeating: 0, count: usable.count)
        var next = start
        for row in usable {
            let slot = Int(keys[row] - low)
            rows[next[slot]] = row
            next[slot] += 1
        }
        return (low, start, rows)
    }

    private static func rowsWithoutNullKeys(_ keys: [Column], count: Int) -> [Int] {
        guard keys.contains(where: { $0.validity != nil }) else { return Array(0..<count) }
        return (0..<count).filter { row in !keys.contains { $0.isNull(row) } }
    }
}
