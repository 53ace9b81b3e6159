import Foundation
import History

/// What `merge` did.
public struct MergeResult: Sendable {
    public enum Kind: Sendable { case upToDate, fastForward, merged }
    public var kind: Kind
    /// The branch's commit afterwards.
    public var commit: ObjectID
    /// The branch moved, short name.
    public var branch: String
}

extension Repository {
    /// Merges `revision` into the branch HEAD follows: nothing when it is already contained, a fast-forward
    /// when the branch is its ancestor, else a three-way merge from the merge base committed with both
    /// parents. Conflicts (`MergeConflicts`) leave the repository untouched unless `strategy` settles them.
    public func merge(_ revision: String, message: String? = nil, strategy: MergeStrategy? = nil,
                      fastForward: Bool = true) throws -> MergeResult {
        let branch = try currentBranch()
        let theirs = try resolve(revision)
        let name = Self.shortBranchName(branch.reference)
        return try withReferenceLock {
            guard let ours = try git.resolveReference(branch.reference) else {
                try git.updateReference(name: branch.reference, to: theirs, expected: nil, reflogMessage: "merge \(revision): Fast-forward")
                return MergeResult(kind: .fastForward, commit: theirs, branch: name)
            }
            if try git.isAncestor(theirs, of: ours) { return MergeResult(kind: .upToDate, commit: ours, branch: name) }
            if fastForward, try git.isAncestor(ours, of: theirs) {
                try git.updateReference(name: branch.reference, to: theirs, expected: ours, reflogMessage: "merge \(revision): Fast-forward")
                return MergeResult(kind: .fastForward, commit: theirs, branch: name)
            }
            let base = try git.mergeBase(ours, theirs)
            var editor = git.editTree(from: ours)
            let dataset = try ThreeWayMerge(repository: self, base: base, ours: ours, theirs: theirs, strategy: strategy).apply(to: &editor)
            _ = try editor.upsert(ManifestPaths.dataset, data: Data(try ManifestCoding.encode(dataset)))
            CrashPoint.beforeCommit.reached()
            let signature = Signature.resolve()
            let isBranch = try git.branch(named: revision) != nil
            let text = message ?? Self.defaultMergeMessage(revision, into: name, isBranch: isBranch)
            let commit = try git.createCommit(tree: try editor.write(), parents: [ours, theirs],
                                              author: signature, committer: signature, message: text)
            CrashPoint.beforeReferenceUpdate.reached()
            try git.updateReference(name: branch.reference, to: commit, expected: ours,
                                    reflogMessage: "merge \(revision): Merge made by the 'cairn' strategy.")
            return MergeResult(kind: .merged, commit: commit, branch: name)
        }
    }

    static func defaultMergeMessage(_ revision: String, into branch: String, isBranch: Bool) -> String {
        (isBranch ? "Merge branch '\(revision)'" : "Merge commit '\(revision)'") + (branch == "main" ? "" : " into \(branch)")
    }

    /// Commits, on the branch HEAD follows, the inverse of `revision`'s change (against its first parent),
    /// merged with whatever the branch changed since. Refuses a commit that changes nothing.
    @discardableResult
    public func revert(_ revision: String, message: String? = nil) throws -> (commit: ObjectID, branch: String) {
        let branch = try currentBranch()
        let target = try git.commit(try resolve(revision))
        let parent = target.parents.first
        // dataset.json only summarises the rest (the repository's first commit holds nothing else).
        guard try git.diffTrees(old: parent, new: target.id).contains(where: { $0.path != ManifestPaths.dataset }) else {
            throw LakeError.invalidArgument("commit \(target.id.abbreviated()) changes nothing: nothing to revert")
        }
        let subject = target.message.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
        let text = message ?? "Revert \"\(subject)\"\n\nThis reverts commit \(target.id.hex)."
        let (commit, moved) = try commit(message: text, onto: branch) { editor, dataset, head in
            guard let head else { throw LakeError.invalidArgument("the branch has no commits: nothing to revert") }
            dataset = try ThreeWayMerge(repository: self, base: target.id, ours: head, theirs: parent, strategy: nil).apply(to: &editor)
        }
        return (commit, Self.shortBranchName(moved))
    }
}
