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

    init(build: RecordBatch, keys: [Column]) {
        self.build = build
        keyless = keys.isEmpty
        keyTable = GroupKeyTable(types: keys.map(\.type))
        guard !keys.isEmpty else { buildGroups = 0; return }
        let usable = Self.rowsWithoutNullKeys(keys, count: build.rowCount)
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
    var distinctKeys: Column? { keyTable.keys.count == 1 ? keyTable.keys[0] : nil }

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
        let ids = keyTable.ids(for: probeKeys.map { usable.count == count ? $0 : $0.gather(usable) }, rows: usable.count)
        for (i, id) in ids.enumerated() where Int(id) < buildGroups {
            for b in rows[start[Int(id)]..<start[Int(id) + 1]] {
                probe.append(usable[i])
                matched.append(b)
            }
        }
        return (probe, matched)
    }

    private static func rowsWithoutNullKeys(_ keys: [Column], count: Int) -> [Int] {
        guard keys.contains(where: { $0.validity != nil }) else { return Array(0..<count) }
        return (0..<count).filter { row in !keys.contains { $0.isNull(row) } }
    }
}
