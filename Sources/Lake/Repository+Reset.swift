import History

/// What `reset` moved: the branch (nil when HEAD was detached and moved itself) and its old and new commit.
public struct ResetResult: Hashable, Sendable {
    public var branch: String?
    public var old: ObjectID?
    public var new: ObjectID
}

extension Repository {
    /// Moves the branch HEAD follows to the commit `revision` names, as `git reset` does; on a detached
    /// HEAD, HEAD itself moves. The move is a compare-and-swap under the repository lock, recorded in the
    /// reflog as `reset: moving to REVISION`, so the commits left behind stay reachable through
    /// `BRANCH@{1}` until a `gc` that honours reflogs. cairn has no working tree or index: nothing else
    /// changes, so git's --soft, --mixed and --hard are the same operation here.
    @discardableResult
    public func reset(to revision: String) throws -> ResetResult {
        try withReferenceLock {
            let target = try resolve(revision)
            let head = try git.head
            let reference = head.symbolicTarget ?? "HEAD"
            try git.updateReference(name: reference, to: target, expected: head.id, reflogMessage: "reset: moving to \(revision)")
            return ResetResult(branch: head.symbolicTarget.map(Self.shortBranchName), old: head.id, new: target)
        }
    }
}
