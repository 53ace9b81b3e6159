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
    /// Whether `adoptIdentityForReflogs` has run; guarded by `accessLock`.
    private var identityAdopted = false

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
        return GitRepository(handle: opened, path: path)
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
    /// Called before a ref moves rather than at open: finding the identity reads git's config files,
    /// which a read-only command (`log`, `rev-parse`, `branch` listing) has no use for.
    func adoptIdentityForReflogs() {
        withHandle { repository in
            guard !identityAdopted else { return }
            let identity = Signature.resolve()
            _ = git_repository_set_ident(repository, identity.name, identity.email)
            identityAdopted = true
        }
    }
}
