#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a user's output file so that a reader never sees half of it: temp file, fsync, rename.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = POSIX.temporaryPath(near: path)
        let fd = try POSIX.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        do {
            defer { close(fd) }
            try bytes.withUnsafeBytes { try POSIX.writeAll(fd, $0, path: temporary) }
            try POSIX.fsync(fd, path: temporary)
        } catch {
            unlink(temporary)
            throw error
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot write '\(path)'", errno: code)
        }
    }
}
