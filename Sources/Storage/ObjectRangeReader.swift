#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Ranged reads of one object, opened once: a scattered slice reads thousands of pages of one fragment,
/// and opening, checking and closing the file for each cost more than the reads.
public protocol ObjectRangeReader: Sendable {
    var size: Int { get }
    /// `range` of the object's bytes; throws `rangeOutOfBounds` if it reaches past the end.
    func read(_ range: Range<Int>) throws -> [UInt8]
}

extension ObjectStore {
    /// Stores without a cheaper way read each range on its own.
    public func rangeReader(_ key: String) throws -> any ObjectRangeReader {
        guard let size = try size(of: key) else { throw StorageError.notFound(key) }
        return RangeGetter(store: self, key: key, size: size)
    }
}

extension LocalObjectStore {
    /// One open file.
    public func rangeReader(_ key: String) throws -> any ObjectRangeReader { try LocalObjectFile(store: self, key: key) }
}

/// Each range a `get` of its own.
private struct RangeGetter: ObjectRangeReader {
    let store: any ObjectStore
    let key: String
    let size: Int

    func read(_ range: Range<Int>) throws -> [UInt8] { try store.get(key, range: range) }
}

/// One open file descriptor, read with `pread` (safe from several threads at once), closed when the
/// last reference goes.
final class LocalObjectFile: ObjectRangeReader, @unchecked Sendable {
    let size: Int
    private let fd: Int32
    private let key: String
    private let path: String

    init(store: LocalObjectStore, key: String) throws {
        path = try store.path(key)
        self.key = key
        do { fd = try POSIX.open(path, O_RDONLY) } catch StorageError.io(_, let code) where code == ENOENT {
            throw StorageError.notFound(key)
        }
        var status = stat()
        guard fstat(fd, &status) == 0 else {
            let code = errno
            close(fd)
            throw StorageError.io("cannot stat '\(path)'", errno: code)
        }
        size = Int(status.st_size)
    }

    deinit { close(fd) }

    func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw StorageError.rangeOutOfBounds(key: key, range: range, size: size)
        }
        var got = 0
        let bytes = try [UInt8](unsafeUninitializedCapacity: range.count) { buffer, initialized in
            got = try POSIX.preadAll(fd, into: UnsafeMutableRawBufferPointer(buffer), at: range.lowerBound, path: path)
            initialized = got
        }
        if got != range.count { throw StorageError.rangeOutOfBounds(key: key, range: range, size: range.lowerBound + got) }
        return bytes
    }
}
