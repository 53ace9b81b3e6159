import CGit2
import Foundation

/// One entry of a tree: a file (blob), a directory (tree), or a submodule commit.
public struct TreeEntry: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case blob, tree, commit
    }

    public var name: String
    public var id: ObjectID
    public var kind: Kind

    public init(name: String, id: ObjectID, kind: Kind) {
        self.name = name
        self.id = id
        self.kind = kind
    }
}

/// A blob found by a walk, with its slash-separated path from the root tree.
public struct TreeBlob: Hashable, Sendable {
    public var path: String
    public var id: ObjectID

    public init(path: String, id: ObjectID) {
        self.path = path
        self.id = id
    }
}

/// A slash-separated path inside a tree, split into its names. The root is the empty path.
struct TreePath {
    let components: [String]

    init(_ text: String) throws {
        if text.isEmpty || text == "/" {
            components = []
            return
        }
        var trimmed = Substring(text)
        while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
        let parts = trimmed.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        for part in parts where part.isEmpty || part == "." || part == ".." || part.contains("\0") {
            throw HistoryError.invalidPath(text)
        }
        components = parts
    }

    var joined: String { components.joined(separator: "/") }
}

extension GitRepository {
    /// The content of the blob at `path` in `treeOrCommit` (a tree, or a commit whose tree is used);
    /// nil when nothing is at that path. Throws if the path names a directory.
    public func blob(at path: String, in treeOrCommit: ObjectID) throws -> Data? {
        guard let id = try blobID(at: path, in: treeOrCommit) else { return nil }
        return try readBlob(id)
    }

    /// The id of the blob at `path`, or nil when nothing is there.
    public func blobID(at path: String, in treeOrCommit: ObjectID) throws -> ObjectID? {
        let treePath = try TreePath(path)
        guard !treePath.components.isEmpty else { throw HistoryError.invalidPath(path) }
        guard let entry = try entry(at: treePath, in: treeOrCommit) else { return nil }
        guard entry.kind == .blob else {
            throw HistoryError.wrongObjectKind(id: entry.id, expected: "blob", actual: entry.kind.rawValue)
        }
        return entry.id
    }

    /// The entry at `path` (file or directory), or nil when nothing is there.
    public func entry(at path: String, in treeOrCommit: ObjectID) throws -> TreeEntry? {
        try entry(at: TreePath(path), in: treeOrCommit)
    }

    /// The root tree of `treeOrCommit` (a tree, or a commit or tag of one).
    public func rootTree(of treeOrCommit: ObjectID) throws -> ObjectID {
        if readsLooseFiles, let root = loose.rootTree(of: treeOrCommit) { return root }
        return try withHandle { repository in
            let root = try lookupTree(treeOrCommit, in: repository)
            defer { libgit2.tree_free(root) }
            return ObjectID(libgit2.tree_id(root)!)
        }
    }

    /// The entries of the directory at `directoryPath` ("" for the root), in git's order.
    /// Throws `pathNotFound` if there is no directory there.
    public func entries(at directoryPath: String, in treeOrCommit: ObjectID) throws -> [TreeEntry] {
        let treePath = try TreePath(directoryPath)
        if readsLooseFiles, let root = loose.rootTree(of: treeOrCommit) {
            switch loose.entry(at: treePath, inTree: root) {
            case .found(let directory) where directory.kind == .tree:
                if let entries = loose.entries(ofTree: directory.id) { return entries }
            case .found, .absent:
                throw HistoryError.pathNotFound(path: directoryPath, tree: root)
            case .unknown:
                break
            }
        }
        return try withHandle { repository in
            let root = try lookupTree(treeOrCommit, in: repository)
            defer { libgit2.tree_free(root) }
            let rootID = ObjectID(libgit2.tree_id(root)!)
            guard let directory = try subtree(at: treePath, of: root, in: repository) else {
                throw HistoryError.pathNotFound(path: directoryPath, tree: rootID)
            }
            defer { libgit2.tree_free(directory) }
            return Self.entries(of: directory)
        }
    }

    /// Every blob under `prefix` (a directory path; "" for everything), with full paths, in
    /// path order. An absent prefix yields no blobs.
    public func walkBlobs(under prefix: String = "", in treeOrCommit: ObjectID) throws -> [TreeBlob] {
        let treePath = try TreePath(prefix)
        return try withHandle { repository in
            let root = try lookupTree(treeOrCommit, in: repository)
            defer { libgit2.tree_free(root) }
            guard let start = try subtree(at: treePath, of: root, in: repository) else {
                // A blob at the prefix itself counts as the one blob under it.
                if let entry = try entry(at: treePath, in: treeOrCommit), entry.kind == .blob {
                    return [TreeBlob(path: treePath.joined, id: entry.id)]
                }
                return []
            }
            defer { libgit2.tree_free(start) }
            var blobs: [TreeBlob] = []
            try collectBlobs(of: start, prefix: treePath.joined, into: &blobs, in: repository)
            return blobs
        }
    }

    // MARK: Internal helpers

    func entry(at path: TreePath, in treeOrCommit: ObjectID) throws -> TreeEntry? {
        if readsLooseFiles, let root = loose.rootTree(of: treeOrCommit) {
            switch loose.entry(at: path, inTree: root) {
            case .found(let entry): return entry
            case .absent: return nil
            case .unknown: break
            }
        }
        return try withHandle { repository in
            let root = try lookupTree(treeOrCommit, in: repository)
            defer { libgit2.tree_free(root) }
            if path.components.isEmpty {
                return TreeEntry(name: "", id: ObjectID(libgit2.tree_id(root)!), kind: .tree)
            }
            var found: OpaquePointer?
            let code = libgit2.tree_entry_bypath(&found, root, path.joined)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try gitCheck(code, "look up '\(path.joined)'")
            defer { libgit2.tree_entry_free(found) }
            return Self.treeEntry(found!)
        }
    }

    /// The tree at `path` below `root`, or nil when the path is absent or not a directory.
    /// The caller frees the result.
    private func subtree(at path: TreePath, of root: OpaquePointer, in repository: OpaquePointer) throws -> OpaquePointer? {
        if path.components.isEmpty {
            var copy: OpaquePointer?
            try gitCheck(libgit2.tree_dup(&copy, root), "duplicate tree handle")
            return copy
        }
        var found: OpaquePointer?
        let code = libgit2.tree_entry_bypath(&found, root, path.joined)
        if code == GIT_ENOTFOUND.rawValue { return nil }
        try gitCheck(code, "look up '\(path.joined)'")
        defer { libgit2.tree_entry_free(found) }
        guard libgit2.tree_entry_type(found) == GIT_OBJECT_TREE else { return nil }
        var tree: OpaquePointer?
        try gitCheck(libgit2.tree_lookup(&tree, repository, libgit2.tree_entry_id(found)), "look up tree '\(path.joined)'")
        return tree
    }

    private func collectBlobs(of tree: OpaquePointer, prefix: String, into blobs: inout [TreeBlob],
                              in repository: OpaquePointer) throws {
        for entry in Self.entries(of: tree) {
            let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            switch entry.kind {
            case .blob:
                blobs.append(TreeBlob(path: path, id: entry.id))
            case .tree:
                var oid = entry.id.gitOID
                var subtree: OpaquePointer?
                try gitCheck(libgit2.tree_lookup(&subtree, repository, &oid), "look up tree '\(path)'")
                defer { libgit2.tree_free(subtree) }
                try collectBlobs(of: subtree!, prefix: path, into: &blobs, in: repository)
            case .commit:
                continue  // Submodules never occur in a cairn manifest; nothing to read there.
            }
        }
    }

    static func entries(of tree: OpaquePointer) -> [TreeEntry] {
        let count = libgit2.tree_entrycount(tree)
        var result: [TreeEntry] = []
        result.reserveCapacity(count)
        for index in 0..<count {
            if let entry = libgit2.tree_entry_byindex(tree, index), let converted = treeEntry(entry) {
                result.append(converted)
            }
        }
        return result
    }

    static func treeEntry(_ entry: OpaquePointer) -> TreeEntry? {
        let kind: TreeEntry.Kind
        switch libgit2.tree_entry_type(entry) {
        case GIT_OBJECT_BLOB: kind = .blob
        case GIT_OBJECT_TREE: kind = .tree
        case GIT_OBJECT_COMMIT: kind = .commit
        default: return nil
        }
        return TreeEntry(name: String(cString: libgit2.tree_entry_name(entry)!),
                         id: ObjectID(libgit2.tree_entry_id(entry)!), kind: kind)
    }
}
