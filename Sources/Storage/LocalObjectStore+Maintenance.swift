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

    private func walkFiles(relative: String, _ body: (String, String, stat) throws -> Void) throws {
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
}
