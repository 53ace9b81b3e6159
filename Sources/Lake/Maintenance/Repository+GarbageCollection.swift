import Foundation
import History
import Storage

/// What `gc` found and did (or, in a dry run, would do).
public struct GarbageCollection: Sendable {
    /// Objects some ref, tag, HEAD or reflog entry reaches: never deleted, whatever their age.
    public var reachable: Int
    /// Unreachable objects younger than the grace period: kept this time.
    public var keptRecent: Int
    /// Unreachable objects older than the grace period: deleted (listed only, in a dry run).
    public var deleted: [StoredFile]
    /// Temporary files of killed writers, older than the grace period: removed.
    public var temporaries: [StoredFile]
    public var dryRun: Bool

    public var bytesFreed: Int { deleted.reduce(0) { $0 + $1.bytes } + temporaries.reduce(0) { $0 + $1.bytes } }
}

extension Repository {
    /// Grace period when `--prune` is not given.
    public static let defaultPruneGrace: TimeInterval = 14 * 86_400

    /// The instant `--prune` names: objects last modified before it may go. `now`, `never`, relative
    /// (`2.weeks.ago`) and absolute dates (`2026-01-01`, UTC unless an offset is given).
    public static func pruneCutoff(_ text: String, now: Date = Date()) throws -> Date {
        if text.lowercased() == "never" { return .distantPast }
        guard let date = RevisionDate.parse(text, now: now) else {
            throw LakeError.invalidArgument("invalid --prune date '\(text)': use now, never, a relative date like 2.weeks.ago, or YYYY-MM-DD")
        }
        return date
    }

    /// Deletes data objects unreachable from every branch, tag, HEAD and reflog entry whose files were last
    /// modified before `cutoff`, and leftover temporary files as old.
    ///
    /// In-flight rule: every process writing data objects holds a shared flock on `gc.lock` from its first
    /// write until it exits (`WriterRegisteringObjectStore`); gc takes it exclusively, without waiting —
    /// it refuses while any writer runs, so an object written for a commit not yet made is never taken,
    /// even with `--prune now`. Writers that start meanwhile wait for gc to finish.
    public func collectGarbage(prunedBefore cutoff: Date, dryRun: Bool) throws -> GarbageCollection {
        guard let lock = try FileLock.attempt(path: path + "/" + Repository.collectionLockFile) else {
            throw LakeError.conflict("another cairn process is writing data objects (\(Repository.collectionLockFile) is held); run gc again when it has finished")
        }
        defer { lock.unlock() }
        let history = try ReachableHistory(git)
        // A history that cannot be read completely cannot say what is garbage.
        if let problem = history.problems.first {
            throw LakeError.conflict("refusing to collect garbage: \(problem) (run cairn fsck)")
        }
        let reachable = try referencedObjects(history)
        let (files, temporaries) = try localStore.files(under: "objects/")
        var result = GarbageCollection(reachable: 0, keptRecent: 0, deleted: [], temporaries: [], dryRun: dryRun)
        for file in files {
            let parts = file.key.split(separator: "/")
            guard parts.count == 3, let hash = ObjectHash(hex: String(parts[1] + parts[2])) else { continue }  // not an object: leave it
            if reachable.contains(hash) { result.reachable += 1 }
            else if file.modified < cutoff { result.deleted.append(file) }
            else { result.keptRecent += 1 }
        }
        result.temporaries = temporaries.filter { $0.modified < cutoff }
        guard !dryRun else { return result }
        var directories = Set<String>()
        for (n, file) in result.deleted.enumerated() {
            try localStore.delete(file.key)
            directories.insert(String(file.key[..<file.key.lastIndex(of: "/")!]))
            if n == 0 { CrashPoint.gcAfterFirstDelete.reached() }
        }
        for file in result.temporaries {
            try localStore.deleteTemporary(file.key)
            directories.insert(String(file.key[..<file.key.lastIndex(of: "/")!]))
        }
        for directory in directories.sorted() { localStore.removeDirectoryIfEmpty(directory) }
        return result
    }

    /// Every data object any manifest blob of `history` names. Read generically — any 64-hex-digit JSON
    /// string in any manifest counts — so that an object kind a later version adds (an index, an
    /// archive) is kept without gc knowing about it; a few non-object digests (source files' SHA-256)
    /// only keep nothing extra.
    func referencedObjects(_ history: ReachableHistory) throws -> Set<ObjectHash> {
        var hashes = Set<ObjectHash>()
        var seenTrees = Set<ObjectID>(), seenBlobs = Set<ObjectID>()
        for commit in history.commits {
            try git.forEachNewBlob(in: commit.tree, seenTrees: &seenTrees, seenBlobs: &seenBlobs) { _, blob in
                Self.quotedDigests(in: try git.readBlob(blob)) { hashes.insert($0) }
            }
        }
        return hashes
    }

    /// Each `"` + 64 lowercase hex digits + `"` in `bytes`.
    static func quotedDigests(in data: Data, _ body: (ObjectHash) -> Void) {
        data.withUnsafeBytes { (raw: UnsafeRawBufferPointer) in
            let bytes = raw.bindMemory(to: UInt8.self)
            let quote = UInt8(ascii: "\"")
            var i = 0
            while i + 65 < bytes.count {
                guard bytes[i] == quote else { i += 1; continue }
                var j = i + 1
                while j < bytes.count, j - i - 1 < 64, isLowerHex(bytes[j]) { j += 1 }
                if j - i - 1 == 64, j < bytes.count, bytes[j] == quote,
                   let hash = ObjectHash(hex: String(decoding: UnsafeBufferPointer(rebasing: bytes[(i + 1)..<j]), as: UTF8.self)) {
                    body(hash)
                    i = j + 1
                } else {
                    i = j
                }
            }
        }
    }

    private static func isLowerHex(_ byte: UInt8) -> Bool {
        (byte >= 48 && byte <= 57) || (byte >= 97 && byte <= 102)
    }
}
