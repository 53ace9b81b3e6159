import Columnar

/// Compares the fragments of one table that a tree diff found changed, reading as little as it can.
///
/// - A fragment rewritten in place (same name, rows and dataset position on both sides: an update of some
///   columns, or a deletion vector added or grown) is compared row by row at the same positions: only the
///   deletion vectors, and only the columns whose holding object changed, are read.
/// - Other changed fragments (added, removed, or restructured — e.g. merged by a compaction) are grouped
///   by dataset. A group on one side only is counted from its manifests, without reading data; a group on
///   both sides is read and matched by key (`cell_id` within the dataset, `gene_id`, or the row's order in
///   a plain table), so a compaction shows no row changes.
/// - Matrix tables (`expression`, `layer_*`) are only counted: entries added and removed per dataset.
struct FragmentDiffer {
    let table: String
    let old: DiffSide?
    let new: DiffSide?
    let oldFragments: [Fragment]
    let newFragments: [Fragment]

    private var keying: DiffKeying { DiffKeying(table: table) }

    /// Fills in row counts, per-dataset counts and column changes of `result`.
    func diff(into result: inout TableDiff) throws {
        result.keyColumns = keying.keyColumns
        result.fragmentsAdded = newFragments.count
        result.fragmentsRemoved = oldFragments.count
        var tallies: [String: ColumnChangeTally] = [:]
        var restructuredOld: [Fragment] = [], restructuredNew = newFragments
        for fragment in oldFragments {
            if let i = restructuredNew.firstIndex(where: { Self.aligned(fragment, $0) }), let old, let new {
                try compareAligned(fragment, restructuredNew.remove(at: i), old, new, &tallies, &result)
            } else {
                restructuredOld.append(fragment)
            }
        }
        let groups = Set(restructuredOld.map(\.groupKey)).union(restructuredNew.map(\.groupKey)).sorted()
        for group in groups {
            try compareRestructured(restructuredOld.filter { $0.groupKey == group }, restructuredNew.filter { $0.groupKey == group },
                                    group: group, &tallies, &result)
        }
        let order = (new ?? old)?.schema.names ?? []
        result.columns = tallies.values.filter { $0.changedRows > 0 }
            .sorted { (order.firstIndex(of: $0.column) ?? .max, $0.column) < (order.firstIndex(of: $1.column) ?? .max, $1.column) }
            .map(\.summary)
    }

    /// The same rows of the same dataset at the same positions: compare in place.
    private static func aligned(_ a: Fragment, _ b: Fragment) -> Bool {
        a.name == b.name && a.manifest.rows == b.manifest.rows && a.manifest.dataset == b.manifest.dataset
            && a.manifest.datasetRow == b.manifest.datasetRow
    }

    /// Columns present in both versions whose values are compared (not the ids a table derives).
    private var comparedColumns: [String] {
        guard let old, let new, !keying.isMatrix else { return [] }
        return new.schema.names.filter { old.schema.index(of: $0) != nil && !keying.derivedColumns.contains($0) }
    }

    private func tally(_ column: String, _ tallies: inout [String: ColumnChangeTally]) -> ColumnChangeTally {
        if let existing = tallies[column] { return existing }
        let type = new?.schema.field(named: column)?.type
        return ColumnChangeTally(column: column, categorical: type == .string || type == .boolean)
    }

    private func count(_ fragment: Fragment, added: Int, removed: Int, _ result: inout TableDiff) {
        result.rowsAdded += added
        result.rowsRemoved += removed
        if let dataset = fragment.manifest.dataset, added > 0 || removed > 0 {
            result.datasets[dataset, default: RowCounts()].added += added
            result.datasets[dataset, default: RowCounts()].removed += removed
        }
    }

    private func compareAligned(_ before: Fragment, _ after: Fragment, _ old: DiffSide, _ new: DiffSide,
                                _ tallies: inout [String: ColumnChangeTally], _ result: inout TableDiff) throws {
        let rows = after.manifest.rows
        let oldLive = try old.liveMask(before), newLive = try new.liveMask(after)
        var added = 0, removed = 0
        var both: [Bool]? = nil
        if oldLive != nil || newLive != nil {
            var mask = [Bool](repeating: false, count: rows)
            for i in 0..<rows {
                let was = oldLive?[i] ?? true, now = newLive?[i] ?? true
                if was && !now { removed += 1 } else if !was && now { added += 1 }
                mask[i] = was && now
            }
            both = mask
        }
        count(after, added: added, removed: removed, &result)

        let changed = comparedColumns.filter {
            DiffSide.holder(of: $0, in: before)?.hash != DiffSide.holder(of: $0, in: after)?.hash
        }
        guard !changed.isEmpty else { return }
        let keys = keying.keyColumns
        let oldBatch = try old.read(before, columns: changed, includeDeleted: true)
        let newBatch = try new.read(after, columns: keys + changed, includeDeleted: true)
        var rowChanged = [Bool](repeating: false, count: rows)
        for (c, column) in changed.enumerated() {
            let was = oldBatch.columns[c], now = newBatch.columns[keys.count + c]
            var entry = tally(column, &tallies)
            for i in ColumnDifferences.positions(was, now, compared: both) {
                rowChanged[i] = true
                entry.record(old: was.value(at: i), new: now.value(at: i)) {
                    keys.isEmpty ? [.int(Int64(after.manifest.rowOffset + i))] : newBatch.columns[0..<keys.count].map { $0.value(at: i) }
                }
            }
            tallies[column] = entry
        }
        result.rowsChanged += rowChanged.count { $0 }
    }

    /// Fragments of one dataset (or of a plain table) that do not line up one to one: counted from their
    /// manifests when one side has none, else read and matched by key.
    private func compareRestructured(_ before: [Fragment], _ after: [Fragment], group: String,
                                     _ tallies: inout [String: ColumnChangeTally], _ result: inout TableDiff) throws {
        let oldRows = before.reduce(0) { $0 + $1.manifest.liveRows }, newRows = after.reduce(0) { $0 + $1.manifest.liveRows }
        let representative = (after.first ?? before.first)!
        guard let old, let new, !before.isEmpty, !after.isEmpty, !keying.isMatrix else {
            // Matrices are counted, not read: a restructured matrix group reports its net change.
            let both = !before.isEmpty && !after.isEmpty
            count(representative, added: both ? max(0, newRows - oldRows) : newRows,
                  removed: both ? max(0, oldRows - newRows) : oldRows, &result)
            return
        }
        let columns = comparedColumns
        let keys = keying.keyColumns
        let oldBatches = try before.map { try old.read($0, columns: keys + columns, includeDeleted: false) }
        let newBatches = try after.map { try new.read($0, columns: keys + columns, includeDeleted: false) }
        let oldKeys = try keying.matchKeys(oldBatches, side: old, dataset: group)
        let newKeys = try keying.matchKeys(newBatches, side: new, dataset: group)
        var oldIndex: [Int64: (batch: Int, row: Int)] = [:]
        oldIndex.reserveCapacity(oldRows)
        var position = 0
        for (b, batch) in oldBatches.enumerated() {
            for r in 0..<batch.rowCount {
                oldIndex[oldKeys[position]] = (b, r)
                position += 1
            }
        }
        var matched = 0, changedRows = 0
        position = 0
        for batch in newBatches {
            for r in 0..<batch.rowCount {
                defer { position += 1 }
                guard let (b, oldRow) = oldIndex[newKeys[position]] else { continue }
                matched += 1
                var rowChanged = false
                for (c, column) in columns.enumerated() {
                    let was = oldBatches[b].columns[keys.count + c].value(at: oldRow)
                    let now = batch.columns[keys.count + c].value(at: r)
                    guard !ColumnDifferences.same(was, now) else { continue }
                    rowChanged = true
                    var entry = tally(column, &tallies)
                    entry.record(old: was, new: now) {
                        keys.isEmpty ? [.int(newKeys[position])] : batch.columns[0..<keys.count].map { $0.value(at: r) }
                    }
                    tallies[column] = entry
                }
                if rowChanged { changedRows += 1 }
            }
        }
        count(representative, added: newRows - matched, removed: oldRows - matched, &result)
        result.rowsChanged += changedRows
    }
}

extension Fragment {
    /// Restructured fragments are matched within their dataset (plain tables: all together).
    fileprivate var groupKey: String { manifest.dataset ?? "" }
}
