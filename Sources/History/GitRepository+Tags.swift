import CGit2

/// A tag: a name under `refs/tags/` for a commit, with an optional annotation.
public struct Tag: Hashable, Sendable {
    /// The short name (`v2026.1`).
    public var name: String
    /// What the reference points at: the tag object for an annotated tag, else the target itself.
    public var referenceTarget: ObjectID
    /// The object finally named, after peeling annotated tags (normally a commit).
    public var target: ObjectID
    /// The annotation: who tagged, when, and why; nil for a lightweight tag.
    public var tagger: Signature?
    public var message: String?

    public var isAnnotated: Bool { referenceTarget != target }
    public var referenceName: String { "refs/tags/" + name }
}

extension GitRepository {
    /// Whether git accepts `name` as a tag name: a valid `refs/tags/<name>`, not starting with `-`.
    public func isValidTagName(_ name: String) -> Bool {
        var valid: Int32 = 0
        return !name.isEmpty && libgit2.tag_name_is_valid(&valid, name) == 0 && valid != 0
    }

    /// Creates an annotated tag `name` for `target` and returns the tag object's id. Fails with
    /// `referenceMoved(…, expected: nil, …)` if the tag exists: a release tag never silently moves,
    /// unless `force` says it should (git's `tag -f`).
    @discardableResult
    public func createTag(name: String, target: ObjectID, tagger: Signature, message: String,
                          force: Bool = false) throws -> ObjectID {
        adoptIdentityForReflogs()
        return try withHandle { repository in
            let targetObject = try lookupObject(target, kind: nil, in: repository)
            defer { libgit2.object_free(targetObject) }
            let signature = try tagger.makeGitSignature()
            defer { libgit2.signature_free(signature) }
            let storedMessage = message.hasSuffix("\n") ? message : message + "\n"
            var oid = git_oid()
            let code = libgit2.tag_create(&oid, repository, name, targetObject, signature, storedMessage, force ? 1 : 0)
            if code == GIT_EEXISTS.rawValue {
                throw HistoryError.referenceMoved(name: "refs/tags/" + name, expected: nil,
                                                  actual: try resolveReference("refs/tags/" + name))
            }
            if code == GIT_EINVALIDSPEC.rawValue { throw HistoryError.invalidReferenceName(name) }
            try gitCheck(code, "create tag '\(name)'")
            return ObjectID(oid)
        }
    }

    /// Creates a lightweight tag: only the reference `refs/tags/<name>` → `target`.
    public func createLightweightTag(name: String, target: ObjectID) throws {
        try updateReference(name: "refs/tags/" + name, to: target, expected: nil,
                            reflogMessage: "cairn: tag \(name)")
    }

    /// Deletes tag `name` if its reference still points at `expected` (the tag object of an annotated
    /// tag); else `referenceMoved`. A missing tag is `tagNotFound`.
    public func deleteTag(_ name: String, expected: ObjectID) throws {
        guard isValidTagName(name) else { throw HistoryError.invalidTagName(name) }
        do {
            try deleteReference("refs/tags/" + name, expected: expected)
        } catch HistoryError.referenceNotFound {
            throw HistoryError.tagNotFound(name)
        }
    }

    /// Every tag, by name.
    public func listTags() throws -> [Tag] {
        try listReferences(prefix: "refs/tags/").compactMap { reference in
            guard let referenceTarget = reference.target else { return nil }
            return try tag(named: String(reference.name.dropFirst("refs/tags/".count)), pointingAt: referenceTarget)
        }
    }

    /// The tag `name` (short name), or nil if there is none.
    public func tag(named name: String) throws -> Tag? {
        guard let referenceTarget = try reference("refs/tags/" + name)?.target else { return nil }
        return try tag(named: name, pointingAt: referenceTarget)
    }

    private func tag(named name: String, pointingAt referenceTarget: ObjectID) throws -> Tag {
        try withHandle { repository in
            let object = try lookupObject(referenceTarget, kind: nil, in: repository)
            defer { libgit2.object_free(object) }
            guard libgit2.object_type(object) == GIT_OBJECT_TAG else {
                return Tag(name: name, referenceTarget: referenceTarget, target: referenceTarget,
                           tagger: nil, message: nil)
            }
            var peeled: OpaquePointer?
            try gitCheck(libgit2.tag_peel(&peeled, object), "peel tag '\(name)'")
            defer { libgit2.object_free(peeled) }
            return Tag(name: name, referenceTarget: referenceTarget, target: ObjectID(libgit2.object_id(peeled)!),
                       tagger: libgit2.tag_tagger(object).map { Signature($0) },
                       message: libgit2.tag_message(object).map { String(cString: $0) })
        }
    }
}
