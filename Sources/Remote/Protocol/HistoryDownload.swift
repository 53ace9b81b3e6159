import Foundation
import History
import Storage

/// Brings a remote's history into a local git repository: the packs `refs.json` lists that the
/// repository lacks, each checked against its SHA-256 and then indexed by git (which checks every
/// object in it). Data objects are not touched.
struct HistoryDownload {
    let remote: RemoteRepository
    let cache: ObjectCache?

    struct Result {
        var refs: RemoteRefs
        var version: ObjectVersion
        var packsFetched = 0
        var bytesFetched = 0
    }

    /// Nil when the remote has no `refs.json` and is not a copied repository (nothing was pushed there).
    func run(into git: GitRepository) throws -> Result? {
        guard let (refs, version) = try remote.readRefs() else { return try copiedRepository(into: git) }
        var result = Result(refs: refs, version: version)
        let have = git.packNames()
        let wanted = refs.packs.filter { !have.contains($0.name) }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-packs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let fetchedBytes = Mutexed(0)
        // Downloads in parallel; git indexes one pack at a time.
        try parallelTransfers(wanted.count, width: 8) { i in
            let pack = wanted[i]
            let hash = ObjectHash(hex: pack.sha256)!
            var bytes = cache?.object(hash)
            if bytes == nil {
                let downloaded = try remote.store.get(RemoteRefs.packKey(pack.name))
                guard ObjectHash.of(downloaded) == hash else {
                    throw RemoteError.corruptRemote(remote.name, "pack \(pack.name) does not match the SHA-256 refs.json records")
                }
                fetchedBytes.mutate { $0 += downloaded.count }
                try? cache?.storeObject(hash, downloaded)
                bytes = downloaded
            }
            guard FileManager.default.createFile(atPath: "\(scratch)/\(pack.name).pack", contents: Data(bytes!)) else {
                throw StorageError.io("cannot write '\(scratch)/\(pack.name).pack'", errno: errno)
            }
        }
        for pack in wanted {
            let name: String
            do { name = try git.indexPack(at: "\(scratch)/\(pack.name).pack") } catch let error as HistoryError {
                throw RemoteError.corruptRemote(remote.name, "pack \(pack.name) does not index: \(error)")
            }
            guard name == pack.name else { throw RemoteError.corruptRemote(remote.name, "pack \(pack.name) is really \(name)") }
        }
        result.packsFetched = wanted.count
        result.bytesFetched = fetchedBytes.value
        // Every ref must name an object the packs brought: a ref is never trusted ahead of its history.
        for (name, id) in refs.targets.sorted(by: { $0.key < $1.key }) where !git.contains(id) {
            throw RemoteError.corruptRemote(remote.name, "\(RemoteRefs.key): \(name) points at \(id.hex), which no listed pack holds")
        }
        return result
    }

    /// A repository copied to the store with a sync tool has no `refs.json`: its whole `git/` directory
    /// is downloaded (a LIST, then every file), opened as a repository, and everything its branches and
    /// tags reach is moved into `git` as one pack. The refs are the copy's own.
    private func copiedRepository(into git: GitRepository) throws -> Result? {
        guard try remote.store.exists("git/HEAD") else { return nil }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-copy-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let keys = try remote.store.list(prefix: "git/").filter { key in
            let parts = key.split(separator: "/", omittingEmptySubsequences: false)
            return !parts.contains { $0.isEmpty || $0 == "." || $0 == ".." } && (key == "git/HEAD" || key == "git/packed-refs"
                || key.hasPrefix("git/refs/") || key.hasPrefix("git/objects/")) && !key.hasSuffix(".lock")
        }
        let store = remote.store
        try parallelTransfers(keys.count) { i in
            let path = "\(scratch)/\(keys[i])"
            try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            guard FileManager.default.createFile(atPath: path, contents: Data(try store.get(keys[i]))) else {
                throw StorageError.io("cannot write '\(path)'", errno: errno)
            }
        }
        for directory in ["refs", "objects"] {
            try FileManager.default.createDirectory(atPath: "\(scratch)/git/\(directory)", withIntermediateDirectories: true)
        }
        let copy: GitRepository
        do { copy = try GitRepository.open(at: scratch + "/git") } catch {
            throw RemoteError.corruptRemote(remote.name, "git/ is not a git repository (\(error))")
        }
        var targets: [String: String] = [:]
        for reference in try copy.listReferences(prefix: "refs/") where RemoteRefs.isPlainReferenceName(reference.name) {
            if let target = reference.target { targets[reference.name] = target.hex }
        }
        let head = try copy.head.symbolicTarget ?? "refs/heads/main"
        let tips = targets.values.compactMap { ObjectID(hex: $0) }
        if let pack = try copy.writePack(tips: tips, excluding: [], into: scratch + "/pack") {
            try git.indexPack(at: pack.packPath)
        }
        let refs = RemoteRefs(push: "", head: head, refs: targets, packs: [])
        return Result(refs: refs, version: ObjectVersion(""), packsFetched: 0, bytesFetched: 0)
    }
}
