import CGit2
import Foundation

extension GitRepository {
    /// Stores `data` as a blob and returns its id (existing identical blobs are reused by git).
    @discardableResult
    public func writeBlob(_ data: Data) throws -> ObjectID {
        try withHandle { repository in
            var oid = git_oid()
            let code = data.withUnsafeBytes { buffer in
                git_blob_create_from_buffer(&oid, repository, buffer.baseAddress, buffer.count)
            }
            try gitCheck(code, "write blob")
            return ObjectID(oid)
        }
    }

    /// The bytes of blob `id`.
    public func readBlob(_ id: ObjectID) throws -> Data {
        try withHandle { repository in
            let blob = try lookupObject(id, kind: .blob, in: repository)
            defer { git_object_free(blob) }
            return Self.blobData(blob)
        }
    }

    /// Whether an object with this id is stored.
    public func contains(_ id: ObjectID) -> Bool {
        withHandle { repository in
            var odb: OpaquePointer?
            guard git_repository_odb(&odb, repository) == 0 else { return false }
            defer { git_odb_free(odb) }
            var oid = id.gitOID
            return git_odb_exists(odb, &oid) == 1
        }
    }

    /// The kind of object `id`, or nil if it is not stored.
    public func objectKind(of id: ObjectID) throws -> ObjectKind? {
        try withHandle { repository in
            var oid = id.gitOID
            var object: OpaquePointer?
            let code = git_object_lookup(&object, repository, &oid, GIT_OBJECT_ANY)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try gitCheck(code, "look up object \(id.hex)")
            defer { git_object_free(object) }
            return ObjectKind(git_object_type(object))
        }
    }

    // MARK: Internal helpers shared by the other facets

    /// Looks up object `id`, requiring `kind` (nil: any). The caller frees the result.
    func lookupObject(_ id: ObjectID, kind: ObjectKind?, in repository: OpaquePointer) throws -> OpaquePointer {
        var oid = id.gitOID
        var object: OpaquePointer?
        let code = git_object_lookup(&object, repository, &oid, GIT_OBJECT_ANY)
        try gitCheck(code, "look up object \(id.hex)")
        guard let found = object else { throw HistoryError.from(code: -1, operation: "look up object \(id.hex)") }
        if let kind, git_object_type(found) != kind.gitType {
            let actual = ObjectKind(git_object_type(found))?.rawValue ?? "unknown object"
            git_object_free(found)
            throw HistoryError.wrongObjectKind(id: id, expected: kind.rawValue, actual: actual)
        }
        return found
    }

    /// Looks up the tree of `id`, which may name a tree, a commit, or a tag of either.
    /// The caller frees the result.
    func lookupTree(_ id: ObjectID, in repository: OpaquePointer) throws -> OpaquePointer {
        let object = try lookupObject(id, kind: nil, in: repository)
        defer { git_object_free(object) }
        if git_object_type(object) == GIT_OBJECT_TREE {
            var copy: OpaquePointer?
            try gitCheck(git_object_dup(&copy, object), "duplicate tree handle")
            return copy!
        }
        var tree: OpaquePointer?
        let code = git_object_peel(&tree, object, GIT_OBJECT_TREE)
        if code < 0 {
            let actual = ObjectKind(git_object_type(object))?.rawValue ?? "unknown object"
            throw HistoryError.wrongObjectKind(id: id, expected: "tree", actual: actual)
        }
        return tree!
    }

    static func blobData(_ blob: OpaquePointer) -> Data {
        let size = Int(git_blob_rawsize(blob))
        guard size > 0, let content = git_blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }
}
