import Foundation
import History
import Lake
import Storage

public struct FetchResult: Sendable {
    /// Remote-tracking refs and tags that changed: (local ref, old, new).
    public var updated: [(name: String, old: ObjectID?, new: ObjectID)] = []
    /// Tags the remote has that differ from local tags of the same name (kept as they are).
    public var conflictingTags: [String] = []
    public var packsFetched = 0
    /// History bytes, then data objects and their bytes (those only outside a lazy clone).
    public var bytesFetched = 0
    public var objectsFetched = 0
    public var objectBytesFetched = 0
    /// The branch the remote's HEAD names (`refs/heads/main`).
    public var remoteHead = ""
}

/// `fetch`: the remote's history (new packs only) into this repository, its branches as
/// `refs/remotes/<remote>/<branch>` and its tags as local tags where none of that name exists. In a lazy
/// clone data objects come when a read needs them (or by `checkout --hydrate`); a repository that is not
/// one holds every object its refs reach, so the new commits' objects are downloaded too.
public struct Fetch {
    public let repository: Repository
    public let remote: RemoteRepository
    public let remoteName: String
    public let cache: ObjectCache?

    public init(repository: Repository, remote: RemoteRepository, remoteName: String, cache: ObjectCache?) {
        self.repository = repository
        self.remote = remote
        self.remoteName = remoteName
        self.cache = cache
    }

    public func run() throws -> FetchResult {
        let git = repository.history
        guard let download = try HistoryDownload(remote: remote, cache: cache).run(into: git) else {
            throw RemoteError.notARemoteRepository(remote.name, "no \(RemoteRefs.key): nothing has been pushed there")
        }
        var result = FetchResult(packsFetched: download.packsFetched, bytesFetched: download.bytesFetched, remoteHead: download.refs.head)
        let prefix = "refs/remotes/\(remoteName)/"
        for (name, id) in download.refs.targets.sorted(by: { $0.key < $1.key }) {
            let local: String
            if name.hasPrefix("refs/heads/") {
                local = prefix + name.dropFirst("refs/heads/".count)
            } else {
                local = name
                if let existing = try git.resolveReference(local), existing != id {
                    result.conflictingTags.append(String(name.dropFirst("refs/tags/".count)))
                    continue
                }
            }
            let old = try git.resolveReference(local)
            guard old != id else { continue }
            try setReference(git, local, to: id, message: "fetch \(remoteName)")
            result.updated.append((local, old, id))
        }
        if repository.remoteObjects == nil {
            let fetched = try Hydrate(repository: repository).run(commits: result.updated.map(\.new), from: remote.store, name: remote.name)
            (result.objectsFetched, result.objectBytesFetched) = fetched
        }
        // Branches deleted on the remote: their tracking refs go too.
        for reference in try git.listReferences(prefix: prefix) {
            let branch = "refs/heads/" + reference.name.dropFirst(prefix.count)
            if download.refs.refs[branch] == nil { try git.deleteReference(reference.name) }
        }
        return result
    }
}
