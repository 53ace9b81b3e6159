#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A temporary file holding sorted runs. It is unlinked as soon as it is created, so nothing is left behind
/// however the import ends. Appends go through a large write buffer; reads are positioned (pread), so every
/// run's cursor shares the one descriptor.
final class SpillFile {
    private let fd: Int32
    private let path: String
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var buffered = 0
    /// Bytes appended so far, buffered ones included: the offset of the next append.
    private(set) var size = 0

    init(bufferBytes: Int = 4 << 20) throws {
        var template = Array((NSTemporaryDirectory() as NSString).appendingPathComponent("cairn-transpose-XXXXXX").utf8CString)
        fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        guard fd >= 0 else { throw SourceError("\(path): cannot create a sort run file (\(String(cString: strerror(errno))))") }
        unlink(path)
        capacity = bufferBytes
        buffer = .allocate(byteCount: capacity, alignment: 16)
    }

    deinit {
        close(fd)
        buffer.deallocate()
    }

    /// Appends `byteCount` bytes that `fill` writes at the pointer it is given.
    func append(byteCount: Int, _ fill: (UnsafeMutableRawPointer) -> Void) throws {
        if buffered + byteCount > capacity {
            try flush()
            if byteCount > capacity {
                buffer.deallocate()
                capacity = byteCount
                buffer = .allocate(byteCount: capacity, alignment: 16)
            }
        }
        fill(buffer + buffered)
        buffered += byteCount
        size += byteCount
    }

    /// Writes out what is buffered, so that `read` sees everything appended.
    func flush() throws {
        var done = 0
        while done < buffered {
            let n = pwrite(fd, buffer + done, buffered - done, off_t(size - buffered + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw SourceError("\(path): cannot write a sort run (\(String(cString: strerror(errno))))")
            }
            done += n
        }
        buffered = 0
    }

    /// Reads `count` bytes at `offset` (within what was flushed) into `destination`.
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
