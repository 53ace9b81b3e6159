import History
import Lake
import Storage

/// Data objects of some commits made local, each checked against its SHA-256: `checkout --hydrate`
/// (a version read offline and reproducibly), and `fetch` into a repository that is not a lazy clone
/// (which must hold every object its refs reach).
public struct Hydrate {
    public let repository: Repository

    public init(repository: Repository) { self.repository = repository }

    /// Fetches from the repository's promisor remote. Returns how many objects and bytes were fetched.
    public func run(commit: ObjectID, progress: (String) -> Void = { _ in }) throws -> (objects: Int, bytes: Int) {
        let source = repository.remoteObjects
        // Straight from the remote, not through the cache: the object is kept here from now on.
        let remote = (source as? CachedRemoteObjects)?.remote ?? source
        let name = (source as? CachedRemoteObjects)?.name ?? "the remote"
        return try run(commits: [commit], from: remote, name: name, progress: progress)
    }

    public func run(commits: [ObjectID], from remote: (any ObjectStore)?, name: String,
                    progress: (String) -> Void = { _ in }) throws -> (objects: Int, bytes: Int) {
        let local = repository.localObjects
        let wanted = try repository.dataObjects(ofCommits: commits).keys.filter { try local.size(of: $0.key) == nil }.sorted()
        guard !wanted.isEmpty else { return (0, 0) }
        guard let remote else { throw LakeError.objectNotLocal(wanted[0].hex) }
        progress("fetching \(wanted.count) data object\(wanted.count == 1 ? "" : "s")")
        let fetched = Mutexed(0)
        let store = repository.writableObjects
        try parallelTransfers(wanted.count) { i in
            let hash = wanted[i]
            let bytes = try remote.get(hash.key)
            let actual = ObjectHash.of(bytes)
            guard actual == hash else {
                throw RemoteError.corruptRemote(name, "object \(hash.hex) has SHA-256 \(actual.hex)")
            }
            try store.putIfAbsent(hash.key, bytes)
            fetched.mutate { $0 += bytes.count }
        }
        return (wanted.count, fetched.value)
    }
}
