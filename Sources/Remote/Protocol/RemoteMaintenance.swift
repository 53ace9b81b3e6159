import Foundation
import History
import Lake
import Storage

/// `fsck --remote` and `gc --remote`: a remote checked and cleaned in place, with reachability from its
/// `refs.json` (its history read through the mirror in the cache, as in-place reads do).
public struct RemoteMaintenance {
    public let remote: RemoteRepository
    public let settings: RemoteSettings
    public let access: RepositoryAccess

    public init(settings: RemoteSettings, access: RepositoryAccess) throws {
        self.settings = settings
        self.access = access
        remote = RemoteRepository(store: try openRemoteStore(settings, environment: access.environment), name: settings.url)
    }

    /// Checks the remote's history (packs, refs, every manifest) as `fsck` checks a local repository, then
    /// that every data object the refs reach is there with its recorded size and, unless `hashData` is
    /// false, downloads each and re-hashes it.
    public func checkIntegrity(hashData: Bool = true) throws -> IntegrityReport {
        let mirror = try access.remote(settings)
        var report = try mirror.checkIntegrity()
        report.notFetched = 0
        let listing = Dictionary(try remote.store.listDetailed(prefix: "objects/").compactMap { file in
            CachedRemoteObjects.hash(ofKey: file.key).map { ($0, file.bytes) }
        }, uniquingKeysWith: { first, _ in first })
        let needed = try reachableObjects(mirror)
        for (hash, bytes) in needed.sorted(by: { $0.key < $1.key }) {
            guard let size = listing[hash] else {
                report.problems.append(IntegrityProblem(.missingObject, hash.hex, at: settings.url, "not in objects/ on the remote"))
                continue
            }
            if size != bytes {
                report.problems.append(IntegrityProblem(.sizeMismatch, hash.hex, at: settings.url, "\(size) bytes, the manifest says \(bytes)"))
            }
        }
        report.objects = listing.count
        report.objectBytes = listing.values.reduce(0, +)
        guard hashData else { return report }
        let hashes = listing.keys.sorted()
        let problems = Mutexed<[IntegrityProblem]>([])
        let store = remote.store, url = settings.url
        try parallelTransfers(hashes.count) { i in
            let actual = ObjectHash.of(try store.get(hashes[i].key))
            if actual != hashes[i] {
                problems.mutate { $0.append(IntegrityProblem(.corruptObject, hashes[i].hex, at: url, "content hashes to \(actual.hex)")) }
            }
        }
        report.problems += problems.value.sorted { $0.subject < $1.subject }
        return report
    }

    public struct Collection: Sendable {
        public var reachable = 0
        public var keptRecent = 0
        public var deleted: [StoredFile] = []
        public var dryRun: Bool
        public var bytesFreed: Int { deleted.reduce(0) { $0 + $1.bytes } }
    }

    /// Deletes data objects no ref of `refs.json` reaches, packs `refs.json` does not list (left by killed
    /// pushes) and stale markers, each only when last modified before `cutoff`. Refuses while a push is in
    /// flight (its marker in `locks/`), and a push refuses while this runs.
    public func collectGarbage(prunedBefore cutoff: Date, dryRun: Bool) throws -> Collection {
        let id = UUID().uuidString.lowercased()
        let marker = try remote.writeMarker(kind: "gc", id: id)
        defer { try? remote.store.delete(marker) }
        if let push = try remote.liveMarkers(kind: "push").first {
            throw RemoteError.busy(remote.name, "a push is in flight (\(push.key)); run gc again when it has finished")
        }
        if let other = try remote.liveMarkers(kind: "gc").first(where: { $0.key != marker }) {
            throw RemoteError.busy(remote.name, "another gc is running (\(other.key))")
        }
        let mirror = try access.remote(settings)
        guard let (refs, _) = try remote.readRefs() else {
            throw RemoteError.notARemoteRepository(remote.name, "no \(RemoteRefs.key): nothing to collect")
        }
        let reachable = try reachableObjects(mirror)
        var result = Collection(dryRun: dryRun)
        for file in try remote.store.listDetailed(prefix: "objects/") {
            guard let hash = CachedRemoteObjects.hash(ofKey: file.key) else { continue }
            if reachable[hash] != nil { result.reachable += 1 }
            else if file.modified < cutoff { result.deleted.append(file) }
            else { result.keptRecent += 1 }
        }
        let listed = Set(refs.packs.map(\.name))
        for file in try remote.store.listDetailed(prefix: "git/objects/pack/") where file.modified < cutoff {
            let name = String(file.key.split(separator: "/").last!.split(separator: ".").first!)
            if !listed.contains(name) { result.deleted.append(file) }
        }
        let now = Date()
        for file in try remote.store.listDetailed(prefix: "locks/") where file.key != marker {
            if now.timeIntervalSince(file.modified) >= RemoteRepository.markerStaleAfter { result.deleted.append(file) }
        }
        guard !dryRun else { return result }
        let store = remote.store, deleted = result.deleted
        try parallelTransfers(deleted.count) { i in try store.delete(deleted[i].key) }
        return result
    }

    private func reachableObjects(_ mirror: Repository) throws -> [ObjectHash: Int] {
        let git = mirror.history
        let tips = try git.listReferences(prefix: "refs/").compactMap(\.target)
        return try mirror.dataObjects(ofCommits: try git.commits(reachableFrom: tips, excluding: []))
    }
}
