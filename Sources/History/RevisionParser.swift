import CGit2
import Foundation

extension GitRepository {
    /// The commit a revision names, in git's syntax: `HEAD`, a branch or tag name (annotated tags
    /// are peeled), a full id or a unique hex prefix of at least 4 digits, ancestry (`HEAD~2`,
    /// `main^`, `v1^2`), reflog entries by position (`main@{2}`, local) and dates (`main@{2026-01-01}`).
    ///
    /// A date means something else than in git: `REF@{date}` is the first commit on REF's
    /// first-parent chain whose *committer* date is at or before the date. git reads the local
    /// reflog instead, which a clone or a pull does not bring along; commit dates travel with the
    /// history, so a dated revision names the same commit in every copy of the repository. Ancestry
    /// may follow a date: `main@{2026-01-01}~2`.
    ///
    /// Readers resolve a revision once, at start, and keep the id (DESIGN §3), so the answer is a
    /// plain `ObjectID`. Errors are one line: unknown revision, ambiguous prefix, an unborn branch
    /// ("'HEAD' has no commits yet"), a revision that names a tree or blob, a date with no commit.
    public func resolveRevision(_ spec: String) throws -> ObjectID {
        let trimmed = spec.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty, !trimmed.contains("\0") else { throw HistoryError.unknownRevision(spec) }
        if readsLooseFiles, let id = loose.commit(named: trimmed) { return id }
        if let dated = RevisionSyntax.datedRevision(trimmed) {
            return try resolveDated(dated, spec: spec)
        }
        if let short = RevisionSyntax.shortHexPrefix(trimmed) {
            // libgit2 would read 1–3 hex digits as a prefix too; git requires at least 4.
            if try resolveReferenceName(short) == nil { throw HistoryError.unknownRevision(spec) }
        }
        return try withHandle { repository in
            var object: OpaquePointer?
            let code = libgit2.revparse_single(&object, repository, trimmed)
            switch code {
            case 0...:
                defer { libgit2.object_free(object) }
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

    /// `BASE@{date}REST`: the commit on BASE's first-parent chain at the date, then REST applied to it.
    private func resolveDated(_ dated: RevisionSyntax.DatedRevision, spec: String) throws -> ObjectID {
        guard let date = RevisionDate.parse(dated.dateText) else {
            throw HistoryError.invalidDate(revision: spec, text: dated.dateText)
        }
        let base = dated.base.isEmpty || dated.base == "@" ? "HEAD" : dated.base
        let tip = try resolveRevision(base)
        guard let found = try firstParentCommit(from: tip, committedAtOrBefore: date) else {
            throw HistoryError.noCommitAtDate(reference: base, date: RevisionDate.format(date))
        }
        guard !dated.rest.isEmpty else { return found }
        do {
            return try resolveRevision(found.hex + dated.rest)
        } catch HistoryError.unknownRevision {
            throw HistoryError.unknownRevision(spec)  // name what the user wrote, not the id we substituted
        } catch let HistoryError.notACommit(_, kind) {
            throw HistoryError.notACommit(revision: spec, kind: kind)
        }
    }

    /// `object` peeled through tags to a commit, or `notACommit` naming what it is instead.
    private func peelToCommit(_ object: OpaquePointer, spec: String) throws -> ObjectID {
        var current = object
        var owned: [OpaquePointer] = []
        defer { owned.forEach { libgit2.object_free($0) } }
        while libgit2.object_type(current) == GIT_OBJECT_TAG {
            var target: OpaquePointer?
            try gitCheck(libgit2.tag_target(&target, current), "peel tag in '\(spec)'")
            owned.append(target!)
            current = target!
        }
        guard libgit2.object_type(current) == GIT_OBJECT_COMMIT else {
            let kind = ObjectKind(libgit2.object_type(current))?.rawValue ?? "unknown object"
            throw HistoryError.notACommit(revision: spec, kind: kind)
        }
        return ObjectID(libgit2.object_id(current)!)
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
    /// A revision with a date in braces: `BASE@{DATE}REST`.
    struct DatedRevision: Equatable {
        var base: String
        var dateText: String
        var rest: String
    }

    /// The parts of `spec` when its first `@{…}` holds a date rather than a reflog position
    /// (`@{2}`), a previous checkout (`@{-1}`) or an upstream (`@{u}`), which libgit2 handles.
    static func datedRevision(_ spec: String) -> DatedRevision? {
        guard let open = spec.range(of: "@{"),
              let close = spec[open.upperBound...].firstIndex(of: "}") else { return nil }
        let inside = String(spec[open.upperBound..<close])
        let reflogForms = ["u", "upstream", "push"]
        if !inside.isEmpty, inside.allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        if inside.hasPrefix("-"), inside.count > 1, inside.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber }) { return nil }
        if reflogForms.contains(inside.lowercased()) { return nil }
        return DatedRevision(base: String(spec[..<open.lowerBound]), dateText: inside,
                             rest: String(spec[spec.index(after: close)...]))
    }

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
