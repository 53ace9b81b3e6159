import CGit2

/// Every failure of the History layer. Each case prints as one line a person can act on.
public enum HistoryError: Error, Equatable, Sendable {
    /// A libgit2 call failed: the operation we attempted, libgit2's code and its message.
    case git(operation: String, code: Int32, message: String)
    /// `path` does not exist or is not a git repository.
    case notARepository(path: String)
    /// A repository already exists where `create(at:)` was asked to make one.
    case repositoryExists(path: String)
    /// A compare-and-swap on a reference lost: the ref is at `actual` (nil: absent), not `expected`.
    /// Callers re-apply their change on `actual` and retry.
    case referenceMoved(name: String, expected: ObjectID?, actual: ObjectID?)
    /// A lock file (`<ref>.lock`, `packed-refs.lock`, …) blocks the update; see `removeStaleReferenceLocks()`.
    case locked(message: String)
    /// A name that is not a valid reference name.
    case invalidReferenceName(String)
    /// A reference that does not exist.
    case referenceNotFound(String)
    /// A revision that names nothing.
    case unknownRevision(String)
    /// A hex prefix that matches more than one object.
    case ambiguousRevision(String)
    /// A revision through a branch that has no commits yet.
    case unbornBranch(String)
    /// A revision that names an object of another kind than a commit.
    case notACommit(revision: String, kind: String)
    /// An object that is not of the kind the caller asked for.
    case wrongObjectKind(id: ObjectID, expected: String, actual: String)
    /// A path that does not exist in a tree.
    case pathNotFound(path: String, tree: ObjectID)
    /// A path that cannot name a tree entry (empty components, `.`/`..`, …).
    case invalidPath(String)
    /// A 40-digit hex id that was expected but not given.
    case invalidObjectID(String)
    /// The text inside `REF@{…}` is neither a reflog position nor a date cairn reads.
    case invalidDate(revision: String, text: String)
    /// `REF@{date}` where every commit on REF's first-parent chain is younger than the date.
    case noCommitAtDate(reference: String, date: String)
    /// A name git refuses for a branch (`HEAD`, a leading `-`, `..`, `@{`, spaces, …).
    case invalidBranchName(String)
    /// A name git refuses for a tag.
    case invalidTagName(String)
    case branchExists(String)
    case branchNotFound(String)
    case tagExists(String)
    case tagNotFound(String)
}

extension HistoryError: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .git(operation, code, message):
            return "git: \(operation) failed (\(code)): \(message)"
        case let .notARepository(path):
            return "'\(path)' is not a git repository"
        case let .repositoryExists(path):
            return "a git repository already exists at '\(path)'"
        case let .referenceMoved(name, expected, actual):
            return "reference '\(name)' moved: expected \(expected?.hex ?? "no reference"), found \(actual?.hex ?? "no reference")"
        case let .locked(message):
            return "repository is locked: \(message)"
        case let .invalidReferenceName(name):
            return "'\(name)' is not a valid reference name"
        case let .referenceNotFound(name):
            return "reference '\(name)' not found"
        case let .unknownRevision(revision):
            return "unknown revision '\(revision)'"
        case let .ambiguousRevision(revision):
            return "ambiguous revision prefix '\(revision)': it matches several objects, give more digits"
        case let .unbornBranch(revision):
            return "'\(revision)' has no commits yet"
        case let .notACommit(revision, kind):
            return "revision '\(revision)' is \(Self.article(kind)) \(kind), not a commit"
        case let .wrongObjectKind(id, expected, actual):
            return "object \(id.hex) is \(Self.article(actual)) \(actual), expected \(Self.article(expected)) \(expected)"
        case let .pathNotFound(path, tree):
            return "path '\(path)' not found in tree \(tree.hex)"
        case let .invalidPath(path):
            return "'\(path)' is not a valid tree path"
        case let .invalidObjectID(text):
            return "'\(text)' is not a 40-digit hex object id"
        case let .invalidDate(revision, text):
            return "'\(text)' in '\(revision)' is neither a reflog position nor a date (2026-01-01, 2026-01-01 12:00, 2026-01-01T12:00:00Z, 3.days.ago)"
        case let .noCommitAtDate(reference, date):
            return "no commit on \(reference) at or before \(date)"
        case let .invalidBranchName(name):
            return "'\(name)' is not a valid branch name"
        case let .invalidTagName(name):
            return "'\(name)' is not a valid tag name"
        case let .branchExists(name):
            return "a branch named '\(name)' already exists"
        case let .branchNotFound(name):
            return "no branch named '\(name)'"
        case let .tagExists(name):
            return "tag '\(name)' already exists (use -f to move it)"
        case let .tagNotFound(name):
            return "no tag named '\(name)'"
        }
    }

    private static func article(_ noun: String) -> String {
        noun.first.map { "aeiou".contains($0) } == true ? "an" : "a"
    }
}

extension HistoryError {
    /// The message libgit2 left for this thread, flattened to one line.
    static func lastGitMessage() -> String {
        guard let error = libgit2.error_last(), let text = error.pointee.message else { return "no details" }
        return String(cString: text)
            .split(whereSeparator: \.isNewline)
            .joined(separator: " ")
    }

    /// The error for a failed libgit2 call: lock failures get their own case so that callers can
    /// recognise them (and clear stale locks); everything else carries libgit2's text.
    static func from(code: Int32, operation: String) -> HistoryError {
        let message = lastGitMessage()
        if code == GIT_ELOCKED.rawValue {
            return .locked(message: "\(operation): \(message)")
        }
        return .git(operation: operation, code: code, message: message)
    }
}

/// Runs a libgit2 call and turns a negative return code into a `HistoryError`.
@discardableResult
func gitCheck(_ code: Int32, _ operation: @autoclosure () -> String) throws -> Int32 {
    if code < 0 { throw HistoryError.from(code: code, operation: operation()) }
    return code
}
