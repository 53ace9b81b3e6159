import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file of the store as garbage collection sees it: its key (or, for a temporary, its path relative
/// to the root), size and last modification.
public struct StoredFile: Hashable, Sendable {
    public var key: String
    public var bytes: Int
    public var modified: Date

    /// Public so that stores outside this module (S3's listing) can report their files.
    public init(key: String, bytes: Int, modified: Date) {
        self.key = key
        self.bytes = bytes
        self.modified = modified
    }
}

extension LocalObjectStore {
    /// Every file under `prefix` (a directory key such as `objects/`): the objects, and separately the
    /// `.tmp-*` files that writers create before linking an object into place (those of a killed writer
    /// stay behind).
    public func files(under prefix: String) throws -> (objects: [StoredFile], temporaries: [StoredFile]) {
        var objects: [StoredFile] = [], temporaries: [StoredFile] = []
        let base = prefix.hasSuffix("/") ? String(prefix.dropLast()) : prefix
        try walkFiles(relative: base) { key, name, status in
            let file = StoredFile(key: key, bytes: Int(status.st_size),
                                  modified: Date(timeIntervalSince1970: TimeInterval(status.st_mtim.tv_sec) + TimeInterval(status.st_mtim.tv_nsec) / 1e9))
            if name.hasPrefix(".tmp-") { temporaries.append(file) } else { objects.append(file) }
        }
        return (objects.sorted { $0.key < $1.key }, temporaries.sorted { $0.key < $1.key })
    }

    /// Removes a leftover temporary file (`key` as `files(under:)` reported it).
    public func deleteTemporary(_ key: String) throws {
        guard let name = key.split(separator: "/").last, name.hasPrefix(".tmp-") else { throw StorageError.invalidKey(key) }
        let path = "\(root)/\(key)"
        if unlink(path) != 0 && errno != ENOENT { throw StorageError.io("cannot delete '\(path)'", errno: errno) }
    }

    /// Removes the directory `key` if it is empty (after its last object went); a non-empty one stays.
    public func removeDirectoryIfEmpty(_ key: String) {
        guard (try? validateKey(key)) != nil else { return }
        _ = rmdir("\(root)/\(key)")
    }
}
