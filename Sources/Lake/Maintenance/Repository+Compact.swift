import Columnar
import Foundation
import History

/// What `compact` did to one table.
public struct TableCompaction: Sendable {
    public var table: String
    /// Fragments replaced, and fragments written in their place.
    public var fragmentsBefore: Int
    public var fragmentsAfter: Int
    /// Deleted rows physically dropped (their deletion vectors applied).
    public var rowsDropped: Int
    public var bytesBefore: Int
    public var bytesAfter: Int
}

/// What a compaction committed; `commit` is nil when every fragment was already fine.
public struct CompactionResult: Sendable {
    public var commit: ObjectID?
    public var branch: String?
    public var tables: [TableCompaction]
}

/// A rewritten run of fragments: the names it frees and the fragments written in its place.
private struct CompactedRun {
    var replaced: [Fragment]
    var written: [(name: String, manifest: FragmentManifest)]
}

extension Repository {
    /// Rewrites `tables` (default: all) of the current branch head so that small adjacent fragments are
    /// merged into fragments of about `targetRows` rows (default: the repository's fragment size), column
    /// groups collapse into one object and deletion vectors are applied, in one commit whose data reads
    /// exactly as before: same rows, same order, same ids. See `CompactionPlan` for which fragments move.
    ///
    /// Concurrency: the plan and the new objects are made from the head read at the start; at commit time,
    /// if any fragment being replaced changed meanwhile, it is a conflict and nothing is committed;
    /// changes elsewhere (other tables, appended fragments) are kept and the compaction re-applied on them.
    public func compact(tables requested: [String]? = nil, targetRows: Int? = nil, message: String? = nil) throws -> CompactionResult {
        try compact(tables: requested, targetRows: targetRows, message: message, afterWriting: {})
    }

    /// `afterWriting` runs between writing the objects and committing (tests race other writers there).
    func compact(tables requested: [String]?, targetRows: Int?, message: String?, afterWriting: () throws -> Void) throws -> CompactionResult {
        let target = targetRows ?? config.fragmentRows
        guard target > 0 else { throw LakeError.invalidArgument("--target-rows must be positive, not \(target)") }
        let branch = try currentBranch()
        guard let head = branch.commit else { return CompactionResult(commit: nil, branch: nil, tables: []) }
        let snapshot = try Snapshot(repository: self, commit: head, revision: Self.shortBranchName(branch.reference))
        let tables = requested ?? snapshot.tableNames
        for table in tables where snapshot.manifest.tables[table] == nil {
            throw LakeError.unknownTable(table, revision: snapshot.revision)
        }
        var runs: [String: [CompactedRun]] = [:]
        var summaries: [TableCompaction] = []
        var firstWritten = false
        for table in tables {
            let fragments = try snapshot.fragments(of: table)
            let plan = try CompactionPlan(table: table, fragments: fragments, tableSchema: try snapshot.schema(of: table),
                                          targetRows: target, repository: self)
            guard !plan.isEmpty else { continue }
            let outputs = try write(plan, target: target) {
                if !firstWritten { firstWritten = true; CrashPoint.compactAfterFirstFragment.reached() }
            }
            let tableRuns = Self.name(plan, outputs: outputs)
            runs[table] = tableRuns
            let before = tableRuns.flatMap(\.replaced), after = tableRuns.flatMap(\.written).map(\.manifest)
            summaries.append(TableCompaction(
                table: table, fragmentsBefore: before.count, fragmentsAfter: after.count,
                rowsDropped: before.reduce(0) { $0 + $1.manifest.rows } - after.reduce(0) { $0 + $1.rows },
                bytesBefore: before.reduce(0) { $0 + $1.manifest.bytes }, bytesAfter: after.reduce(0) { $0 + $1.bytes }))
        }
        guard !runs.isEmpty else { return CompactionResult(commit: nil, branch: Self.shortBranchName(branch.reference), tables: []) }
        let text = message ?? "Compact " + summaries.map { "\($0.table) (\($0.fragmentsBefore) → \($0.fragmentsAfter) fragments)" }.joined(separator: ", ")
        try afterWriting()
        let (commit, moved) = try commit(message: text, onto: branch) { editor, dataset, current in
            guard let current else { throw LakeError.conflict("the branch was emptied during compaction; nothing was committed") }
            for (table, tableRuns) in runs.sorted(by: { $0.key < $1.key }) {
                guard var summary = dataset.tables[table] else {
                    throw LakeError.conflict("table '\(table)' was removed during compaction; nothing was committed")
                }
                let now = Dictionary(uniqueKeysWithValues: try ManifestPaths.readFragments(git, commit: current, table: table).map { ($0.name, $0) })
                for run in tableRuns {
                    for fragment in run.replaced where now[fragment.name]?.manifest != fragment.manifest {
                        throw LakeError.conflict("fragment \(fragment.name) of table '\(table)' changed while it was being compacted; nothing was committed (run compact again)")
                    }
                    let freed = Set(run.replaced.map(\.name))
                    for output in run.written where now[output.name] != nil && !freed.contains(output.name) {
                        throw LakeError.conflict("fragment \(output.name) of table '\(table)' appeared while compacting; nothing was committed (run compact again)")
                    }
                    var rowOffset = run.replaced.first.map { now[$0.name]!.manifest.rowOffset } ?? 0
                    for name in freed.subtracting(run.written.map(\.name)) {
                        try editor.remove(ManifestPaths.fragment(table, name))
                    }
                    for var output in run.written {
                        output.manifest.rowOffset = rowOffset
                        rowOffset += output.manifest.rows
                        _ = try editor.upsert(ManifestPaths.fragment(table, output.name), data: Data(try ManifestCoding.encode(output.manifest)))
                    }
                    summary.fragments += run.written.count - run.replaced.count
                    summary.bytes += run.written.reduce(0) { $0 + $1.manifest.bytes } - run.replaced.reduce(0) { $0 + $1.manifest.bytes }
                }
                dataset.tables[table] = summary
            }
        }
        return CompactionResult(commit: commit, branch: Self.shortBranchName(moved), tables: summaries)
    }

    /// Writes each rewritten segment's rows as new fragments (durable, not committed), in segment order;
    /// `progress` runs after each segment.
    private func write(_ plan: CompactionPlan, target: Int, progress: () -> Void) throws -> [[FragmentManifest]] {
        var outputs: [[FragmentManifest]] = []
        var loaded: (index: Int, batch: RecordBatch, live: [Bool]?)? = nil
        for segment in plan.segments {
            guard segment.rewritten else { outputs.append([]); continue }
            var sizes = segment.outputSizes(target: target)[...]
            var written: [FragmentManifest] = []
            var writer: FragmentWriter? = nil
            var pending = 0  // rows the current writer still takes
            let first = plan.fragments[segment.pieces[0].fragment].manifest
            let keepsDeletions = segment.pieces[0].keepsDeletions
            func emit(_ batch: RecordBatch) throws {
                var start = 0
                while start < batch.rowCount {
                    if writer == nil {
                        guard let size = sizes.popFirst() else { throw LakeError.corruptManifest(path: "table \(plan.table)", detail: "more rows than the plan counted") }
                        var options = config
                        options.fragmentRows = size
                        writer = FragmentWriter(schema: segment.schema, config: options, objects: objects)
                        if Snapshot.isMatrixTable(plan.table) { writer!.leaveUncompressed() }  // as import writes them
                        pending = size
                    }
                    let take = min(pending, batch.rowCount - start)
                    try writer!.append(batch.slice(start..<(start + take)))
                    start += take
                    pending -= take
                    if pending == 0 {
                        written += try writer!.finish()
                        writer = nil
                    }
                }
            }
            for piece in segment.pieces {
                if loaded?.index != piece.fragment { loaded = try readStored(plan.fragments[piece.fragment], schema: segment.schema, index: piece.fragment) }
                let part = loaded!.batch.slice(piece.rows)
                if let live = loaded!.live, !keepsDeletions, plan.fragments[piece.fragment].manifest.dataset == nil || !Self.isPositional(plan.table) {
                    try emit(part.filter(Array(live[piece.rows])))
                } else {
                    try emit(part)
                }
            }
            guard writer == nil, sizes.isEmpty else { throw LakeError.corruptManifest(path: "table \(plan.table)", detail: "fewer rows than the plan counted") }
            // Single-cell fragments keep their dataset; `dataset_row` is where each starts in it (for
            // cells and var: the dataset row of its first stored row, which ids are derived from).
            var datasetRow = (first.datasetRow ?? 0) + segment.pieces[0].rows.lowerBound
            for i in written.indices {
                written[i].dataset = first.dataset
                written[i].datasetRow = first.dataset == nil ? nil : datasetRow
                if keepsDeletions { written[i].deletionVector = first.deletionVector }
                datasetRow += written[i].rows
            }
            outputs.append(written)
            progress()
        }
        return outputs
    }

    private static func isPositional(_ table: String) -> Bool {
        table == SingleCellTables.cells || table == SingleCellTables.variables
    }

    /// All stored rows of a fragment in `schema`'s stored types, deleted ones included, and which are live.
    private func readStored(_ fragment: Fragment, schema: Schema, index: Int) throws -> (index: Int, batch: RecordBatch, live: [Bool]?) {
        var manifest = fragment.manifest
        let live = try liveMask(of: manifest)
        manifest.deletionVector = nil
        var batches: [RecordBatch] = []
        var reader = FragmentReader(repository: self, fragment: Fragment(table: fragment.table, name: fragment.name, manifest: manifest), schema: schema)
        reader.parallelColumns = true
        try reader.read(columns: schema.names) { batches.append($0) }
        let batch = RecordBatch.concatenate(batches, schema: schema)
        guard batch.rowCount == manifest.rows else {
            throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)", detail: "read \(batch.rowCount) rows, the manifest says \(manifest.rows)")
        }
        return (index, batch, live)
    }

    /// Names the plan's output: each maximal run of replaced fragments gives its names to its output, in
    /// order; a run with more output than names continues after its last name with `_NNNNNN` suffixes,
    /// which sort between it and the next fragment (`docs/format.md` §4.4).
    private static func name(_ plan: CompactionPlan, outputs: [[FragmentManifest]]) -> [CompactedRun] {
        // Output per fragment run: segments are consecutive, and a rewritten one replaces all its fragments.
        var runs: [CompactedRun] = []
        var current: CompactedRun? = nil
        var lastFragment = -1
        func close() { if let run = current { runs.append(run); current = nil } }
        var segmentOutput = outputs.makeIterator()
        var segmentIndex = 0
        for (i, fragment) in plan.fragments.enumerated() {
            let replaced = plan.replaced.contains(i)
            if !replaced { close(); continue }
            if current == nil { current = CompactedRun(replaced: [], written: []) }
            current!.replaced.append(fragment)
            lastFragment = i
            // Every segment whose pieces start in this fragment contributes its output here.
            while segmentIndex < plan.segments.count, plan.segments[segmentIndex].pieces.first.map({ $0.fragment <= lastFragment }) ?? false {
                let produced = segmentOutput.next() ?? []
                if plan.segments[segmentIndex].rewritten {
                    current!.written += produced.map { (name: "", manifest: $0) }
                }
                segmentIndex += 1
            }
        }
        close()
        let kept = plan.fragments.enumerated().filter { !plan.replaced.contains($0.offset) }.map(\.element.name)
        let taken = Set(kept)
        for r in runs.indices {
            let names = runs[r].replaced.map(\.name)
            let upper = kept.first { ($0 + ".json") > (names.last! + ".json") }
            var chosen = Array(names.prefix(runs[r].written.count))
            let extra = runs[r].written.count - chosen.count
            if extra > 0 { chosen += suffixedNames(after: names.last!, below: upper, count: extra, taken: taken) }
            for w in runs[r].written.indices { runs[r].written[w].name = chosen[w] }
        }
        return runs
    }

    /// `count` names that sort after `last` and before `upper` (as `<name>.json` tree entries) and are
    /// not `taken`: `last_000001`…, or one level deeper when those collide.
    static func suffixedNames(after last: String, below upper: String?, count: Int, taken: Set<String>) -> [String] {
        let width = max(6, String(count).count)
        func pad(_ n: Int) -> String { let s = String(n); return String(repeating: "0", count: width - s.count) + s }
        var prefix = last
        while true {
            let names = (1...count).map { prefix + "_" + pad($0) }
            if names.allSatisfy({ name in !taken.contains(name) && (upper.map { (name + ".json") < ($0 + ".json") } ?? true) }) {
                return names
            }
            prefix += "_" + pad(0)
        }
    }
}
