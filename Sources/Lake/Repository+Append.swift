import Columnar
import Foundation
import History
import Storage

/// What an append committed.
public struct AppendResult: Sendable {
    public var commit: ObjectID
    /// The branch moved, short name (e.g. `main`).
    public var branch: String?
    public var rows: Int
    public var fragments: Int
}

extension Repository {
    /// The schema `table` has at the current branch head, or nil if the table does not exist there.
    public func currentSchema(of table: String) throws -> Schema? {
        guard let commit = try currentBranch().commit else { return nil }
        let dataset = try ManifestPaths.readDataset(git, commit: commit)
        guard dataset.tables[table] != nil else { return nil }
        return try ManifestPaths.readSchema(git, commit: commit, table: table).schema
    }

    /// Appends every row of `source` to `table` (creating it) in one commit on the current branch.
    /// Nothing is committed if the source fails part-way.
    public func append(table: String, from source: BatchSource, message: String) throws -> AppendResult {
        try TableName.validate(table)
        guard !source.schema.fields.isEmpty else { throw LakeError.emptySource(source.displayName) }
        let branch = try currentBranch()  // the branch HEAD follows now receives the commit; refused when detached
        let target = try currentSchema(of: table).map {
            try SchemaCompatibility.appendTarget(table: table, existing: $0, incoming: source.schema, source: source.displayName)
        } ?? source.schema
        var writer = FragmentWriter(schema: target, config: config, objects: objects)
        var rows = 0
        try source.forEachBatch { batch in
            let aligned = try SchemaCompatibility.align(batch, to: target, table: table, source: source.displayName)
            try writer.append(aligned)
            rows += aligned.rowCount
        }
        let fragments = try writer.finish()
        let sourceRecord = try source.path.map { path in
            SourceRecord(table: table, path: path, sha256: try ObjectHash.ofFile(path).hex, rows: rows)
        }
        let (commit, movedBranch) = try commit(message: message, onto: branch) { editor, dataset, head in
            // Re-checked here: the table may have been created or changed since the objects were written.
            var summary = dataset.tables[table] ?? TableSummary(rows: 0, fragments: 0, bytes: 0)
            var nextSequence = 0
            if dataset.tables[table] != nil, let head {
                let schema = try ManifestPaths.readSchema(git, commit: head, table: table).schema
                if schema != target {
                    _ = try SchemaCompatibility.appendTarget(table: table, existing: schema, incoming: target, source: source.displayName)
                    guard schema == target else {
                        throw LakeError.conflict("table '\(table)' changed schema while \(source.displayName) was being written; load again")
                    }
                }
                let existing = try ManifestPaths.readFragments(git, commit: head, table: table)
                nextSequence = (existing.last.flatMap { ManifestPaths.sequence(of: $0.name) } ?? -1) + 1
            } else {
                _ = try editor.upsert(ManifestPaths.schema(table), data: Data(try ManifestCoding.encode(TableSchema(target))))
            }
            var rowOffset = summary.rows
            for (i, var fragment) in fragments.enumerated() {
                fragment.rowOffset = rowOffset
                rowOffset += fragment.rows
                let name = ManifestPaths.fragmentName(sequence: nextSequence + i)
                _ = try editor.upsert(ManifestPaths.fragment(table, name), data: Data(try ManifestCoding.encode(fragment)))
                summary.rows += fragment.liveRows
                summary.fragments += 1
                summary.bytes += fragment.bytes
            }
            dataset.tables[table] = summary
            if let sourceRecord { dataset.sources.append(sourceRecord) }
        }
        return AppendResult(commit: commit, branch: Self.shortBranchName(movedBranch),
                            rows: rows, fragments: fragments.count)
    }
}

/// Table names become tree paths: keep them to a safe, portable alphabet.
enum TableName {
    static func validate(_ name: String) throws {
        guard let first = name.unicodeScalars.first, first == "_" || (first.properties.isAlphabetic && first.isASCII),
              name.count <= 128,
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || $0 == "_" || $0 == "-") })
        else { throw LakeError.invalidTableName(name) }
    }
}
