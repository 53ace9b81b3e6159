#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX helpers that retry on EINTR and turn failures into `StorageError.io` naming the path.
enum POSIX {
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o644) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            throw StorageError.io("cannot open '\(path)'", errno: errno)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = Glibc.write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("cannot write '\(path)'", errno: errno)
            }
            offset += n
        }
    }

    static func preadAll(_ fd: Int32, into buffer: UnsafeMutableRawBufferPointer, at offset: Int, path: String) throws -> Int {
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("cannot read '\(path)'", errno: errno)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func fsync(_ fd: Int32, path: String) throws {
        if Glibc.fsync(fd) != 0 { throw StorageError.io("cannot fsync '\(path)'", errno: errno) }
    }

    /// fsyncs a directory so that a rename or link inside it survives a power loss.
    static func fsyncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path: path)
    }

    static func fileSize(_ path: String) throws -> Int? {
        var st = stat()
        if stat(path, &st) != 0 {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw StorageError.io("cannot stat '\(path)'", errno: errno)
        }
        return (st.st_mode & S_IFMT) == S_IFREG ? Int(st.st_size) : nil
    }

    /// mkdir -p, fsyncing each parent whose entry list changed.
    static func makeDirectories(_ path: String) throws {
        var st = stat()
        if stat(path, &st) == 0 { return }
        let parent = parentDirectory(path)
        if parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw StorageError.io("cannot create directory '\(path)'", errno: errno)
        }
        try fsyncDirectory(parent)
    }

    static func parentDirectory(_ path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    /// A name for a temporary file next to `path`, unique to this process and call.
    static func temporaryPath(near path: String) -> String {
        "\(parentDirectory(path))/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    }

    /// Writes `bytes` to a new temporary file next to `path` and fsyncs it; returns the temporary's path
    /// (the caller links or renames it into place). Removed again if anything fails.
    static func writeDurableTemporary(near path: String, _ bytes: [UInt8], mode: mode_t) throws -> String {
        try writeTemporary(near: path, mode: mode, durable: true) { append in try bytes.withUnsafeBytes(append) }
    }

    /// A new temporary file next to `path` holding the bytes `body` appends piece by piece (a file too
    /// large to hold in memory), fsynced when `durable`; its path. Removed again if anything fails.
    static func writeTemporary(near path: String, mode: mode_t, durable: Bool,
                               _ body: (_ append: (UnsafeRawBufferPointer) throws -> Void) throws -> Void) throws -> String {
        let temporary = temporaryPath(near: path)
        let fd = try open(temporary, O_WRONLY | O_CREAT | O_EXCL, mode)
        do {
            defer { close(fd) }
            try body { piece in try writeAll(fd, piece, path: temporary) }
            if durable { try fsync(fd, path: temporary) }
        } catch {
            unlink(temporary)
            throw error
        }
        return temporary
    }
}
