#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive advisory lock on a file (flock). The kernel releases it when the holder exits, even by
/// SIGKILL, so a lock can never be left stale by a dead process.
public final class FileLock {
    private var fd: Int32
    public let path: String

    /// Blocks until the lock is held.
    public init(path: String) throws {
        self.path = path
        try POSIX.makeDirectories(POSIX.parentDirectory(path))
        fd = try POSIX.open(path, O_RDWR | O_CREAT, 0o644)
        while flock(fd, LOCK_EX) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw StorageError.io("cannot lock '\(path)'", errno: code)
        }
    }

    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
