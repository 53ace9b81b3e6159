import CGit2
import Foundation

/// A reference as stored: direct (to an object id) or symbolic (to another reference name).
public struct Reference: Hashable, Sendable {
    public var name: String
    /// The object a direct reference points at; nil for a symbolic reference.
    public var target: ObjectID?
    /// The reference a symbolic reference points at; nil for a direct reference.
    public var symbolicTarget: String?

    public init(name: String, target: ObjectID?, symbolicTarget: String?) {
        self.name = name
        self.target = target
        self.symbolicTarget = symbolicTarget
    }
}

/// Where HEAD stands.
public struct Head: Hashable, Sendable {
    /// The reference HEAD names (e.g. `refs/heads/main`); nil when HEAD is detached.
    public var symbolicTarget: String?
    /// The commit HEAD resolves to; nil while its branch is unborn (no commits yet).
    public var id: ObjectID?

    public var isUnborn: Bool { id == nil }
    public var isDetached: Bool { symbolicTarget == nil }

    /// The branch name without `refs/heads/` (nil when detached).
    public var branchName: String? {
        guard let symbolicTarget else { return nil }
        let prefix = "refs/heads/"
        return symbolicTarget.hasPrefix(prefix) ? String(symbolicTarget.dropFirst(prefix.count)) : symbolicTarget
    }
}

extension GitRepository {
    /// The object id `name` resolves to, following symbolic references; nil when the reference does
    /// not exist or is a symbolic reference to an unborn branch. `name` is a full name
    /// (`refs/heads/main`, `HEAD`).
    public func resolveReference(_ name: String) throws -> ObjectID? {
        try withHandle { repository in
            var oid = git_oid()
            let code = libgit2.reference_name_to_id(&oid, repository, name)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            if code == GIT_EINVALIDSPEC.rawValue { throw HistoryError.invalidReferenceName(name) }
            try gitCheck(code, "resolve reference '\(name)'")
            return ObjectID(oid)
        }
    }

    /// The reference `name` without following it; nil if it does not exist.
    public func reference(_ name: String) throws -> Reference? {
        try withHandle { repository in
            var reference: OpaquePointer?
            let code = libgit2.reference_lookup(&reference, repository, name)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            if code == GIT_EINVALIDSPEC.rawValue { throw HistoryError.invalidReferenceName(name) }
            try gitCheck(code, "look up reference '\(name)'")
            defer { libgit2.reference_free(reference) }
            return Self.referenceValue(reference!)
        }
    }

    /// Where HEAD stands; an unborn branch is allowed (its `id` is nil).
    public var head: Head {
        get throws {
            guard let headReference = try reference("HEAD") else {
                throw HistoryError.referenceNotFound("HEAD")
            }
            if let symbolicTarget = headReference.symbolicTarget {
                return Head(symbolicTarget: symbolicTarget, id: try resolveReference(symbolicTarget))
            }
            return Head(symbolicTarget: nil, id: headReference.target)
        }
    }

    /// Points HEAD at the reference `name` (e.g. `refs/heads/dev`), which need not exist yet.
    /// `reflogMessage` goes to HEAD's reflog; git's `checkout: moving from A to B` makes `@{-1}` work.
    public func setHead(symbolicTo name: String, reflogMessage: String? = nil) throws {
        guard name.hasPrefix("refs/") else { throw HistoryError.invalidReferenceName(name) }
        adoptIdentityForReflogs()
        try withHandle { repository in
            var reference: OpaquePointer?
            let code = libgit2.reference_symbolic_create(&reference, repository, "HEAD", name, 1,
                                                     reflogMessage ?? "cairn: HEAD -> \(name)")
            if code == GIT_EINVALIDSPEC.rawValue { throw HistoryError.invalidReferenceName(name) }
            try gitCheck(code, "point HEAD at '\(name)'")
            libgit2.reference_free(reference)
        }
    }

    /// Detaches HEAD at commit `id` (HEAD holds the id itself, no branch follows it).
    public func setHead(detachedAt id: ObjectID, reflogMessage: String) throws {
        adoptIdentityForReflogs()
        try withHandle { repository in
            var oid = id.gitOID
            var reference: OpaquePointer?
            try gitCheck(libgit2.reference_create(&reference, repository, "HEAD", &oid, 1, reflogMessage),
                         "detach HEAD at \(id.hex)")
            libgit2.reference_free(reference)
        }
    }

    /// Moves reference `name` to `id` by compare-and-swap, and appends `reflogMessage` to its reflog.
    ///
    /// - `expected == nil`: the reference must not exist yet (it is created).
    /// - otherwise the reference must still point at `expected`.
    ///
    /// When it does not, nothing changes and `HistoryError.referenceMoved(name, expected, actual)`
    /// is thrown: the caller re-applies its change on `actual` and tries again. A symbolic `name`
    /// (such as `HEAD`) is followed, like `git update-ref` does: the branch it names moves, and
    /// errors name that branch.
    public func updateReference(name requestedName: String, to id: ObjectID, expected: ObjectID?,
                                reflogMessage: String) throws {
        let name = try directReferenceName(following: requestedName)
        adoptIdentityForReflogs()
        try withHandle { repository in
            var newID = id.gitOID
            var reference: OpaquePointer?
            let code: Int32
            if var expectedID = expected?.gitOID {
                code = libgit2.reference_create_matching(&reference, repository, name, &newID, 1, &expectedID,
                                                     reflogMessage)
            } else {
                code = libgit2.reference_create(&reference, repository, name, &newID, 0, reflogMessage)
            }
            libgit2.reference_free(reference)
            switch code {
            case 0...:
                return
            case GIT_EEXISTS.rawValue, GIT_EMODIFIED.rawValue, GIT_ENOTFOUND.rawValue:
                // EEXISTS: created concurrently; EMODIFIED: moved; ENOTFOUND: deleted meanwhile.
                throw HistoryError.referenceMoved(name: name, expected: expected, actual: try resolveDirect(name))
            case GIT_EINVALIDSPEC.rawValue:
                throw HistoryError.invalidReferenceName(name)
            default:
                try gitCheck(code, "update reference '\(name)' to \(id.hex)")
            }
        }
    }

    /// Deletes reference `name`. With `expected`, only if it still points there (else `referenceMoved`).
    public func deleteReference(_ name: String, expected: ObjectID? = nil) throws {
        try withHandle { repository in
            var reference: OpaquePointer?
            let code = libgit2.reference_lookup(&reference, repository, name)
            if code == GIT_ENOTFOUND.rawValue { throw HistoryError.referenceNotFound(name) }
            if code == GIT_EINVALIDSPEC.rawValue { throw HistoryError.invalidReferenceName(name) }
            try gitCheck(code, "look up reference '\(name)'")
            defer { libgit2.reference_free(reference) }
            let current = Self.referenceValue(reference!).target
            if let expected, current != expected {
                throw HistoryError.referenceMoved(name: name, expected: expected, actual: current)
            }
            // git_reference_delete itself checks that the ref still has the value read above.
            let deleteCode = libgit2.reference_delete(reference)
            if deleteCode == GIT_EMODIFIED.rawValue {
                throw HistoryError.referenceMoved(name: name, expected: current, actual: try resolveDirect(name))
            }
            try gitCheck(deleteCode, "delete reference '\(name)'")
        }
    }

    /// Every reference whose full name starts with `prefix` (default: all under `refs/`), by name.
    public func listReferences(prefix: String = "refs/") throws -> [Reference] {
        try withHandle { repository in
            var iterator: OpaquePointer?
            try gitCheck(libgit2.reference_iterator_new(&iterator, repository), "list references")
            defer { libgit2.reference_iterator_free(iterator) }
            var references: [Reference] = []
            while true {
                var reference: OpaquePointer?
                let code = libgit2.reference_next(&reference, iterator)
                if code == GIT_ITEROVER.rawValue { break }
                try gitCheck(code, "list references")
                defer { libgit2.reference_free(reference) }
                let value = Self.referenceValue(reference!)
                if value.name.hasPrefix(prefix) { references.append(value) }
            }
            return references.sorted { $0.name < $1.name }
        }
    }

    // MARK: Internal helpers

    /// `name`, or the reference it finally names when it is symbolic (HEAD → refs/heads/main).
    private func directReferenceName(following name: String) throws -> String {
        var current = name
        for _ in 0..<10 {  // git's own limit on symbolic nesting is 5; stop cycles either way.
            guard let next = try reference(current)?.symbolicTarget else { return current }
            current = next
        }
        throw HistoryError.invalidReferenceName(name)
    }

    /// The direct target of `name` right now, without following symbolic refs; nil if absent.
    private func resolveDirect(_ name: String) throws -> ObjectID? {
        try reference(name)?.target
    }

    static func referenceValue(_ reference: OpaquePointer) -> Reference {
        let name = String(cString: libgit2.reference_name(reference)!)
        if libgit2.reference_type(reference) == GIT_REFERENCE_SYMBOLIC {
            return Reference(name: name, target: nil,
                             symbolicTarget: libgit2.reference_symbolic_target(reference).map { String(cString: $0) })
        }
        return Reference(name: name, target: libgit2.reference_target(reference).map { ObjectID($0) },
                         symbolicTarget: nil)
    }
}
