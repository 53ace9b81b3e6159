import Columnar
import Foundation
import History
import Parquet

/// One fragment of a table at a version: its name in the tree and its manifest.
public struct Fragment: Hashable, Sendable {
    public let table: String
    /// The blob name under `tables/<table>/fragments/` (without `.json`); names sort in row order.
    public let name: String
    public let manifest: FragmentManifest
}

/// A repository pinned at one commit. Everything it reads comes from that commit's tree.
public final class Snapshot {
    public let repository: Repository
    public let commit: ObjectID
    /// The revision as the user spelled it, for messages.
    public let revision: String
    public let manifest: DatasetManifest

    init(repository: Repository, commit: ObjectID, revision: String) throws {
        self.repository = repository
        self.commit = commit
        self.revision = revision
        self.manifest = try ManifestPaths.readDataset(repository.git, commit: commit)
    }

    public var tableNames: [String] { manifest.tables.keys.sorted() }

    /// The imported single-cell datasets, in cell-id order (read once: every scan of a single-cell table
    /// needs them, and decoding their panels is not free).
    public func datasets() throws -> [DatasetRecord] {
        try memoized("datasets") { try ManifestPaths.readDatasetRecords(repository.git, commit: commit) }
    }

    private func recordsByName() throws -> [String: DatasetRecord] {
        Dictionary(uniqueKeysWithValues: try datasets().map { ($0.name, $0) })
    }

    public func schema(of table: String) throws -> Schema {
        guard manifest.tables[table] != nil else { throw LakeError.unknownTable(table, revision: revision) }
        return try memoized("schema/\(table)") { try ManifestPaths.readSchema(repository.git, commit: commit, table: table).schema }
    }

    /// The table's fragments in row order.
    /// Read once per table: a stream, a slice or a merge asks for the same table's fragments several times,
    /// and decoding hundreds of manifests is most of the cost.
    public func fragments(of table: String) throws -> [Fragment] {
        guard manifest.tables[table] != nil else { throw LakeError.unknownTable(table, revision: revision) }
        return try memoized("fragments/\(table)") { try ManifestPaths.readFragments(repository.git, commit: commit, table: table) }
    }

    /// `make()`'s value, computed once per key for the life of the snapshot (what a version holds never
    /// changes: records, manifests, tree listings, index offsets). The lock is held while it is made, so
    /// threads asking at once wait for the one making it; recursive, as one value may need another.
    func memoized<T>(_ key: String, _ make: () throws -> T) throws -> T {
        cacheLock.lock()
        defer { cacheLock.unlock() }
        if let value = memos[key] as? T { return value }
        let value = try make()
        memos[key] = value
        return value
    }
    private var memos: [String: Any] = [:]
    private let cacheLock = NSRecursiveLock()

    /// Calls `body` with the live rows of the table, a batch at a time (at most one row group per batch
    /// when a fragment is a single object), in row order. Fragments `include` rejects are not read (a
    /// query skips those whose statistics rule out its predicate), and rows `prefilter` drops are dropped
    /// before any derived column is computed.
    public func scan(_ table: String, columns: [String]? = nil, include: ((Fragment) -> Bool)? = nil,
                     prefilter: RowPrefilter? = nil, _ body: (RecordBatch) throws -> Void) throws {
        let schema = try schema(of: table)
        let wanted = columns ?? schema.names
        for name in wanted where schema.index(of: name) == nil {
            throw LakeError.unknownColumn(name, table: table)
        }
        let derivation = SingleCellTables.isDerived(table)
            ? SingleCellTables.derivation(for: table, records: try recordsByName()) : nil
        let chosen = try fragments(of: table).filter { include?($0) ?? true }
        try read(chosen, columns: wanted, reader: { fragment in
            var reader = FragmentReader(repository: repository, fragment: fragment, schema: schema, derivation: derivation)
            reader.prefilter = prefilter
            return reader
        }, transform: { $0 }, body)
    }

    /// Reads `fragments` on every core, `transform` applied on the reading threads, and hands the results
    /// to `body` in fragment order (a window of fragments ahead, one per core and one more unless given, so
    /// memory stays bounded).
    /// With `copy`, row groups the reader offers as stored (`FragmentReader.wantsStored`) go to `copy`
    /// instead, on the reading threads; a group it returns nil for is decoded.
    func read<T>(_ fragments: [Fragment], columns: [String], reader: (Fragment) -> FragmentReader,
                 transform: (RecordBatch) throws -> T, copy: ((StoredRowGroup) throws -> T?)? = nil, window: Int? = nil,
                 _ body: (T) throws -> Void) throws {
        // With fragments in parallel, a read's columns decode on its own thread.
        let parallelColumns = fragments.count < OrderedParallelMap.defaultWorkers
        try OrderedParallelMap.run(count: fragments.count, window: window, { i in
            var fragmentReader = reader(fragments[i])
            fragmentReader.parallelColumns = parallelColumns
            var results: [T] = []
            if let copy {
                fragmentReader.takeStored = { stored in
                    guard let result = try copy(stored) else { return false }
                    results.append(result)
                    return true
                }
            }
            try fragmentReader.read(columns: columns) { results.append(try transform($0)) }
            return results
        }, consume: { results in
            for result in results { try body(result) }
        })
    }
}
