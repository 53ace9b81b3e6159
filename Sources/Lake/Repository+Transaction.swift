import Foundation
import History
import Storage

/// Where a write lands: the branch HEAD names and the commit it points at (nil while unborn).
struct BranchHead {
    var reference: String
    var commit: ObjectID?
}

extension Repository {
    /// The branch HEAD names. Writes need one: a detached HEAD is refused.
    func currentBranch() throws -> BranchHead {
        let head = try git.head
        guard let reference = head.symbolicTarget else {
            throw LakeError.conflict("HEAD is detached; check out a branch before writing")
        }
        return BranchHead(reference: reference, commit: head.id)
    }

    /// Commits a change to the current branch.
    ///
    /// The expensive part of a write (data objects) happens before this call. Here, under the repository's
    /// exclusive flock, `apply` edits the tree of the branch's *current* head — so an operation that lost a
    /// race with another writer is simply re-applied on the new head — then the commit is written and the
    /// branch moved by compare-and-swap. The flock dies with its process, and any git `*.lock` found while
    /// holding it was left by a killed writer (every cairn writer updates refs only under the flock), so it
    /// is removed: that is the stale-lock rule.
    @discardableResult
    func commit(message: String,
                apply: (inout TreeEditor, inout DatasetManifest, ObjectID?) throws -> Void) throws -> (commit: ObjectID, branch: String) {
        let lock = try FileLock(path: path + "/" + Repository.lockFile)
        defer { lock.unlock() }
        try git.removeStaleReferenceLocks()
        let signature = Signature.resolve()
        while true {
            let head = try currentBranch()
            var editor = git.editTree(from: head.commit)
            var dataset = try head.commit.map { try ManifestPaths.readDataset(git, commit: $0) } ?? DatasetManifest()
            try apply(&editor, &dataset, head.commit)
            _ = try editor.upsert(ManifestPaths.dataset, data: Data(try ManifestCoding.encode(dataset)))
            CrashPoint.beforeCommit.reached()
            let tree = try editor.write()
            let commit = try git.createCommit(tree: tree, parents: head.commit.map { [$0] } ?? [],
                                              author: signature, committer: signature, message: message)
            CrashPoint.beforeReferenceUpdate.reached()
            do {
                try git.updateReference(name: head.reference, to: commit, expected: head.commit,
                                        reflogMessage: "commit: " + (message.split(separator: "\n").first.map(String.init) ?? ""))
                return (commit, head.reference)
            } catch HistoryError.referenceMoved {
                continue  // someone outside cairn's lock moved the branch: re-apply on the new head
            }
        }
    }
}
