import CGit2
import Foundation

extension GitRepository {
    /// Writes a commit of `tree` with `parents` and returns its id. No ref moves: the caller
    /// publishes the commit afterwards with `updateReference` (a compare-and-swap), so a commit
    /// that loses a race is merely unreachable.
    public func createCommit(tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
                             message: String) throws -> ObjectID {
        try withHandle { repository in
            let treeObject = try lookupObject(tree, kind: .tree, in: repository)
            defer { libgit2.object_free(treeObject) }

            var parentObjects: [OpaquePointer?] = []
            defer { parentObjects.forEach { libgit2.object_free($0) } }
            for parent in parents {
                parentObjects.append(try lookupObject(parent, kind: .commit, in: repository))
            }

            let authorSignature = try author.makeGitSignature()
            defer { libgit2.signature_free(authorSignature) }
            let committerSignature = try committer.makeGitSignature()
            defer { libgit2.signature_free(committerSignature) }

            // Like git, end the message with a newline so that `git log` and `git cat-file` agree.
            let storedMessage = message.hasSuffix("\n") ? message : message + "\n"
            var oid = git_oid()
            let code = parentObjects.withUnsafeMutableBufferPointer { buffer in
                // git_commit_create takes `const git_commit *parents[]`; a commit is a git_object.
                buffer.withMemoryRebound(to: OpaquePointer?.self) { parentsBuffer in
                    libgit2.commit_create(&oid, repository, nil, authorSignature, committerSignature, nil,
                                      storedMessage, treeObject, parents.count, parentsBuffer.baseAddress)
                }
            }
            try gitCheck(code, "create commit of tree \(tree.hex)")
            return ObjectID(oid)
        }
    }

    /// Reads commit `id`.
    public func commit(_ id: ObjectID) throws -> Commit {
        try withHandle { repository in
            let object = try lookupObject(id, kind: .commit, in: repository)
            defer { libgit2.object_free(object) }
            return Self.commitValue(object)
        }
    }

    /// Converts a libgit2 commit (looked up by the caller) into a `Commit`.
    static func commitValue(_ commit: OpaquePointer) -> Commit {
        let parentCount = Int(libgit2.commit_parentcount(commit))
        let parents = (0..<parentCount).compactMap { index in
            libgit2.commit_parent_id(commit, UInt32(index)).map { ObjectID($0) }
        }
        let message = libgit2.commit_message_raw(commit).map { String(cString: $0) } ?? ""
        return Commit(
            id: ObjectID(libgit2.commit_id(commit)!),
            tree: ObjectID(libgit2.commit_tree_id(commit)!),
            parents: parents,
            author: Signature(libgit2.commit_author(commit)!),
            committer: Signature(libgit2.commit_committer(commit)!),
            message: message)
    }
}
