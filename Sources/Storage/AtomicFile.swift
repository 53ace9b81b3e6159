#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a user's output file so that a reader never sees half of it: temp file, fsync, rename.
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { append in try append(bytes) }
    }

    /// The same for a file written piece by piece (too large to hold in memory): `body` appends its
    /// pieces in order, and the file appears at `path` only once `body` returns; if it throws, nothing
    /// appears and the partial file is removed.
    public static func write(to path: String, _ body: (_ append: ([UInt8]) throws -> Void) throws -> Void) throws {
        let temporary = try POSIX.writeDurableTemporary(near: path, mode: 0o644, body)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot write '\(path)'", errno: code)
        }
    }
}
