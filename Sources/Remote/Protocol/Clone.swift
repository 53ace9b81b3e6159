import Foundation
import History
import Lake
import Storage

/// `clone`: a new local repository with the remote's history and manifests only — data objects are
/// read from the remote (through the cache) when first needed, or fetched with `checkout --hydrate`.
/// The remote becomes `origin` and the clone's promisor; its HEAD branch is checked out.
public struct Clone {
    public let settings: RemoteSettings
    public let cache: ObjectCache
    public let environment: [String: String]

    public init(settings: RemoteSettings, cache: ObjectCache, environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.settings = settings
        self.cache = cache
        self.environment = environment
    }

    public func run(into path: String, remoteName: String = "origin") throws -> (repository: Repository, fetch: FetchResult) {
        let remote = RemoteRepository(store: try openRemoteStore(settings, environment: environment), name: settings.url)
        let config = try remote.readConfig()
        let created = try Repository.create(at: path, config: config, withoutHistory: true)
        do {
            let configuration = RemoteConfiguration(created)
            try configuration.add(remoteName, settings)
            try configuration.setPromisor(remoteName)
            let repository = try Repository.open(at: created.path) { _ in
                CachedRemoteObjects(remote: remote.store, cache: cache, name: settings.url)
            }
            let fetch = try Fetch(repository: repository, remote: remote, remoteName: remoteName, cache: cache).run()
            let git = repository.history
            let branch = fetch.remoteHead.hasPrefix("refs/heads/") ? fetch.remoteHead : "refs/heads/main"
            let tracking = "refs/remotes/\(remoteName)/" + branch.dropFirst("refs/heads/".count)
            if let id = try git.resolveReference(tracking) {
                try git.updateReference(name: branch, to: id, expected: nil, reflogMessage: "clone: from \(settings.url)")
            }
            try git.setHead(symbolicTo: branch)
            return (repository, fetch)
        } catch {
            // A failed clone leaves nothing behind.
            try? FileManager.default.removeItem(atPath: created.path)
            throw error
        }
    }
}
