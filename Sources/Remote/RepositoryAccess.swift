import Foundation
import History
import Lake
import Storage

/// How a command reaches the repository it names: a local one (whose missing objects, in a lazy
/// clone, come from its promisor remote through the cache), or a remote read in place.
public struct RepositoryAccess {
    public let cache: () throws -> ObjectCache
    public let environment: [String: String]

    public init(cache: @escaping () throws -> ObjectCache, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.cache = cache
        self.environment = environment
    }

    /// The local repository containing `directory`.
    public func local(from directory: String) throws -> Repository {
        try Repository.discover(from: directory) { repository in try promisorObjects(of: repository) }
    }

    /// The local repository at exactly `path`.
    public func local(at path: String) throws -> Repository {
        try Repository.open(at: path) { repository in try promisorObjects(of: repository) }
    }

    /// The store a repository reads missing objects from: its promisor remote through the cache, made
    /// when first needed.
    func promisorObjects(of repository: Repository) throws -> (any ObjectStore)? {
        let configuration = RemoteConfiguration(repository)
        guard let name = try configuration.promisor() else { return nil }
        let settings = try configuration.settings(name)
        let environment = environment, cache = cache
        return DeferredObjectStore {
            CachedRemoteObjects(remote: try openRemoteStore(settings, environment: environment), cache: try cache(), name: settings.url)
        }
    }

    /// A remote read in place (`-C s3://…`): its history is kept in a mirror repository inside the cache
    /// (`mirrors/<hash of the URL>`), brought up to date from `refs.json` — one GET when nothing was
    /// pushed since — and its data objects are read through the cache. Its refs are the remote's.
    public func remote(_ settings: RemoteSettings) throws -> Repository {
        let cache = try cache()
        let remote = RemoteRepository(store: try openRemoteStore(settings, environment: environment), name: settings.url)
        let location = try RemoteLocation(parsing: settings.url)
        let directory = "\(cache.directory)/mirrors/\(ObjectHash.of(Array(location.description.utf8)).hex.prefix(24))"
        try FileManager.default.createDirectory(atPath: cache.directory + "/mirrors", withIntermediateDirectories: true)
        // One process updates a mirror at a time.
        let lock = try FileLock(path: directory + ".lock", mode: .exclusive)
        defer { lock.unlock() }
        let mirror: Repository
        if FileManager.default.fileExists(atPath: directory + "/" + Repository.configFile) {
            mirror = try Repository.open(at: directory)
        } else {
            try? FileManager.default.removeItem(atPath: directory)
            mirror = try Repository.create(at: directory, config: try remote.readConfig(), withoutHistory: true)
        }
        guard let download = try HistoryDownload(remote: remote, cache: nil).run(into: mirror.history) else {
            throw RemoteError.notARemoteRepository(settings.url, "no \(RemoteRefs.key): nothing has been pushed there")
        }
        let git = mirror.history
        let targets = download.refs.targets
        for reference in try git.listReferences(prefix: "refs/") where targets[reference.name] == nil {
            try git.deleteReference(reference.name)
        }
        for (name, id) in targets { try setReference(git, name, to: id, message: "mirror \(settings.url)") }
        if !download.refs.head.isEmpty { try git.setHead(symbolicTo: download.refs.head) }
        return try Repository.open(at: directory) { _ in CachedRemoteObjects(remote: remote.store, cache: cache, name: settings.url) }
    }
}
