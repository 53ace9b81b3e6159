#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writing a user's output file so that a reader never sees half of it: a temporary file, renamed into
/// place once complete. Not fsynced, as `cp` or an h5ad writer do not: an output is made again if a power
/// loss takes it, and fsyncing a cell-type slice's 16 MB took 12 ms of its 300 (the repository's own
/// files are durable: LocalObjectStore).
public enum AtomicFile {
    public static func write(_ bytes: [UInt8], to path: String) throws {
        try write(to: path) { append in try append(bytes) }
    }

    /// The same for a file written piece by piece (too large to hold in memory): `body` appends its
    /// pieces in order, and the file appears at `path` only once `body` returns; if it throws, nothing
    /// appears and the partial file is removed.
    public static func write(to path: String, _ body: (_ append: ([UInt8]) throws -> Void) throws -> Void) throws {
        let temporary = try POSIX.writeTemporary(near: path, mode: 0o644, durable: false, body)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot write '\(path)'", errno: code)
        }
    }
}
