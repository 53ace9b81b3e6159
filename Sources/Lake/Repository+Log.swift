import History

/// How a commit changed one table.
public struct TableChange: Hashable, Sendable {
    public enum SchemaChange: String, Sendable { case unchanged, created, changed, dropped }

    public var table: String
    public var rowsAdded = 0
    public var rowsRemoved = 0
    public var fragmentsAdded = 0
    public var fragmentsRemoved = 0
    public var bytesAdded = 0
    public var bytesRemoved = 0
    public var schemaChange = SchemaChange.unchanged
}

/// A commit and, per touched table, what it added and removed relative to its first parent.
public struct CommitChanges: Sendable {
    public var commit: Commit
    public var tables: [TableChange]
}

extension Repository {
    /// Commits reachable from `revision` (default HEAD), newest first.
    public func log(from revision: String?, limit: Int?) throws -> [Commit] {
        try git.log(from: resolve(revision), limit: limit)
    }

    /// What the commit at `revision` changed, from the tree diff against its first parent: fragments whose
    /// manifest blob appeared count as added, those that disappeared as removed.
    public func changes(at revision: String?) throws -> CommitChanges {
        let commit = try git.commit(resolve(revision))
        let parent = commit.parents.first
        var tables: [String: TableChange] = [:]
        for change in try git.diffTrees(old: parent.map { try git.commit($0).tree }, new: commit.tree) {
            let parts = change.path.split(separator: "/")
            guard parts.count >= 3, parts[0] == "tables" else { continue }
            let table = String(parts[1])
            var entry = tables[table] ?? TableChange(table: table)
            if parts.count == 3 && parts[2] == "schema.json" {
                entry.schemaChange = change.oldBlob == nil ? .created : (change.newBlob == nil ? .dropped : .changed)
            } else if parts.count == 4 && parts[2] == "fragments" {
                if let old = change.oldBlob {
                    let fragment = try ManifestCoding.decode(FragmentManifest.self, from: git.readBlob(old), path: change.path)
                    entry.fragmentsRemoved += 1
                    entry.rowsRemoved += fragment.liveRows
                    entry.bytesRemoved += fragment.bytes
                }
                if let new = change.newBlob {
                    let fragment = try ManifestCoding.decode(FragmentManifest.self, from: git.readBlob(new), path: change.path)
                    entry.fragmentsAdded += 1
                    entry.rowsAdded += fragment.liveRows
                    entry.bytesAdded += fragment.bytes
                }
            }
            tables[table] = entry
        }
        return CommitChanges(commit: commit, tables: tables.values.sorted { $0.table < $1.table })
    }
}
