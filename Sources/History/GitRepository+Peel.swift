import CGit2

extension GitRepository {
    /// The commit `id` names: itself, or the commit an annotated tag (chain) points at. Throws when the
    /// object is missing or leads to something other than a commit.
    public func peelToCommit(_ id: ObjectID) throws -> ObjectID {
        try withHandle { repository in
            let object = try lookupObject(id, kind: nil, in: repository)
            defer { git_object_free(object) }
            var peeled: OpaquePointer?
            try gitCheck(git_object_peel(&peeled, object, GIT_OBJECT_COMMIT), "peel \(id.hex) to a commit")
            defer { git_object_free(peeled) }
            return ObjectID(git_object_id(peeled))
        }
    }
}
