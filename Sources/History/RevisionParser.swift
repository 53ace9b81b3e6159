import CGit2
import Foundation

extension GitRepository {
    /// The commit a revision names, in git's syntax: `HEAD`, a branch or tag name (annotated tags
    /// are peeled), a full id or a unique hex prefix of at least 4 digits, ancestry (`HEAD~2`,
    /// `main^`, `v1^2`) and reflog entries by position or date (`main@{2}`, `main@{2026-01-01}`).
    ///
    /// Readers resolve a revision once, at start, and keep the id (DESIGN §3), so the answer is a
    /// plain `ObjectID`. Errors are one line: unknown revision, ambiguous prefix, an unborn branch
    /// ("'HEAD' has no commits yet"), or a revision that names a tree or blob.
    public func resolveRevision(_ spec: String) throws -> ObjectID {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("\0") else { throw HistoryError.unknownRevision(spec) }
        if let short = RevisionSyntax.shortHexPrefix(trimmed) {
            // libgit2 would read 1–3 hex digits as a prefix too; git requires at least 4.
            if try resolveReferenceName(short) == nil { throw HistoryError.unknownRevision(spec) }
        }
        return try withHandle { repository in
            var object: OpaquePointer?
            let code = git_revparse_single(&object, repository, trimmed)
            switch code {
            case 0...:
                defer { git_object_free(object) }
                return try peelToCommit(object!, spec: spec)
            case GIT_EAMBIGUOUS.rawValue:
                throw HistoryError.ambiguousRevision(spec)
            case GIT_ENOTFOUND.rawValue, GIT_EINVALIDSPEC.rawValue:
                if let unborn = try unbornBranchName(in: trimmed) { throw HistoryError.unbornBranch(unborn) }
                throw HistoryError.unknownRevision(spec)
            default:
                // libgit2 reports some malformed specs (e.g. a reflog it cannot read) with GIT_ERROR.
                if let unborn = try unbornBranchName(in: trimmed) { throw HistoryError.unbornBranch(unborn) }
                throw HistoryError.unknownRevision(spec)
            }
        }
    }

    /// The full reference name that a short name means, as git's DWIM rules try them, or nil.
    public func resolveReferenceName(_ shortName: String) throws -> String? {
        for candidate in RevisionSyntax.referenceCandidates(for: shortName) {
            do {
                if try reference(candidate) != nil { return candidate }
            } catch HistoryError.invalidReferenceName {
                continue  // Not a possible reference name in this form: try the next one.
            }
        }
        return nil
    }

    // MARK: Internal helpers

    /// `object` peeled through tags to a commit, or `notACommit` naming what it is instead.
    private func peelToCommit(_ object: OpaquePointer, spec: String) throws -> ObjectID {
        var current = object
        var owned: [OpaquePointer] = []
        defer { owned.forEach { git_object_free($0) } }
        while git_object_type(current) == GIT_OBJECT_TAG {
            var target: OpaquePointer?
            try gitCheck(git_tag_target(&target, current), "peel tag in '\(spec)'")
            owned.append(target!)
            current = target!
        }
        guard git_object_type(current) == GIT_OBJECT_COMMIT else {
            let kind = ObjectKind(git_object_type(current))?.rawValue ?? "unknown object"
            throw HistoryError.notACommit(revision: spec, kind: kind)
        }
        return ObjectID(git_object_id(current))
    }

    /// If the reference a revision starts from is a symbolic ref to a branch with no commits yet,
    /// the name to report (as the user wrote it); else nil.
    private func unbornBranchName(in spec: String) throws -> String? {
        let base = RevisionSyntax.baseName(of: spec)
        let name = base.isEmpty || base == "@" ? "HEAD" : base
        guard let full = try resolveReferenceName(name), let reference = try reference(full),
              let target = reference.symbolicTarget else { return nil }
        return try resolveReference(target) == nil ? name : nil
    }
}

/// Small pieces of git's revision syntax that libgit2 does not expose.
enum RevisionSyntax {
    /// The reference or id a revision starts from: everything before `~`, `^`, `@{` or `:`.
    static func baseName(of spec: String) -> String {
        var base = Substring(spec)
        if let range = base.range(of: "@{") { base = base[..<range.lowerBound] }
        if let index = base.firstIndex(where: { $0 == "~" || $0 == "^" || $0 == ":" }) {
            base = base[..<index]
        }
        return String(base)
    }

    /// `spec` when it is a bare hex string of 1–3 digits (too short to be an id prefix).
    static func shortHexPrefix(_ spec: String) -> String? {
        let base = baseName(of: spec)
        guard (1...3).contains(base.count), base.allSatisfy(\.isHexDigit) else { return nil }
        return base
    }

    /// git's order for finding a reference from a short name (gitrevisions(7)).
    static func referenceCandidates(for name: String) -> [String] {
        if name.hasPrefix("refs/") { return [name] }
        return [name, "refs/\(name)", "refs/tags/\(name)", "refs/heads/\(name)",
                "refs/remotes/\(name)", "refs/remotes/\(name)/HEAD"]
    }
}
