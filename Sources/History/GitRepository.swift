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

    /// Opened on first use (`withHandle`): a command that reads only through `loose` never loads libgit2.
    private var handle: OpaquePointer?
    private let accessLock = NSRecursiveLock()
    /// Whether `adoptIdentityForReflogs` has run; guarded by `accessLock`.
    private var identityAdopted = false
    /// Refs, loose objects and config read without libgit2, where they can be.
    let loose: LooseHistoryReader
    /// Whether reads try `loose` first. Tests turn it off to compare its answers with libgit2's.
    var readsLooseFiles = true

    private init(path: String) {
        self.path = path
        loose = LooseHistoryReader(gitDirectory: path)
    }

    deinit {
        if let handle { libgit2.repository_free(handle) }
    }

    /// Creates a new bare repository at `path` (creating missing parent directories) whose HEAD is
    /// the unborn branch `refs/heads/main`, and opens it.
    ///
    /// Reflogs are switched on for every ref (`core.logAllRefUpdates = always`): libgit2 writes them
    /// for a bare repository only when asked, and `main@{2}` / `main@{yesterday}` need them.
    public static func create(at path: String) throws -> GitRepository {
        var options = git_repository_init_options()
        try gitCheck(
            libgit2.repository_init_options_init(&options, UInt32(GIT_REPOSITORY_INIT_OPTIONS_VERSION)),
            "initialise repository options")
        options.flags = GIT_REPOSITORY_INIT_BARE.rawValue
            | GIT_REPOSITORY_INIT_MKPATH.rawValue
            | GIT_REPOSITORY_INIT_NO_REINIT.rawValue
        var rawHandle: OpaquePointer?
        let code = "main".withCString { initialHead -> Int32 in
            options.initial_head = initialHead
            return libgit2.repository_init_ext(&rawHandle, path, &options)
        }
        if code == GIT_EEXISTS.rawValue { throw HistoryError.repositoryExists(path: path) }
        try gitCheck(code, "create repository at '\(path)'")
        guard let created = rawHandle else { throw HistoryError.notARepository(path: path) }
        defer { libgit2.repository_free(created) }

        var config: OpaquePointer?
        try gitCheck(libgit2.repository_config(&config, created), "open config of '\(path)'")
        defer { libgit2.config_free(config) }
        try gitCheck(libgit2.config_set_string(config, "core.logAllRefUpdates", "always"),
                     "set core.logAllRefUpdates in '\(path)'")
        // Reopen so that libgit2's cached view of the config includes the setting above.
        return try open(at: path)
    }

    /// Opens the bare repository at `path`; a clear error if nothing is there or it is not a repository.
    /// libgit2 opens it on first use, so this checks what libgit2 requires of a bare repository: the
    /// `objects` and `refs` directories and a `HEAD` file.
    public static func open(at path: String) throws -> GitRepository {
        var isDirectory: ObjCBool = false
        let fm = FileManager.default
        guard fm.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue,
              fm.fileExists(atPath: path + "/objects", isDirectory: &isDirectory), isDirectory.boolValue,
              fm.fileExists(atPath: path + "/refs", isDirectory: &isDirectory), isDirectory.boolValue,
              fm.fileExists(atPath: path + "/HEAD", isDirectory: &isDirectory), !isDirectory.boolValue else {
            throw HistoryError.notARepository(path: path)
        }
        return GitRepository(path: path)
    }

    private static func openHandle(at path: String) throws -> OpaquePointer {
        var rawHandle: OpaquePointer?
        let code = libgit2.repository_open_ext(
            &rawHandle, path,
            GIT_REPOSITORY_OPEN_NO_SEARCH.rawValue | GIT_REPOSITORY_OPEN_BARE.rawValue,
            nil)
        if code == GIT_ENOTFOUND.rawValue { throw HistoryError.notARepository(path: path) }
        try gitCheck(code, "open repository at '\(path)'")
        guard let opened = rawHandle else { throw HistoryError.notARepository(path: path) }
        return opened
    }

    /// Convenience overloads for file URLs.
    public static func create(at url: URL) throws -> GitRepository { try create(at: url.path) }
    public static func open(at url: URL) throws -> GitRepository { try open(at: url.path) }

    /// Runs `body` with exclusive use of the libgit2 handle.
    func withHandle<Result>(_ body: (OpaquePointer) throws -> Result) throws -> Result {
        accessLock.lock()
        defer { accessLock.unlock() }
        if handle == nil { handle = try Self.openHandle(at: path) }
        return try body(handle!)
    }

    /// Reflog entries name who moved a ref. libgit2 would take user.name from git config or write
    /// "unknown"; use the same identity as commits instead, so `CAIRN_AUTHOR_NAME` applies here too.
    /// Called before a ref moves rather than at open: finding the identity reads git's config files,
    /// which a read-only command (`log`, `rev-parse`, `branch` listing) has no use for.
    func adoptIdentityForReflogs() {
        // A repository libgit2 cannot open fails the ref update that follows, with the reason.
        _ = try? withHandle { repository in
            guard !identityAdopted else { return }
            let identity = Signature.resolve()
            _ = libgit2.repository_set_ident(repository, identity.name, identity.email)
            identityAdopted = true
        }
    }
}
