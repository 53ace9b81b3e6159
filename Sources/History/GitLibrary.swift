import CGit2

/// Process-wide libgit2 set-up, done exactly once before any repository is touched.
///
/// `git_libgit2_init` is reference counted and we never shut it down: the library lives as long as
/// the process. Swift runs a `static let` initialiser once, thread-safely (swift_once), which gives
/// us the once-per-process guarantee without a lock of our own.
enum GitLibrary {
    private static let initialised: Bool = {
        git_libgit2_init()
        // Durability (DESIGN §3): objects, refs and the index are fsynced before they are renamed into
        // place, so a ref never points at an object that a power loss could take away.
        _ = cairn_git_enable_fsync(1)
        // Refuse to write a commit or tree that refers to an object we do not have.
        _ = cairn_git_enable_strict_object_creation(1)
        return true
    }()

    /// Call before the first libgit2 call in any public entry point.
    static func ensureInitialised() {
        _ = initialised
    }
}
