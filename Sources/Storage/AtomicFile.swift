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
    ///
    /// Only a new file or a plain regular file is replaced this way. A device, a FIFO or a socket
    /// (`/dev/null`, a named pipe) is written in place: a rename would replace the node itself, and a reader
    /// waiting on a pipe would never see the bytes. So is a symbolic link, as a shell's `>` writes through
    /// one: `/dev/stdout` links to the process's own descriptor, whatever file or pipe that is.
    public static func write(to path: String, _ body: (_ append: ([UInt8]) throws -> Void) throws -> Void) throws {
        try writeBuffers(to: path) { append in
            try withoutActuallyEscaping(append) { append in try body { piece in try piece.withUnsafeBytes(append) } }
        }
    }

    /// `write(to:_:)` for pieces that live in buffers of their own (an Arrow record batch's columns), so
    /// they need not be gathered into an array first.
    public static func writeBuffers(to path: String, _ body: (_ append: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws {
        if writesInPlace(path) {
            let fd = try POSIX.open(path, O_WRONLY | O_TRUNC)
            defer { close(fd) }
            try body { piece in try POSIX.writeAll(fd, piece, path: path) }
            return
        }
        let temporary = try POSIX.writeTemporary(near: path, mode: 0o644, durable: false, body)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot write '\(path)'", errno: code)
        }
    }

    /// Whether `path` names something other than a new file or a plain regular file (or a directory,
    /// which a write refuses): what `write` writes in place.
    public static func writesInPlace(_ path: String) -> Bool {
        var status = stat()
        return lstat(path, &status) == 0 && status.st_mode & S_IFMT != S_IFREG && status.st_mode & S_IFMT != S_IFDIR
    }
}
