import CGit2
import Foundation

extension GitRepository {
    /// Stores `data` as a blob and returns its id (existing identical blobs are reused by git).
    @discardableResult
    public func writeBlob(_ data: Data) throws -> ObjectID {
        try withHandle { repository in
            var oid = git_oid()
            let code = data.withUnsafeBytes { buffer in
                libgit2.blob_create_from_buffer(&oid, repository, buffer.baseAddress, buffer.count)
            }
            try gitCheck(code, "write blob")
            return ObjectID(oid)
        }
    }

    /// The bytes of blob `id`, from any number of threads at once: a loose blob is read and checked on the
    /// calling thread (`LooseObject`), anything else through libgit2, one thread at a time.
    public func readBlob(_ id: ObjectID) throws -> Data {
        if readsLooseFiles, let content = LooseObject.blob(id, objectsDirectory: path + "/objects") { return content }
        return try withHandle { repository in
            let blob = try lookupObject(id, kind: .blob, in: repository)
            defer { libgit2.object_free(blob) }
            return Self.blobData(blob)
        }
    }

    /// Whether an object with this id is stored.
    public func contains(_ id: ObjectID) -> Bool {
        (try? withHandle { repository in
            var odb: OpaquePointer?
            guard libgit2.repository_odb(&odb, repository) == 0 else { return false }
            defer { libgit2.odb_free(odb) }
            var oid = id.gitOID
            return libgit2.odb_exists(odb, &oid) == 1
        }) ?? false
    }

    /// The kind of object `id`, or nil if it is not stored.
    public func objectKind(of id: ObjectID) throws -> ObjectKind? {
        try withHandle { repository in
            var oid = id.gitOID
            var object: OpaquePointer?
            let code = libgit2.object_lookup(&object, repository, &oid, GIT_OBJECT_ANY)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try gitCheck(code, "look up object \(id.hex)")
            defer { libgit2.object_free(object) }
            return ObjectKind(libgit2.object_type(object))
        }
    }

    // MARK: Internal helpers shared by the other facets

    /// Looks up object `id`, requiring `kind` (nil: any). The caller frees the result.
    func lookupObject(_ id: ObjectID, kind: ObjectKind?, in repository: OpaquePointer) throws -> OpaquePointer {
        var oid = id.gitOID
        var object: OpaquePointer?
        let code = libgit2.object_lookup(&object, repository, &oid, GIT_OBJECT_ANY)
        try gitCheck(code, "look up object \(id.hex)")
        guard let found = object else { throw HistoryError.from(code: -1, operation: "look up object \(id.hex)") }
        if let kind, libgit2.object_type(found) != kind.gitType {
            let actual = ObjectKind(libgit2.object_type(found))?.rawValue ?? "unknown object"
            libgit2.object_free(found)
            throw HistoryError.wrongObjectKind(id: id, expected: kind.rawValue, actual: actual)
        }
        return found
    }

    /// Looks up the tree of `id`, which may name a tree, a commit, or a tag of either.
    /// The caller frees the result.
    func lookupTree(_ id: ObjectID, in repository: OpaquePointer) throws -> OpaquePointer {
        let object = try lookupObject(id, kind: nil, in: repository)
        defer { libgit2.object_free(object) }
        if libgit2.object_type(object) == GIT_OBJECT_TREE {
            var copy: OpaquePointer?
            try gitCheck(libgit2.object_dup(&copy, object), "duplicate tree handle")
            return copy!
        }
        var tree: OpaquePointer?
        let code = libgit2.object_peel(&tree, object, GIT_OBJECT_TREE)
        if code < 0 {
            let actual = ObjectKind(libgit2.object_type(object))?.rawValue ?? "unknown object"
            throw HistoryError.wrongObjectKind(id: id, expected: "tree", actual: actual)
        }
        return tree!
    }

    static func blobData(_ blob: OpaquePointer) -> Data {
        let size = Int(libgit2.blob_rawsize(blob))
        guard size > 0, let content = libgit2.blob_rawcontent(blob) else { return Data() }
        return Data(bytes: content, count: size)
    }
}
