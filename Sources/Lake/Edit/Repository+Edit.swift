import Columnar
import Foundation
import History

extension Repository {
    /// Starts edits on the branch HEAD follows, against its current head (refused when HEAD is detached
    /// or the branch has no commit).
    public func beginEdits() throws -> TableEdits {
        let branch = try currentBranch()
        guard let commit = branch.commit else { throw LakeError.invalidArgument("nothing to edit: the branch has no commit") }
        return TableEdits(base: try Snapshot(repository: self, commit: commit, revision: Self.shortBranchName(branch.reference)), branch: branch)
    }

    /// Commits `edits` to the branch they began on. Under the repository lock, on the branch's current
    /// head: when the branch moved since `edits.base`, the fragments and columns the edits rewrote or read
    /// must be as they were (else `LakeError.conflict`, nothing committed); everything else that
    /// happened there (other datasets imported, other columns rewritten) is kept and the edits re-applied.
    @discardableResult
    public func commit(_ edits: TableEdits, message: String) throws -> (commit: ObjectID, branch: String) {
        EditPause.reached()
        let (commit, reference) = try commit(message: message, onto: edits.branch) { editor, dataset, head in
            guard let head else { throw LakeError.conflict("the branch lost its commits during the edit; nothing was committed") }
            let moved = head != edits.base.commit
            for table in edits.tables {
                guard var summary = dataset.tables[table] else {
                    throw LakeError.conflict("table '\(table)' was removed on the branch during the edit; nothing was committed")
                }
                let current = try ManifestPaths.readFragments(git, commit: head, table: table)
                let byName = Dictionary(uniqueKeysWithValues: current.map { ($0.name, $0.manifest) })
                let changes = edits.fragments[table] ?? [:]
                if moved {
                    try EditMerge.check(table: table, base: try edits.base.fragments(of: table), current: byName,
                                        columns: (edits.reads[table] ?? []).union(changes.values.flatMap(\.rewrittenColumns)),
                                        deleting: Set(changes.filter { $0.value.deletionVector != nil }.keys))
                }
                for (name, change) in changes.sorted(by: { $0.key < $1.key }) {
                    guard let before = byName[name] else {
                        throw LakeError.conflict("fragment \(table)/\(name) was removed on the branch during the edit; nothing was committed")
                    }
                    let after = change.applied(to: before)
                    _ = try editor.upsert(ManifestPaths.fragment(table, name), data: Data(try ManifestCoding.encode(after)))
                    summary.rows += after.liveRows - before.liveRows
                    summary.bytes += after.bytes - before.bytes
                }
                dataset.tables[table] = summary
                if let added = edits.addedColumns[table], !added.isEmpty {
                    var schema = try ManifestPaths.readSchema(git, commit: head, table: table).schema
                    let baseSchema = try edits.base.schema(of: table)
                    for field in added {
                        if schema.field(named: field.name) != nil {
                            // Someone else added it meanwhile (it was not there when the edit began).
                            guard baseSchema.field(named: field.name) != nil else {
                                throw LakeError.conflict("column '\(field.name)' was added to table '\(table)' on the branch during the edit; nothing was committed")
                            }
                            continue
                        }
                        schema = Schema(schema.fields + [field])
                    }
                    _ = try editor.upsert(ManifestPaths.schema(table), data: Data(try ManifestCoding.encode(TableSchema(schema))))
                }
            }
            for (name, change) in edits.records.sorted(by: { $0.key < $1.key }) {
                let path = ManifestPaths.datasetRecord(name)
                guard let data = try git.blob(at: path, in: head) else {
                    throw LakeError.conflict("dataset '\(name)' was removed on the branch during the edit; nothing was committed")
                }
                let record = try ManifestCoding.decode(DatasetRecord.self, from: data, path: "\(head.abbreviated()):\(path)")
                _ = try editor.upsert(path, data: Data(try ManifestCoding.encode(change.applied(to: record))))
            }
        }
        return (commit, Self.shortBranchName(reference))
    }
}

/// Whether edits computed on one version still hold on the branch's current head.
enum EditMerge {
    /// Throws a conflict when a fragment the edits saw is gone, when an object holding one of `columns`
    /// changed in a fragment (someone rewrote what the edits read or rewrote), or when a fragment whose
    /// rows the edits delete got a different deletion vector. Fragments added meanwhile are not the
    /// edits' business.
    static func check(table: String, base: [Fragment], current: [String: FragmentManifest], columns: Set<String>, deleting: Set<String>) throws {
        for fragment in base {
            guard let now = current[fragment.name] else {
                throw LakeError.conflict("fragment \(table)/\(fragment.name) was removed on the branch during the edit; nothing was committed")
            }
            for column in columns.sorted() {
                let before = fragment.manifest.objects.first { $0.columns.contains(column) }?.hash
                let after = now.objects.first { $0.columns.contains(column) }?.hash
                if before != after {
                    throw LakeError.conflict("column '\(column)' of table '\(table)' changed on the branch since this edit began (another write landed first); nothing was committed, run it again")
                }
            }
            if deleting.contains(fragment.name) && fragment.manifest.deletionVector != now.deletionVector {
                throw LakeError.conflict("rows of table '\(table)' were deleted on the branch since this edit began; nothing was committed, run it again")
            }
        }
    }
}
