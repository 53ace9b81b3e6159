import CGit2
import Foundation

/// A bare git repository holding the commit graph of a cairn repository (`<repo>/git/`).
///
/// All libgit2 handles stay inside this module. A libgit2 repository handle may be used by one
/// thread at a time, so every operation runs under `accessLock`; that makes sharing one instance
/// between tasks safe, which is why the class can promise `Sendable`. The lock is recursive
/// because operations are built from one another (a revision parse looks up commits, …).
public final class GitRepository: @unchecked Sendable {
    /// The directory of the bare repository (the `git/` directory itself).
    public let path: String

    private let handle: OpaquePointer
    private let accessLock = NSRecursiveLock()

    private init(handle: OpaquePointer, path: String) {
        self.handle = handle
        self.path = path
    }

    deinit {
        git_repository_free(handle)
    }

    /// Creates a new bare repository at `path` (creating missing parent directories) whose HEAD is
    /// the unborn branch `refs/heads/main`, and opens it.
    ///
    /// Reflogs are switched on for every ref (`core.logAllRefUpdates = always`): libgit2 writes them
    /// for a bare repository only when asked, and `main@{2}` / `main@{yesterday}` need them.
    public static func create(at path: String) throws -> GitRepository {
        GitLibrary.ensureInitialised()
        var options = git_repository_init_options()
        try gitCheck(
            git_repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "initialise repository options")
        options.flags = GIT_REPOSITORY_INIT_BARE.rawValue
            | GIT_REPOSITORY_INIT_MKPATH.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var rawHandle: OpaquePointer?
        let code = "main".withCString { initialHead -> Int32 in
            options.initial_head = initialHead
            return git_repository_init_ext(&rawHandle, path, &options)
        }
        if code == GIT_EEXISTS.rawValue { throw HistoryError.repositoryExists(path: path) }
        try gitCheck(code, "create repository at '\(path)'")
        guard let created = rawHandle else { throw HistoryError.notARepository(path: path) }
        defer { git_repository_free(created) }

        var config: OpaquePointer?
        try gitCheck(git_repository_config(&config, created), "open config of '\(path)'")
        defer { git_config_free(config) }
        try gitCheck(git_config_set_string(config, "core.logAllRefUpdates", "always"),
                     "set core.logAllRefUpdates in '\(path)'")
        // Reopen so that libgit2's cached view of the config includes the setting above.
        return try open(at: path)
    }

    /// Opens the bare repository at `path`; a clear error if nothing is there or it is not a repository.
    public static func open(at path: String) throws -> GitRepository {
        GitLibrary.ensureInitialised()
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw HistoryError.notARepository(path: path)
        }
        var rawHandle: OpaquePointer?
        let code = git_repository_open_ext(
            &rawHandle, path,
            GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue,
            nil)
        if code == GIT_ENOTFOUND.rawValue { throw HistoryError.notARepository(path: path) }
        try gitCheck(code, "open repository at '\(path)'")
        guard let opened = rawHandle else { throw HistoryError.notARepository(path: path) }
        let repository = GitRepository(handle: opened, path: path)
        repository.adoptIdentityForReflogs()
        return repository
    }

    /// Convenience overloads for file URLs.
    public static func create(at url: URL) throws -> GitRepository { try create(at: url.path) }
    public static func open(at url: URL) throws -> GitRepository { try open(at: url.path) }

    /// Runs `body` with exclusive use of the libgit2 handle.
    func withHandle<Result>(_ body: (OpaquePointer) throws -> Result) rethrows -> Result {
        accessLock.lock()
        defer { accessLock.unlock() }
        return try body(handle)
    }

    /// Reflog entries name who moved a ref. libgit2 would take user.name from git config or write
    /// "unknown"; use the same identity as commits instead, so `CAIRN_AUTHOR_NAME` applies here too.
    private func adoptIdentityForReflogs() {
        let identity = Signature.resolve()
        withHandle { repository in
            _ = git_repository_set_ident(repository, identity.name, identity.email)
        }
    }
}

// MARK: - Objects and blobs

/// The kinds of object a git repository stores.
public enum ObjectKind: String, Sendable, Equatable {
    case commit, tree, blob, tag

    init?(_ type: git_object_t) {
        switch type {
        case GIT_OBJECT_COMMIT: self = .commit
        case GIT_OBJECT_TREE: self = .tree
        case GIT_OBJECT_BLOB: self = .blob
        case GIT_OBJECT_TAG: self = .tag
        default: return nil
        }
    }

    var gitType: git_object_t {
        switch self {
        case .commit: return GIT_OBJECT_COMMIT
        case .tree: return GIT_OBJECT_TREE
        case .blob: return GIT_OBJECT_BLOB
        case .tag: return GIT_OBJECT_TAG
        }
    }
}

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
