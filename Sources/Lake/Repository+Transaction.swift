import Foundation
import History
import Storage

/// Where a write lands: the branch HEAD names and the commit it points at (nil while unborn).
struct BranchHead {
    var reference: String
    var commit: ObjectID?
}

extension Repository {
    /// The branch HEAD names. Writes need one: a detached HEAD is refused before any work is done.
    func currentBranch() throws -> BranchHead {
        let head = try git.head
        guard let reference = head.symbolicTarget else {
            throw LakeError.detachedHead(head.id?.abbreviated() ?? "an unknown commit")
        }
        return BranchHead(reference: reference, commit: head.id)
    }

    /// Runs `body` holding the repository's exclusive flock, after clearing stale git lock files.
    ///
    /// Every cairn operation that moves a ref (commits, branch, tag, checkout) runs in here: then any
    /// git `*.lock` found while holding the flock was left by a killed process and may be removed —
    /// that is the stale-lock rule. The flock dies with its process.
    func withReferenceLock<Result>(_ body: () throws -> Result) throws -> Result {
        let lock = try FileLock(path: path + "/" + Repository.lockFile)
        defer { lock.unlock() }
        try git.removeStaleReferenceLocks()
        return try body()
    }

    /// Commits a change to `branch` (the branch HEAD named when the write began; default: the one it
    /// names now), so a `checkout` in another shell during a long import does not redirect it.
    ///
    /// The expensive part of a write (data objects) happens before this call. Here, under the repository's
    /// exclusive flock, `apply` edits the tree of the branch's *current* head — so an operation that lost a
    /// race with another writer is simply re-applied on the new head — then the commit is written and the
    /// branch moved by compare-and-swap, last.
    @discardableResult
    func commit(message: String, onto branch: BranchHead? = nil,
                apply: (inout TreeEditor, inout DatasetManifest, ObjectID?) throws -> Void) throws -> (commit: ObjectID, branch: String) {
        try withReferenceLock {
            let signature = Signature.resolve()
            while true {
                let head: BranchHead
                if let branch {
                    head = BranchHead(reference: branch.reference, commit: try git.resolveReference(branch.reference))
                    if head.commit == nil, branch.commit != nil {
                        throw LakeError.conflict("branch '\(Self.shortBranchName(branch.reference))' was deleted during the write; nothing was committed")
                    }
                } else {
                    head = try currentBranch()
                }
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

    /// `main` for `refs/heads/main`; other names unchanged.
    static func shortBranchName(_ reference: String) -> String {
        reference.hasPrefix("refs/heads/") ? String(reference.dropFirst("refs/heads/".count)) : reference
    }
}
