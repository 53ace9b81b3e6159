import History

/// Where `checkout` left HEAD.
public enum CheckoutResult: Hashable, Sendable {
    /// HEAD follows the branch; writers commit to it.
    case branch(name: String, commit: ObjectID?)
    /// HEAD already followed the branch: nothing changed.
    case alreadyOnBranch(name: String)
    /// HEAD holds a commit (from a tag, a commit id or any other revision); writers refuse.
    case detached(commit: ObjectID)
}

extension Repository {
    /// Points HEAD at a branch (when `target` is a branch name) or detaches it at the commit any
    /// other revision names. Only HEAD changes — a cairn repository has no working files — so this
    /// costs the same on any atlas. HEAD's reflog records `checkout: moving from A to B`, as git
    /// writes it, so `@{-1}` names the previous position.
    /// `-` and `@{-N}` name the branch (or commit) HEAD was on N checkouts ago, and switch back to it
    /// as git does.
    public func checkout(_ requested: String) throws -> CheckoutResult {
        try withReferenceLock {
            let head = try git.head
            let from = head.branchName ?? head.id?.hex ?? "HEAD"
            let target = try previousCheckout(requested) ?? requested
            if git.isValidBranchName(target), let branch = try git.branch(named: target) {
                if head.symbolicTarget == branch.referenceName { return .alreadyOnBranch(name: target) }
                try git.setHead(symbolicTo: branch.referenceName, reflogMessage: "checkout: moving from \(from) to \(target)")
                return .branch(name: target, commit: branch.target)
            }
            let commit: ObjectID
            do {
                commit = try resolve(target)
            } catch HistoryError.unknownRevision {
                throw LakeError.invalidArgument("cannot check out '\(target)': no branch, tag or commit by that name")
            }
            try git.setHead(detachedAt: commit, reflogMessage: "checkout: moving from \(from) to \(target)")
            return .detached(commit: commit)
        }
    }

    /// Where HEAD was before the Nth most recent checkout, for `-` (N = 1) and `@{-N}`; nil for any other
    /// revision.
    private func previousCheckout(_ spec: String) throws -> String? {
        let n: Int
        if spec == "-" {
            n = 1
        } else if spec.hasPrefix("@{-"), spec.hasSuffix("}"), let count = Int(spec.dropFirst(3).dropLast()), count > 0 {
            n = count
        } else {
            return nil
        }
        let prefix = "checkout: moving from "
        let moves = try git.reflog(of: "HEAD").compactMap { entry -> String? in
            guard entry.message.hasPrefix(prefix) else { return nil }
            let rest = entry.message.dropFirst(prefix.count)
            return rest.range(of: " to ").map { String(rest[..<$0.lowerBound]) }
        }
        guard n <= moves.count else {
            throw LakeError.invalidArgument("cannot check out '\(spec)': HEAD has been checked out only \(moves.count) time\(moves.count == 1 ? "" : "s")")
        }
        return moves[n - 1]
    }
}
