import Crypto
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Objects as files under a root directory. Writes go to a temporary file that is fsynced, then linked or
/// renamed into place, and the directory is fsynced: a crash leaves either the old state or the new one,
/// plus at worst a stray `.tmp-*` file that `gc` removes.
public struct LocalObjectStore: ObjectStore {
    public let root: String

    public init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    func path(_ key: String) throws -> String {
        try validateKey(key)
        return "\(root)/\(key)"
    }

    public func get(_ key: String) throws -> [UInt8] {
        let file = try LocalObjectFile(store: self, key: key)
        return try file.read(0..<file.size)
    }

    public func get(_ key: String, range: Range<Int>) throws -> [UInt8] {
        try LocalObjectFile(store: self, key: key).read(range)
    }

    public func size(of key: String) throws -> Int? { try POSIX.fileSize(path(key)) }

    @discardableResult
    public func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool {
        let path = try path(key)
        if try POSIX.fileSize(path) != nil { return false }
        let directory = POSIX.parentDirectory(path)
        try POSIX.makeDirectories(directory)
        let temporary = try POSIX.writeDurableTemporary(near: path, bytes, mode: 0o444)
        defer { unlink(temporary) }
        // link(2) fails with EEXIST instead of replacing: the atomic "if absent".
        if link(temporary, path) != 0 {
            if errno == EEXIST { return false }
            throw StorageError.io("cannot link '\(path)'", errno: errno)
        }
        try POSIX.fsyncDirectory(directory)
        return true
    }

    @discardableResult
    public func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion {
        let path = try path(key)
        let directory = POSIX.parentDirectory(path)
        try POSIX.makeDirectories(directory)
        // Serialise conditional writers of this directory; the lock dies with its process.
        let lockFD = try POSIX.open(directory, O_RDONLY | O_DIRECTORY)
        defer { close(lockFD) }
        while flock(lockFD, LOCK_EX) != 0 {
            if errno != EINTR { throw StorageError.io("cannot lock '\(directory)'", errno: errno) }
        }
        let current = try version(of: key)
        switch condition {
        case .absent where current != nil, .matches where current != condition.expectedVersion:
            throw StorageError.preconditionFailed(key)
        default: break
        }
        let temporary = try POSIX.writeDurableTemporary(near: path, bytes, mode: 0o444)
        if rename(temporary, path) != 0 {
            let code = errno
            unlink(temporary)
            throw StorageError.io("cannot rename into '\(path)'", errno: code)
        }
        try POSIX.fsyncDirectory(directory)
        return LocalObjectStore.version(of: bytes)
    }

    public func getVersioned(_ key: String) throws -> VersionedBytes? {
        do {
            let bytes = try get(key)
            return VersionedBytes(bytes: bytes, version: LocalObjectStore.version(of: bytes))
        } catch StorageError.notFound { return nil }
    }

    public func listDetailed(prefix: String) throws -> [StoredFile] {
        let base = prefix.contains("/") ? String(prefix[..<prefix.lastIndex(of: "/")!]) : ""
        return try files(under: base).objects.filter { $0.key.hasPrefix(prefix) }
    }

    public func version(of key: String) throws -> ObjectVersion? {
        guard try size(of: key) != nil else { return nil }
        return LocalObjectStore.version(of: try get(key))
    }

    static func version(of bytes: [UInt8]) -> ObjectVersion {
        ObjectVersion(ObjectHash(SHA256.hash(data: bytes)).hex)
    }

    public func list(prefix: String) throws -> [String] {
        var keys: [String] = []
        let start = prefix.isEmpty ? "" : (prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix)
        // Walk from the deepest directory the prefix names completely, then filter.
        let base = start.contains("/") ? String(start[..<start.lastIndex(of: "/")!]) : ""
        try walkFiles(relative: base) { key, name, _ in if !name.hasPrefix(".tmp-") { keys.append(key) } }
        return keys.filter { $0.hasPrefix(prefix) }.sorted()
    }

    /// Every regular file below `relative` (symbolic links are not followed), with its name and status;
    /// `.tmp-*` files included (a writer's, not yet linked into place).
    func walkFiles(relative: String, _ body: (String, String, stat) throws -> Void) throws {
        let directory = relative.isEmpty ? root : "\(root)/\(relative)"
        guard let dir = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw StorageError.io("cannot list '\(directory)'", errno: errno)
        }
        defer { closedir(dir) }
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.bindMemory(to: CChar.self).baseAddress!)
            }
            if name == "." || name == ".." { continue }
            let key = relative.isEmpty ? name : "\(relative)/\(name)"
            var st = stat()
            guard lstat("\(root)/\(key)", &st) == 0 else { continue }  // removed meanwhile
            if (st.st_mode & S_IFMT) == S_IFDIR {
                try walkFiles(relative: key, body)
            } else if (st.st_mode & S_IFMT) == S_IFREG {
                try body(key, name, st)
            }
        }
    }

    public func delete(_ key: String) throws {
        let path = try path(key)
        if unlink(path) != 0 && errno != ENOENT { throw StorageError.io("cannot delete '\(path)'", errno: errno) }
    }
}

extension WriteCondition {
    fileprivate var expectedVersion: ObjectVersion? {
        if case .matches(let v) = self { return v }
        return nil
    }
}
