import Columnar
import Foundation
import History

/// Merges the changes from `base` to `theirs` into `ours`, on manifests: the tree diff of each side
/// against the base says which fragments, records and schemas changed, and only what both sides changed
/// is looked at closely (a fragment both changed merges column by column; data is read only for a column
/// both rewrote). `revert` is this with the reverted commit as base and its parent as `theirs`.
struct ThreeWayMerge {
    let repository: Repository
    /// nil: unrelated histories (the empty tree).
    let base: ObjectID?
    let ours: ObjectID
    /// nil: the empty tree (reverting a root commit).
    let theirs: ObjectID?
    let strategy: MergeStrategy?

    private var git: GitRepository { repository.git }

    /// `indexes/genes/<table>/<dataset>` for a path inside a dataset's gene index; nil for other paths.
    static func geneIndexDirectory(_ path: String) -> String? {
        let parts = path.split(separator: "/")
        guard parts.count >= 5, parts[0] == "indexes", parts[1] == "genes" else { return nil }
        return parts[0..<4].joined(separator: "/")
    }

    /// Edits `editor` (over ours' tree) into the merged tree and returns the merged `dataset.json`.
    /// Throws `MergeConflicts` (and writes no commit) when something does not merge.
    func apply(to editor: inout TreeEditor) throws -> DatasetManifest {
        let oursChanges = Dictionary(try git.diffTrees(old: base, new: ours).map { ($0.path, $0) }, uniquingKeysWith: { a, _ in a })
        var structural: [String] = []
        var conflicts: [MergeConflict] = []
        var tableChanges: [String: [TreeChange]] = [:]
        var recordChanges: [TreeChange] = []
        // A dataset's gene index is one unit (a manifest and its chunks), derived from data: where ours
        // changed it, ours is kept whole; readers check an index against the merged fragments anyway.
        let oursIndexes = Set(oursChanges.keys.compactMap(Self.geneIndexDirectory))
        for change in try git.diffTrees(old: base, new: theirs) {
            let parts = change.path.split(separator: "/", omittingEmptySubsequences: false)
            if change.path == ManifestPaths.dataset { continue }  // recomputed below
            if let directory = Self.geneIndexDirectory(change.path), oursIndexes.contains(directory) { continue }
            if parts.count >= 3, parts[0] == "tables" { tableChanges[String(parts[1]), default: []].append(change); continue }
            if parts.count == 2, parts[0] == Substring(ManifestPaths.datasetsDirectory) { recordChanges.append(change); continue }
            if let mine = oursChanges[change.path] {
                if mine.newBlob != change.newBlob { structural.append("\(change.path) changed on both sides") }
                continue
            }
            if let blob = change.newBlob { try editor.upsert(change.path, blob: blob) } else { try editor.remove(change.path) }
        }
        let oursManifest = try ManifestPaths.readDataset(git, commit: ours)
        let theirsManifest = try theirs.map { try ManifestPaths.readDataset(git, commit: $0) } ?? DatasetManifest()
        let baseManifest = try base.map { try ManifestPaths.readDataset(git, commit: $0) } ?? DatasetManifest()
        let oursRecords = try ManifestPaths.readDatasetRecords(git, commit: ours)

        // Genes first: the datasets the other side imported need the merged gene ids.
        var genes: GeneRegistryMerge? = nil
        if let changes = tableChanges[SingleCellTables.genes], let theirs, theirsManifest.tables[SingleCellTables.genes] != nil {
            let added = try changes.filter { $0.oldBlob == nil && oursChanges[$0.path]?.newBlob != $0.newBlob }.compactMap { change in
                try change.newBlob.map { Fragment(table: SingleCellTables.genes, name: Self.fragmentName(change.path),
                                                  manifest: try decodeFragment($0, change.path)) }
            }
            let schema = try ManifestPaths.readSchema(git, commit: theirs, table: SingleCellTables.genes).schema
            genes = try GeneRegistryMerge(repository: repository, ours: ours, added: added, schema: schema)
        }
        let records = try DatasetRecordMerge(recordChanges, ours: oursChanges, oursRecords: oursRecords,
                                             renumberedGenes: genes?.renumbered ?? [:]) { id, path in
            try ManifestCoding.decode(DatasetRecord.self, from: try git.readBlob(id), path: path)
        }
        structural += records.structural
        for (name, record) in records.upserts {
            try editor.upsert(ManifestPaths.datasetRecord(name), data: Data(try ManifestCoding.encode(record)))
        }
        for name in records.removals { try editor.remove(ManifestPaths.datasetRecord(name)) }
        let offsets = Dictionary(oursRecords.map { ($0.name, $0.cellOffset) }, uniquingKeysWith: { a, _ in a })

        var tables = oursManifest.tables
        for (table, changes) in tableChanges.sorted(by: { $0.key < $1.key }) {
            let summary = try mergeTable(table, changes: changes, oursChanges: oursChanges,
                                         present: (base: baseManifest.tables[table] != nil, ours: oursManifest.tables[table] != nil,
                                                   theirs: theirsManifest.tables[table] != nil),
                                         genesAppended: table == SingleCellTables.genes ? genes?.appended : nil,
                                         cellOffsets: offsets, editor: &editor, conflicts: &conflicts, structural: &structural)
            tables[table] = summary
        }
        guard conflicts.isEmpty, structural.isEmpty else { throw MergeConflicts(conflicts: conflicts, structural: structural) }

        var merged = oursManifest
        merged.tables = tables
        // Sources: ours, less those the other side dropped (a reverted import), plus those it added.
        merged.sources = oursManifest.sources.filter { !(baseManifest.sources.contains($0) && !theirsManifest.sources.contains($0)) }
            + theirsManifest.sources.filter { !baseManifest.sources.contains($0) && !oursManifest.sources.contains($0) }
        return merged
    }

    /// Merges one table the other side changed; writes its fragments and schema into `editor` and returns
    /// its summary (nil when the table is gone).
    private func mergeTable(_ table: String, changes: [TreeChange], oursChanges: [String: TreeChange],
                            present: (base: Bool, ours: Bool, theirs: Bool), genesAppended: [FragmentManifest]?,
                            cellOffsets: [String: Int], editor: inout TreeEditor,
                            conflicts: inout [MergeConflict], structural: inout [String]) throws -> TableSummary? {
        let isGenes = table == SingleCellTables.genes
        let oursFragments = present.ours ? try ManifestPaths.readFragments(git, commit: ours, table: table) : []
        var fragments = Dictionary(oursFragments.map { ($0.name, $0.manifest) }, uniquingKeysWith: { a, _ in a })
        let oursSchema = present.ours ? try ManifestPaths.readSchema(git, commit: ours, table: table).schema : nil
        let theirsSchema = present.theirs ? try ManifestPaths.readSchema(git, commit: theirs!, table: table).schema : nil
        let baseSchema = present.base ? try ManifestPaths.readSchema(git, commit: base!, table: table).schema : nil
        // Both sides' columns, for merging fragments (the stored schema is settled once they are known).
        var union = oursSchema ?? theirsSchema ?? Schema([])
        if let oursSchema, let theirsSchema {
            union = try SingleCellTables.union(oursSchema, fixed: [], incoming: theirsSchema.fields, table: table, source: "the merged branch")
        }
        let fragmentPrefix = ManifestPaths.fragmentDirectory(table) + "/"
        let oursAppends = oursChanges.keys.contains { $0.hasPrefix(fragmentPrefix) }
        let merge = FragmentMerge(repository: repository, table: table, schema: union, strategy: strategy) { fragment, position in
            switch table {
            case SingleCellTables.cells:
                if let dataset = fragment.dataset, let offset = cellOffsets[dataset] {
                    return "cell_id \(offset + (fragment.datasetRow ?? 0) + position)"
                }
            case SingleCellTables.variables:
                if let dataset = fragment.dataset { return "dataset \(dataset) feature \((fragment.datasetRow ?? 0) + position)" }
            default: break
            }
            return "row \(fragment.rowOffset + position)"
        }
        var appended: [(name: String, manifest: FragmentManifest)] = []
        for change in changes where change.path.hasPrefix(fragmentPrefix) && change.path.hasSuffix(".json") {
            let name = Self.fragmentName(change.path)
            let mine = oursChanges[change.path]
            if let mine, mine.newBlob == change.newBlob { continue }
            switch (change.oldBlob, change.newBlob) {
            case (nil, let theirsBlob?):
                if !isGenes { appended.append((name, try decodeFragment(theirsBlob, change.path))) }
            case (_?, nil):
                if isGenes { continue }  // the registry only grows
                if mine != nil { structural.append("\(table): fragment \(name) was removed on one side and changed on the other (compact after merging)"); continue }
                fragments[name] = nil
            case (let baseBlob?, let theirsBlob?):
                let theirsManifest = try decodeFragment(theirsBlob, change.path)
                guard let mine else { fragments[name] = theirsManifest; continue }
                guard let oursBlob = mine.newBlob else {
                    structural.append("\(table): fragment \(name) was removed on one side and changed on the other (compact after merging)"); continue
                }
                do {
                    fragments[name] = try merge.merge(base: try decodeFragment(baseBlob, change.path), ours: try decodeFragment(oursBlob, change.path),
                                                      theirs: theirsManifest, conflicts: &conflicts)
                } catch let problem as FragmentMerge.Structural {
                    structural.append("\(table): fragment \(name): \(problem.reason)")
                }
            case (nil, nil):
                continue
            }
        }
        if let genesAppended { appended += genesAppended.map { ("", $0) } }
        // Appends from both sides: the other side's fragments follow this side's, renumbered.
        var next = (fragments.keys.compactMap(ManifestPaths.sequence(of:)).max() ?? -1) + 1
        for (name, manifest) in appended {
            if !oursAppends && !name.isEmpty && fragments[name] == nil {
                fragments[name] = manifest
            } else {
                while fragments[ManifestPaths.fragmentName(sequence: next)] != nil { next += 1 }
                fragments[ManifestPaths.fragmentName(sequence: next)] = manifest
                next += 1
            }
        }

        // The schema: three-way on columns, never dropping one a remaining fragment stores.
        let stored = Set(fragments.values.flatMap { $0.objects.flatMap(\.columns) })
        var schema: Schema?
        switch (oursSchema, theirsSchema) {
        case (nil, let theirsSchema): schema = theirsSchema
        case (let oursSchema?, nil): schema = fragments.isEmpty ? nil : oursSchema
        case (let oursSchema?, let theirsSchema?):
            schema = try mergeColumns(base: baseSchema, ours: oursSchema, theirs: theirsSchema, stored: stored, table: table, structural: &structural)
        }
        if fragments.isEmpty && !present.theirs { schema = nil }

        // Write: row offsets follow fragment order; only blobs that differ from ours are written.
        let oursByName = Dictionary(oursFragments.map { ($0.name, $0.manifest) }, uniquingKeysWith: { a, _ in a })
        var summary = TableSummary(rows: 0, fragments: 0, bytes: 0)
        var offset = 0
        for name in fragments.keys.sorted() {
            var manifest = fragments[name]!
            manifest.rowOffset = offset
            offset += manifest.rows
            summary.rows += manifest.liveRows
            summary.fragments += 1
            summary.bytes += manifest.bytes
            if oursByName[name] != manifest {
                try editor.upsert(ManifestPaths.fragment(table, name), data: Data(try ManifestCoding.encode(manifest)))
            }
        }
        for name in oursByName.keys where fragments[name] == nil { try editor.remove(ManifestPaths.fragment(table, name)) }
        guard let schema else {
            try editor.remove(ManifestPaths.tableDirectory(table))
            return nil
        }
        if schema != oursSchema { try editor.upsert(ManifestPaths.schema(table), data: Data(try ManifestCoding.encode(TableSchema(schema)))) }
        return summary
    }

    /// Columns: ours' order; a column the other side dropped goes (unless a fragment still stores it), one
    /// it added comes last; a type only one side changed takes that change, both changed: the promotion.
    private func mergeColumns(base: Schema?, ours: Schema, theirs: Schema, stored: Set<String>, table: String,
                              structural: inout [String]) throws -> Schema {
        var fields: [Field] = []
        for field in ours.fields {
            let before = base?.field(named: field.name)
            guard let other = theirs.field(named: field.name) else {
                if before == nil || before != field || stored.contains(field.name) { fields.append(field) }
                continue
            }
            var merged = field
            if other.type != field.type {
                if field.type == before?.type { merged.type = other.type }
                else if other.type != before?.type {
                    guard let promoted = field.type.promoted(with: other.type) else {
                        structural.append("\(table): column '\(field.name)' retyped to \(field.type) on one side and \(other.type) on the other")
                        continue
                    }
                    merged.type = promoted
                }
            }
            merged.nullable = field.nullable || other.nullable
            fields.append(merged)
        }
        for field in theirs.fields where ours.field(named: field.name) == nil && base?.field(named: field.name) == nil {
            fields.append(field)
        }
        return Schema(fields)
    }

    private func decodeFragment(_ blob: ObjectID, _ path: String) throws -> FragmentManifest {
        try ManifestCoding.decode(FragmentManifest.self, from: try git.readBlob(blob), path: path)
    }

    /// `000000000003` for `tables/t/fragments/000000000003.json`.
    static func fragmentName(_ path: String) -> String {
        String(path.split(separator: "/").last!.dropLast(".json".count))
    }
}
