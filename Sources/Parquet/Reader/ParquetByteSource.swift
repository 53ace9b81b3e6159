#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where a reader gets a file's bytes: ranged reads, so that a reader fetches only the footer, the page
/// index and the column chunks it needs (from memory, a local file, or an object store above this layer).
public protocol ParquetByteSource {
    var size: Int { get }
    func read(_ range: Range<Int>) throws -> [UInt8]
}

public struct InMemoryByteSource: ParquetByteSource {
    public let bytes: [UInt8]
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var size: Int { bytes.count }

    public func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= bytes.count else {
            throw ParquetError.corrupt("byte range \(range.lowerBound)..<\(range.upperBound) outside the \(bytes.count)-byte file")
        }
        return Array(bytes[range])
    }
}

/// A local file read with pread(2).
public final class FileByteSource: ParquetByteSource {
    public let path: String
    public let size: Int
    private let fd: Int32

    public init(path: String) throws {
        self.path = path
        fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ParquetError.invalidArgument("cannot open \(path): \(String(cString: strerror(errno)))") }
        var st = stat()
        guard fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else {
            close(fd)
            throw ParquetError.invalidArgument("\(path) is not a regular file")
        }
        size = Int(st.st_size)
    }

    deinit { close(fd) }

    public func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw ParquetError.corrupt("byte range \(range.lowerBound)..<\(range.upperBound) outside the \(size)-byte file")
        }
        var done = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: range.count) { buffer, count in
            while done < range.count {
                let n = pread(fd, buffer.baseAddress! + done, range.count - done, off_t(range.lowerBound + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    count = done
                    throw ParquetError.invalidArgument("cannot read \(path): \(String(cString: strerror(errno)))")
                }
                if n == 0 { break }
                done += n
            }
            count = done
        }
        guard done == range.count else { throw ParquetError.corrupt("\(path) ended at byte \(range.lowerBound + done)") }
        return bytes
    }
}
