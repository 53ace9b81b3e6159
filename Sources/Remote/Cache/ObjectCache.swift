import Foundation
import Storage
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A local, content-addressed cache of remote bytes, shared by every clone and in-place read on this
/// machine: whole objects (verified against their SHA-256, history packs among them) under
/// `objects/ab/cdef…`, and fixed-size blocks of large objects read by range under `blocks/<hash>/<n>`.
/// Bounded in size: least recently used files go first (a hit touches the file's modification time).
/// Files are written to a temporary name and renamed, so processes share the cache safely.
public final class ObjectCache: @unchecked Sendable {
    public let directory: String
    public let limitBytes: Int
    /// Bytes of a block: reads of large objects fetch whole aligned blocks, so neighbouring pages of one
    /// column chunk come in one request.
    public let blockBytes: Int
    private let usage = NSLock()
    private var knownBytes: Int?

    public static let defaultLimitBytes = 10 << 30
    public static let defaultBlockBytes = BlockDigests.standardBlockBytes

    public init(directory: String, limitBytes: Int = ObjectCache.defaultLimitBytes, blockBytes: Int = ObjectCache.defaultBlockBytes) {
        self.directory = directory.hasSuffix("/") && directory.count > 1 ? String(directory.dropLast()) : directory
        self.limitBytes = limitBytes
        self.blockBytes = blockBytes
    }

    /// `--cache-dir`, else `CAIRN_CACHE_DIR`, else `$XDG_CACHE_HOME/cairn`, else `~/.cache/cairn`; the
    /// bound from `CAIRN_CACHE_SIZE` (bytes, or with a K, M, G or T suffix).
    public static func standard(directory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> ObjectCache {
        let chosen = directory ?? environment["CAIRN_CACHE_DIR"]
            ?? environment["XDG_CACHE_HOME"].map { $0 + "/cairn" }
            ?? (environment["HOME"] ?? NSHomeDirectory()) + "/.cache/cairn"
        var limit = defaultLimitBytes
        if let text = environment["CAIRN_CACHE_SIZE"] {
            guard let parsed = parseSize(text) else { throw RemoteError.invalidSetting("CAIRN_CACHE_SIZE", text, "a size such as 5G, 500M or 1048576") }
            limit = parsed
        }
        return ObjectCache(directory: URL(fileURLWithPath: chosen).standardizedFileURL.path, limitBytes: limit)
    }

    static func parseSize(_ text: String) -> Int? {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var digits = Substring(text.uppercased())
        var scale = 1
        if digits.hasSuffix("B") { digits = digits.dropLast() }
        if let last = digits.last, let unit = units[last] { scale = unit; digits = digits.dropLast() }
        guard let value = Double(digits), value >= 0, value * Double(scale) < 9e18 else { return nil }
        return Int(value * Double(scale))
    }

    // MARK: whole objects

    func objectPath(_ hash: ObjectHash) -> String { "\(directory)/\(hash.key)" }

    /// A verified whole object, or nil.
    public func object(_ hash: ObjectHash) -> [UInt8]? { readFile(objectPath(hash)) }

    /// `range` of a cached whole object, or nil when the object is not cached whole.
    func range(of hash: ObjectHash, _ range: Range<Int>) -> [UInt8]? { readFile(objectPath(hash), range: range) }

    /// Keeps `bytes` as the object `hash` after checking they hash to it.
    public func storeObject(_ hash: ObjectHash, _ bytes: [UInt8]) throws {
        let actual = ObjectHash.of(bytes)
        guard actual == hash else { throw StorageError.hashMismatch(key: hash.key, expected: hash.hex, actual: actual.hex) }
        try writeFile(objectPath(hash), bytes)
    }

    // MARK: blocks of large objects

    /// `blocks/ab/cdef…/<block bytes>-<n>`: the block size is part of the name, so readers using
    /// different sizes never mix their blocks.
    func blockPath(_ hash: ObjectHash, _ index: Int, of blockBytes: Int) -> String {
        "\(directory)/blocks/\(hash.hex.prefix(2))/\(hash.hex.dropFirst(2))/\(blockBytes)-\(index)"
    }

    func block(_ hash: ObjectHash, _ index: Int, of blockBytes: Int) -> [UInt8]? { readFile(blockPath(hash, index, of: blockBytes)) }

    func storeBlock(_ hash: ObjectHash, _ index: Int, of blockBytes: Int, _ bytes: [UInt8]) throws {
        try writeFile(blockPath(hash, index, of: blockBytes), bytes)
    }

    // MARK: files

    private func readFile(_ path: String, range: Range<Int>? = nil) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var status = stat()
        guard fstat(fd, &status) == 0 else { return nil }
        let size = Int(status.st_size)
        let wanted = range ?? 0..<size
        guard wanted.lowerBound >= 0, wanted.upperBound <= size else { return nil }
        var got = 0
        let bytes = [UInt8](unsafeUninitializedCapacity: wanted.count) { buffer, initialized in
            while got < wanted.count {
                let n = pread(fd, buffer.baseAddress! + got, wanted.count - got, off_t(wanted.lowerBound + got))
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                got += n
            }
            initialized = got
        }
        guard got == wanted.count else { return nil }
        // Touch: recency for the LRU bound.
        futimens(fd, nil)
        return bytes
    }

    private func writeFile(_ path: String, _ bytes: [UInt8]) throws {
        let parent = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true)
        let temporary = "\(parent)/.tmp-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
        guard FileManager.default.createFile(atPath: temporary, contents: Data(bytes)) else {
            throw StorageError.io("cannot write cache file '\(temporary)'", errno: errno)
        }
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot rename into cache file '\(path)'", errno: code)
        }
        try account(bytes.count)
    }

    /// Adds `bytes` to the running total; over the bound, removes least recently used files until the
    /// cache is at 90% of it. History mirrors (`mirrors/`) are not evicted: they are repositories.
    private func account(_ bytes: Int) throws {
        usage.lock()
        defer { usage.unlock() }
        // The first time, the walk already sees the file just written.
        let total = knownBytes.map { $0 + bytes } ?? currentFiles().reduce(0) { $0 + $1.bytes }
        knownBytes = total
        guard total > limitBytes else { return }
        var remaining = total
        for file in currentFiles().sorted(by: { $0.used < $1.used }) where remaining > limitBytes * 9 / 10 {
            if unlink(file.path) == 0 { remaining -= file.bytes }
        }
        knownBytes = remaining
    }

    private func currentFiles() -> [(path: String, bytes: Int, used: Double)] {
        var files: [(String, Int, Double)] = []
        for area in ["objects", "blocks"] {
            let root = "\(directory)/\(area)"
            guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
            while let relative = walker.nextObject() as? String {
                let path = "\(root)/\(relative)"
                var status = stat()
                guard lstat(path, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG else { continue }
                files.append((path, Int(status.st_size), Double(status.st_mtim.tv_sec) + Double(status.st_mtim.tv_nsec) / 1e9))
            }
        }
        return files
    }
}
