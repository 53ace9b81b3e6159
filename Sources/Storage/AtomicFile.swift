#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a user's output file so that a reader never sees half of it: temp file, fsync, rename.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        let temporary = try POSIX.writeDurableTemporary(near: path, bytes, mode: 0o644)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot write '\(path)'", errno: code)
        }
    }
}
