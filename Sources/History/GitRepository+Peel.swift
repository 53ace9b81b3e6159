import CGit2

extension GitRepository {
    /// The commit `id` names: itself, or the commit an annotated tag (chain) points at. Throws when the
    /// object is missing or leads to something other than a commit.
    public func peelToCommit(_ id: ObjectID) throws -> ObjectID {
        try withHandle { repository in
            let object = try lookupObject(id, kind: nil, in: repository)
            defer { libgit2.object_free(object) }
            var peeled: OpaquePointer?
            try gitCheck(libgit2.object_peel(&peeled, object, GIT_OBJECT_COMMIT), "peel \(id.hex) to a commit")
            defer { libgit2.object_free(peeled) }
            return ObjectID(libgit2.object_id(peeled)!)
        }
    }
}
