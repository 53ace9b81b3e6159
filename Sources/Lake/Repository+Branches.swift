import History

/// A branch as `cairn branch` lists it.
public struct BranchListing: Hashable, Sendable {
    public var name: String
    public var commit: Commit
    /// Whether HEAD follows this branch.
    public var isCurrent: Bool
}

extension Repository {
    /// Where HEAD stands: the branch it follows (or none: detached) and its commit.
    public func head() throws -> Head {
        try git.head
    }

    /// Every branch, by name, with its newest commit.
    public func branches() throws -> [BranchListing] {
        let current = try git.head.symbolicTarget
        return try git.listBranches().map { branch in
            BranchListing(name: branch.name, commit: try git.commit(branch.target), isCurrent: branch.referenceName == current)
        }
    }

    /// Creates branch `name` at `start` (default HEAD). An existing name is refused, never moved.
    @discardableResult
    public func createBranch(_ name: String, at start: String?) throws -> ObjectID {
        guard git.isValidBranchName(name) else { throw HistoryError.invalidBranchName(name) }
        let target = try resolve(start)
        try withReferenceLock {
            try git.createBranch(name, at: target, reflogMessage: "branch: Created from \(start ?? "HEAD")")
        }
        return target
    }

    /// Deletes branch `name` and returns the commit it pointed at. Refuses the branch HEAD follows, and
    /// (unless `force`) a branch whose commits HEAD does not contain — they would become unreachable.
    @discardableResult
    public func deleteBranch(_ name: String, force: Bool) throws -> ObjectID {
        try withReferenceLock {
            guard let branch = try git.branch(named: name) else { throw HistoryError.branchNotFound(name) }
            let head = try git.head
            if head.symbolicTarget == branch.referenceName { throw LakeError.deletingCurrentBranch(name) }
            if !force {
                let merged = try head.id.map { try git.isAncestor(branch.target, of: $0) } ?? false
                if !merged { throw LakeError.branchNotMerged(name, head: head.branchName ?? "HEAD") }
            }
            try git.deleteBranch(name, expected: branch.target)
            return branch.target
        }
    }
}
