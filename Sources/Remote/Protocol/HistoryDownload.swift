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

    /// Nil when the remote has no `refs.json` (nothing was ever pushed there).
    func run(into git: GitRepository) throws -> Result? {
        guard let (refs, version) = try remote.readRefs() else { return nil }
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
}
