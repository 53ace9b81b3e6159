import Foundation
import History
import Lake
import Storage

/// One ref a push sets on the remote.
public struct PushedReference: Sendable {
    /// The full name on the remote (`refs/heads/main`, `refs/tags/v1`).
    public var name: String
    public var old: ObjectID?
    public var new: ObjectID
    public var forced: Bool
    public var upToDate: Bool { old == new }
}

public struct PushResult: Sendable {
    public var references: [PushedReference] = []
    public var objectsSent = 0
    public var objectBytesSent = 0
    /// The history pack sent, if any commit was new to the remote.
    public var pack: String?
    public var packBytesSent = 0
}

/// `push`: data objects first, then history, then refs — atomically. Uploads only what the remote
/// lacks (data objects by content id, history as one pack), checks that every object the new refs
/// reach is on the remote, then replaces `refs.json` in one conditional write. A remote ref is never
/// visible before everything it reaches; a push that lost a race is re-checked against the new refs
/// and either retried (the other push touched other refs, or ours still fast-forwards) or rejected.
public struct Push {
    public let repository: Repository
    public let remote: RemoteRepository
    /// The remote's name in this repository (its tracking refs are moved after the push), or nil for a URL.
    public let remoteName: String?
    public var force = false

    public init(repository: Repository, remote: RemoteRepository, remoteName: String?, force: Bool = false) {
        self.repository = repository
        self.remote = remote
        self.remoteName = remoteName
        self.force = force
    }

    /// Resolves what the user named (`main`, `v2026.1`, `main:release`, empty: the current branch) to
    /// (local full ref, remote full ref) pairs.
    public func referenceSpecs(_ names: [String]) throws -> [(local: String, remote: String)] {
        let git = repository.history
        if names.isEmpty {
            guard let branch = try git.head.symbolicTarget else {
                throw LakeError.invalidArgument("HEAD is detached: name the branch or tag to push")
            }
            return [(branch, branch)]
        }
        return try names.map { spec in
            let parts = spec.split(separator: ":", maxSplits: 1).map(String.init)
            guard let source = parts.first, !source.isEmpty,
                  let local = try git.resolveReferenceName(source), local.hasPrefix("refs/heads/") || local.hasPrefix("refs/tags/") else {
                throw LakeError.invalidArgument("cannot push '\(spec)': no branch or tag by that name")
            }
            var target = local
            if parts.count == 2 {
                let kind = local.hasPrefix("refs/tags/") ? "refs/tags/" : "refs/heads/"
                target = parts[1].hasPrefix("refs/") ? parts[1] : kind + parts[1]
            }
            guard RemoteRefs.isPlainReferenceName(target) else { throw LakeError.invalidArgument("cannot push to '\(target)': not a valid branch or tag name") }
            return (local, target)
        }
    }

    public func run(_ specs: [(local: String, remote: String)], progress: @escaping TransferProgressHandler = { _ in }) throws -> PushResult {
        let git = repository.history
        let configuration = RemoteConfiguration(repository)
        if let remoteName, try !configuration.conditionalWritesChecked(remoteName) {
            try remote.checkConditionalWrites()
            try configuration.recordConditionalWritesChecked(remoteName)
        } else if remoteName == nil {
            try remote.checkConditionalWrites()
        }
        let pushID = UUID().uuidString.lowercased()
        let marker = try remote.writeMarker(kind: "push", id: pushID)
        defer { try? remote.store.delete(marker) }
        if let gc = try remote.liveMarkers(kind: "gc").first {
            throw RemoteError.busy(remote.name, "a gc is running there (\(gc.key), started \(ISO8601DateFormatter().string(from: gc.modified))); push again when it has finished")
        }

        var current = try remote.readRefs()
        var updates: [PushedReference] = []
        for spec in specs {
            guard let new = try git.resolveReference(spec.local) else { throw LakeError.invalidArgument("'\(spec.local)' does not exist") }
            let old = current?.refs.targets[spec.remote]
            let forced = try checkUpdate(spec.remote, old: old, new: new)
            updates.append(PushedReference(name: spec.remote, old: old, new: new, forced: forced))
        }
        var result = PushResult(references: updates)
        let changing = updates.filter { !$0.upToDate }
        guard !changing.isEmpty else { return result }

        if current == nil {
            try remote.store.putIfAbsent(Repository.configFile, try repository.localObjects.get(Repository.configFile))
        }
        // 1. Data objects: every one the new refs reach that the remote lacks.
        let tips = changing.map(\.new)
        let needed = try repository.dataObjects(ofCommits: try git.commits(reachableFrom: tips, excluding: []))
        let present = try remote.objectHashes()
        let missing = needed.keys.filter { !present.contains($0) }.sorted()
        let sent = Mutexed((objects: 0, bytes: 0))
        // A lazy clone pushing to another remote passes on what it never fetched, read from its own remote.
        let local = repository.localObjects, destination = remote.store, promisor = repository.remoteObjects
        try parallelTransfers(missing.count) { i in
            let hash = missing[i]
            let bytes: [UInt8]
            do { bytes = try local.get(hash.key) } catch StorageError.notFound {
                guard let promisor else { throw LakeError.objectNotLocal(hash.hex) }
                bytes = try promisor.get(hash.key)
                guard ObjectHash.of(bytes) == hash else { throw StorageError.hashMismatch(key: hash.key, expected: hash.hex, actual: ObjectHash.of(bytes).hex) }
            }
            let written = try destination.putIfAbsent(hash.key, bytes)
            var now = (objects: 0, bytes: 0)
            sent.mutate { $0.objects += 1; $0.bytes += written ? bytes.count : 0; now = $0 }
            progress(TransferProgress(phase: "sending data objects", done: now.objects, total: missing.count, bytes: now.bytes))
        }
        let sentBytes = sent.value.bytes
        result.objectsSent = missing.count
        result.objectBytesSent = sentBytes

        // 2. History: one pack of every commit, tree, manifest and tag the remote's refs do not reach.
        var newPack: RemoteRefs.Pack?
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-push-\(pushID)").path
        defer { try? FileManager.default.removeItem(atPath: scratch) }
        let remoteTips = Array((current?.refs.targets ?? [:]).values)
        if let pack = try git.writePack(tips: tips, excluding: remoteTips, into: scratch) {
            let bytes = Array(try Data(contentsOf: URL(fileURLWithPath: pack.packPath)))
            let index = Array(try Data(contentsOf: URL(fileURLWithPath: pack.indexPath)))
            try remote.store.putIfAbsent(RemoteRefs.packKey(pack.name), bytes)
            try remote.store.putIfAbsent(RemoteRefs.indexKey(pack.name), index)
            newPack = RemoteRefs.Pack(name: pack.name, bytes: bytes.count, sha256: ObjectHash.of(bytes).hex)
            result.pack = pack.name
            result.packBytesSent = bytes.count + index.count
        }

        // 3. Check: every object the new refs reach is on the remote now.
        let after = try remote.objectHashes()
        if let absent = needed.keys.first(where: { !after.contains($0) }) {
            throw RemoteError.busy(remote.name, "data object \(absent.hex) is not on the remote after the upload (deleted meanwhile?); refs left unchanged, push again")
        }

        // 4. Refs: one conditional write; a lost race is re-checked against what won.
        let creating = current == nil
        var written: RemoteRefs
        while true {
            var document = current?.refs ?? RemoteRefs(push: pushID, head: "", refs: [:], packs: [])
            document.push = pushID
            for update in changing { document.refs[update.name] = update.new.hex }
            if document.head.isEmpty {
                document.head = changing.first { $0.name.hasPrefix("refs/heads/") }?.name ?? "refs/heads/main"
            }
            if let newPack, !document.packs.contains(where: { $0.name == newPack.name }) { document.packs.append(newPack) }
            do {
                try remote.store.put(RemoteRefs.key, try document.encoded(), if: current.map { .matches($0.version) } ?? .absent)
                written = document
                break
            } catch StorageError.preconditionFailed {
                current = try remote.readRefs()
                // Our own write landed though its answer was lost.
                if let current, current.refs.push == pushID { written = current.refs; break }
                for update in changing {
                    let now = current?.refs.targets[update.name]
                    if now != update.old { _ = try checkUpdate(update.name, old: now, new: update.new) }
                }
            }
        }
        try updateTrackingReferences(changing)
        try? mirrorGitReferences(written, creating: creating)
        return result
    }

    /// Whether `new` may replace `old` on the remote ref `name`; throws `rejected` when it may not.
    /// Returns true when only `--force` allows it.
    private func checkUpdate(_ name: String, old: ObjectID?, new: ObjectID) throws -> Bool {
        guard let old, old != new else { return false }
        if force { return true }
        if name.hasPrefix("refs/tags/") { throw RemoteError.rejected(name, "the tag already exists on \(remote.name) (--force replaces it)") }
        let git = repository.history
        guard git.contains(old) else {
            throw RemoteError.rejected(name, "non-fast-forward: \(remote.name) has commits you do not have (fetch and merge first, or --force)")
        }
        guard try git.isAncestor(try git.peelToCommit(old), of: try git.peelToCommit(new)) else {
            throw RemoteError.rejected(name, "non-fast-forward: \(remote.name) has moved past your commit's base (pull first, or --force)")
        }
        return false
    }

    private func updateTrackingReferences(_ updates: [PushedReference]) throws {
        guard let remoteName else { return }
        for update in updates where update.name.hasPrefix("refs/heads/") {
            let tracking = "refs/remotes/\(remoteName)/" + update.name.dropFirst("refs/heads/".count)
            try setReference(repository.history, tracking, to: update.new, message: "push")
        }
    }

    /// `git/HEAD` and `git/packed-refs` on a remote that is a directory or bucket, so that a copy of it
    /// made with any sync tool is a repository git and cairn can open. Best effort: `refs.json` is what
    /// cairn reads.
    private func mirrorGitReferences(_ refs: RemoteRefs, creating: Bool) throws {
        if creating { try remote.store.putIfAbsent("git/HEAD", Array("ref: \(refs.head)\n".utf8)) }
        let packed = "# pack-refs with: peeled fully-peeled sorted \n" + refs.refs.sorted { $0.key < $1.key }.map { "\($0.value) \($0.key)\n" }.joined()
        let version = try remote.store.version(of: "git/packed-refs")
        try remote.store.put("git/packed-refs", Array(packed.utf8), if: version.map { .matches($0) } ?? .absent)
    }
}

/// Points `name` at `id`, whatever it pointed at before (a remote-tracking or mirrored ref).
func setReference(_ git: GitRepository, _ name: String, to id: ObjectID, message: String) throws {
    let current = try git.resolveReference(name)
    guard current != id else { return }
    if let current {
        try git.updateReference(name: name, to: id, expected: current, reflogMessage: message)
    } else {
        try git.updateReference(name: name, to: id, expected: nil, reflogMessage: message)
    }
}
