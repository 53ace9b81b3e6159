import CGit2

/// A branch: a name under `refs/heads/` for a commit.
public struct Branch: Hashable, Sendable {
    /// The short name (`main`).
    public var name: String
    public var target: ObjectID

    public var referenceName: String { Branch.referenceName(name) }

    public static func referenceName(_ name: String) -> String { "refs/heads/" + name }
}

extension GitRepository {
    /// Whether git accepts `name` as a branch name: a valid `refs/heads/<name>`, not `HEAD`, not
    /// starting with `-` (it would read as an option).
    public func isValidBranchName(_ name: String) -> Bool {
        var valid: Int32 = 0
        return !name.isEmpty && libgit2.branch_name_is_valid(&valid, name) == 0 && valid != 0
    }

    /// Every branch, by name.
    public func listBranches() throws -> [Branch] {
        try listReferences(prefix: "refs/heads/").compactMap { reference in
            guard let target = reference.target else { return nil }
            return Branch(name: String(reference.name.dropFirst("refs/heads/".count)), target: target)
        }
    }

    /// The branch `name` (short name), or nil if there is none.
    public func branch(named name: String) throws -> Branch? {
        guard isValidBranchName(name) else { throw HistoryError.invalidBranchName(name) }
        guard let target = try reference(Branch.referenceName(name))?.target else { return nil }
        return Branch(name: name, target: target)
    }

    /// Creates branch `name` at `target`; refuses a name that exists (`branchExists`) or that git does
    /// not accept (`invalidBranchName`). The creation is a compare-and-swap from "absent", so two
    /// creators cannot both succeed; the reflog records `reflogMessage`.
    public func createBranch(_ name: String, at target: ObjectID, reflogMessage: String) throws {
        guard isValidBranchName(name) else { throw HistoryError.invalidBranchName(name) }
        do {
            try updateReference(name: Branch.referenceName(name), to: target, expected: nil, reflogMessage: reflogMessage)
        } catch HistoryError.referenceMoved {
            throw HistoryError.branchExists(name)
        }
    }

    /// Deletes branch `name` (and its reflog) if it still points at `expected`; else `referenceMoved`.
    public func deleteBranch(_ name: String, expected: ObjectID) throws {
        guard isValidBranchName(name) else { throw HistoryError.invalidBranchName(name) }
        do {
            try deleteReference(Branch.referenceName(name), expected: expected)
        } catch HistoryError.referenceNotFound {
            throw HistoryError.branchNotFound(name)
        }
    }
}
