#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An advisory lock on a file (flock). The kernel releases it when the holder exits, even by SIGKILL,
/// so a lock can never be left stale by a dead process.
public final class FileLock {
    private var fd: Int32
    public let path: String

    /// Exclusive: one holder. Shared: any number of holders, none while someone holds it exclusively.
    public enum Mode: Sendable { case exclusive, shared }

    /// Blocks until the lock is held.
    public init(path: String, mode: Mode = .exclusive) throws {
        self.path = path
        fd = try FileLock.openLockFile(path)
        while flock(fd, mode == .exclusive ? LOCK_EX : LOCK_SH) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            throw StorageError.io("cannot lock '\(path)'", errno: code)
        }
    }

    /// Takes the lock if nobody holds it in a conflicting mode right now; nil if someone does.
    public static func attempt(path: String, mode: Mode = .exclusive) throws -> FileLock? {
        let fd = try openLockFile(path)
        while flock(fd, (mode == .exclusive ? LOCK_EX : LOCK_SH) | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            let code = errno
            close(fd)
            if code == EWOULDBLOCK { return nil }
            throw StorageError.io("cannot lock '\(path)'", errno: code)
        }
        return FileLock(path: path, lockedDescriptor: fd)
    }

    private init(path: String, lockedDescriptor: Int32) {
        self.path = path
        fd = lockedDescriptor
    }

    private static func openLockFile(_ path: String) throws -> Int32 {
        try POSIX.makeDirectories(POSIX.parentDirectory(path))
        return try POSIX.open(path, O_RDWR | O_CREAT, 0o644)
    }

    public func unlock() {
        guard fd >= 0 else { return }
        flock(fd, LOCK_UN)
        close(fd)
        fd = -1
    }

    deinit { unlock() }
}
