#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A temporary file holding sorted runs (a CSC import's transposition, a gene index's build). It is
/// unlinked as soon as it is created, so nothing is left behind however the work ends. Blocks go in and
/// come back with positioned writes and reads, so a sort's workers write their parts of a run side by
/// side and every run's cursor shares the one descriptor.
public final class SpillFile: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    /// Bytes reserved so far (only the sorting thread reserves).
    public private(set) var size = 0

    public init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-runs-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw StorageError.io("\(path): cannot create a sort run file", errno: errno) }
        unlink(path)
    }

    deinit { close(fd) }

    /// Sets aside the next `byteCount` bytes of the file and returns their offset, for `write` to fill.
    public func reserve(_ byteCount: Int) -> Int {
        defer { size += byteCount }
        return size
    }

    /// Writes `bytes` at `offset` (within reserved space); workers may write disjoint ranges concurrently.
    public func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw StorageError.io("\(path): cannot write a sort run", errno: errno)
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset` into `destination`.
    public func read(into destination: UnsafeMutableRawPointer, count: Int, at offset: Int) throws {
        let read = try POSIX.preadAll(fd, into: UnsafeMutableRawBufferPointer(start: destination, count: count), at: offset, path: path)
        guard read == count else { throw StorageError.io("\(path): cannot read a sort run back (file truncated)", errno: EIO) }
    }
}
