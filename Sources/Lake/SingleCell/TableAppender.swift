import Columnar
import Foundation
import History

/// Appends fragments to tables inside one commit: continues each table's fragment numbering and row
/// offsets from the head being committed on, and rewrites a table's schema only when it grows.
struct TableAppender {
    let repository: Repository
    let head: ObjectID?
    /// Tables touched so far: their schema (nil while new) and next fragment number.
    private var schemas: [String: Schema] = [:]
    private var nextSequence: [String: Int] = [:]

    init(repository: Repository, head: ObjectID?) {
        self.repository = repository
        self.head = head
    }

    /// Returns the names and blobs the fragments got.
    @discardableResult
    mutating func append(_ table: String, fragments: [FragmentManifest], schema grow: (Schema?) throws -> Schema,
                         editor: inout TreeEditor, summary: inout DatasetManifest) throws -> [(name: String, blob: ObjectID)] {
        if nextSequence[table] == nil {
            if summary.tables[table] != nil, let head {
                schemas[table] = try ManifestPaths.readSchema(repository.git, commit: head, table: table).schema
                nextSequence[table] = (try ManifestPaths.readFragments(repository.git, commit: head, table: table).last.flatMap { ManifestPaths.sequence(of: $0.name) } ?? -1) + 1
            } else {
                nextSequence[table] = 0
            }
        }
        let current = schemas[table]
        let grown = try grow(current)
        if grown != current {
            _ = try editor.upsert(ManifestPaths.schema(table), data: Data(try ManifestCoding.encode(TableSchema(grown))))
            schemas[table] = grown
        }
        var entry = summary.tables[table] ?? TableSummary(rows: 0, fragments: 0, bytes: 0)
        var written: [(name: String, blob: ObjectID)] = []
        for var fragment in fragments {
            fragment.rowOffset = entry.rows
            let name = ManifestPaths.fragmentName(sequence: nextSequence[table]!)
            nextSequence[table]! += 1
            written.append((name, try editor.upsert(ManifestPaths.fragment(table, name), data: Data(try ManifestCoding.encode(fragment)))))
            entry.rows += fragment.liveRows
            entry.fragments += 1
            entry.bytes += fragment.bytes
        }
        summary.tables[table] = entry
        return written
    }
}
