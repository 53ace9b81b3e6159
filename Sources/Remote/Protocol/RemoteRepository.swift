import Foundation
import History
import Lake
import Storage

/// A repository on a remote store, seen as the push, fetch and maintenance protocols need it: its
/// `refs.json`, packs, data objects and in-flight markers. The layout is a local repository's
/// (DESIGN.md §3) plus `refs.json` and `locks/`.
public struct RemoteRepository: Sendable {
    public let store: any ObjectStore
    /// The URL, for messages.
    public let name: String

    public init(store: any ObjectStore, name: String) {
        self.store = store
        self.name = name
    }

    /// `refs.json` and the version it was read at, or nil for an empty remote.
    public func readRefs() throws -> (refs: RemoteRefs, version: ObjectVersion)? {
        guard let read = try store.getVersioned(RemoteRefs.key) else { return nil }
        return (try RemoteRefs.decode(read.bytes, remote: name), read.version)
    }

    /// The remote's `cairn.json`, checked as `Repository.open` checks a local one.
    public func readConfig() throws -> RepositoryConfig {
        let bytes: [UInt8]
        do { bytes = try store.get(Repository.configFile) } catch StorageError.notFound {
            throw RemoteError.notARemoteRepository(name, "no \(Repository.configFile)")
        }
        return try RepositoryConfig.decodeChecked(bytes, path: "\(name)/\(Repository.configFile)")
    }

    /// The data objects the remote holds (one LIST request per 1,000).
    public func objectHashes() throws -> Set<ObjectHash> {
        Set(try store.list(prefix: "objects/").compactMap(CachedRemoteObjects.hash(ofKey:)))
    }

    /// Refuses a store that ignores conditional writes: there every push would be last-writer-wins.
    /// Writes a probe object, replaces it with a wrong `If-Match`, which must be refused, and removes it.
    public func checkConditionalWrites() throws {
        let probe = "locks/probe-\(UUID().uuidString.lowercased())"
        try store.put(probe, Array("probe\n".utf8), if: .absent)
        defer { try? store.delete(probe) }
        do {
            try store.put(probe, Array("changed\n".utf8), if: .matches(ObjectVersion("\"00000000000000000000000000000000\"")))
        } catch StorageError.preconditionFailed {
            do {
                try store.put(probe, Array("again\n".utf8), if: .absent)
            } catch StorageError.preconditionFailed {
                return
            }
        }
        throw RemoteError.noConditionalWrites(name)
    }

    // MARK: in-flight markers

    /// A push or gc in progress on the remote, as `locks/<kind>-<id>.json` says. Pushes and collections
    /// each write their own marker first and then look for the other kind's, so of two that overlap at
    /// least one sees the other (the store is strongly consistent); markers older than `staleAfter`
    /// belong to killed processes and are ignored.
    public struct Marker: Sendable {
        public var key: String
        public var kind: String
        public var modified: Date
    }

    public static let markerStaleAfter: TimeInterval = 6 * 3600

    func writeMarker(kind: String, id: String) throws -> String {
        let key = "locks/\(kind)-\(id).json"
        let body = "{\"kind\":\"\(kind)\",\"host\":\"\(ProcessInfo.processInfo.hostName)\",\"pid\":\(getpid()),\"started\":\"\(ISO8601DateFormatter().string(from: Date()))\"}\n"
        try store.put(key, Array(body.utf8), if: .absent)
        return key
    }

    func liveMarkers(kind: String, now: Date = Date()) throws -> [Marker] {
        try store.listDetailed(prefix: "locks/\(kind)-").compactMap { file in
            guard now.timeIntervalSince(file.modified) < Self.markerStaleAfter else { return nil }
            return Marker(key: file.key, kind: kind, modified: file.modified)
        }
    }
}

extension RepositoryConfig {
    /// Decodes a `cairn.json` and refuses a format this cairn cannot read.
    static func decodeChecked(_ bytes: [UInt8], path: String) throws -> RepositoryConfig {
        let config: RepositoryConfig
        do { config = try JSONDecoder().decode(RepositoryConfig.self, from: Data(bytes)) } catch {
            throw RemoteError.notARemoteRepository(path, "not a cairn repository config")
        }
        guard config.format == "cairn" else { throw RemoteError.notARemoteRepository(path, "not a cairn repository config") }
        guard config.formatVersion <= RepositoryConfig.currentFormatVersion else {
            throw RemoteError.notARemoteRepository(path, "repository format version \(config.formatVersion) is newer than this cairn: upgrade cairn")
        }
        return config
    }
}
