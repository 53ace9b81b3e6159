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
    public func run(commit: ObjectID, progress: @escaping TransferProgressHandler = { _ in }) throws -> (objects: Int, bytes: Int) {
        var source = repository.remoteObjects
        if let deferred = source as? DeferredObjectStore { source = try deferred.store }
        // Straight from the remote, not through the cache: the object is kept here from now on.
        let remote = (source as? CachedRemoteObjects)?.remote ?? source
        let name = (source as? CachedRemoteObjects)?.name ?? "the remote"
        return try run(commits: [commit], from: remote, name: name, progress: progress)
    }

    public func run(commits: [ObjectID], from remote: (any ObjectStore)?, name: String,
                    progress: @escaping TransferProgressHandler = { _ in }) throws -> (objects: Int, bytes: Int) {
        let local = repository.localObjects
        let wanted = try repository.dataObjects(ofCommits: commits).keys.filter { try local.size(of: $0.key) == nil }.sorted()
        guard !wanted.isEmpty else { return (0, 0) }
        guard let remote else { throw LakeError.objectNotLocal(wanted[0].hex) }
        let fetched = Mutexed((objects: 0, bytes: 0))
        let store = repository.writableObjects
        try parallelTransfers(wanted.count) { i in
            let hash = wanted[i]
            let bytes = try remote.get(hash.key)
            let actual = ObjectHash.of(bytes)
            guard actual == hash else {
                throw RemoteError.corruptRemote(name, "object \(hash.hex) has SHA-256 \(actual.hex)")
            }
            try store.putIfAbsent(hash.key, bytes)
            var now = (objects: 0, bytes: 0)
            fetched.mutate { $0.objects += 1; $0.bytes += bytes.count; now = $0 }
            progress(TransferProgress(phase: "fetching data objects", done: now.objects, total: wanted.count, bytes: now.bytes))
        }
        return (wanted.count, fetched.value.bytes)
    }
}
