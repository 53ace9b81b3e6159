#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A temporary file holding sorted runs. It is unlinked as soon as it is created, so nothing is left behind
/// however the import ends. Blocks go in and come back with positioned writes and reads, so the sort's
/// workers write their parts of a run side by side and every run's cursor shares the one descriptor.
final class SpillFile: @unchecked Sendable {
    private let fd: Int32
    private let path: String
    /// Bytes reserved so far (only the sorting thread reserves).
    private(set) var size = 0

    init() throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-transpose-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw SourceError("\(path): cannot create a sort run file (\(String(cString: strerror(errno))))") }
        unlink(path)
    }

    deinit { close(fd) }

    /// Sets aside the next `byteCount` bytes of the file and returns their offset, for `write` to fill.
    func reserve(_ byteCount: Int) -> Int {
        defer { size += byteCount }
        return size
    }

    /// Writes `bytes` at `offset` (within reserved space); workers may write disjoint ranges concurrently.
    func write(_ bytes: UnsafeRawBufferPointer, at offset: Int) throws {
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SourceError("\(path): cannot write a sort run (\(String(cString: strerror(errno))))")
            }
            done += n
        }
    }

    /// Reads `count` bytes at `offset` into `destination`.
    func read(into destination: UnsafeMutableRawPointer, count: Int, at offset: Int) throws {
        var done = 0
        while done < count {
            let n = pread(fd, destination + done, count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else { throw SourceError("\(path): cannot read a sort run back (\(n < 0 ? String(cString: strerror(errno)) : "file truncated"))") }
            done += n
        }
    }
}
