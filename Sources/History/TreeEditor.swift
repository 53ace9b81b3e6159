import CGit2
import Foundation

/// Builds a new root tree from an existing one by upserting and removing entries at
/// slash-separated paths.
///
/// Changes are collected first and written together by `write()`: only the directories along
/// touched paths are rebuilt (one `git_treebuilder` each, seeded from the old subtree), and every
/// other subtree keeps its id. So a commit that adds one fragment costs O(depth + changed entries),
/// not O(size of the manifest). Directories left empty by removals are removed too, as git has no
/// empty trees (the root is the one exception: an empty root is the empty tree).
public struct TreeEditor {
    /// A pending change to one name inside a directory.
    private enum Change {
        case set(ObjectID, TreeEntry.Kind)
        case remove
        /// Changes below a directory, applied to `start`.
        case directory([String: Change], start: DirectoryStart)
    }

    /// What a changed directory is built on.
    private enum DirectoryStart {
        /// The entry of the same name in the base tree (if it is a directory).
        case baseEntry
        /// Nothing: an earlier change put a file at this name or removed it.
        case empty
        /// An existing tree an earlier change put at this name.
        case tree(ObjectID)
    }

    private let repository: GitRepository
    private let base: ObjectID?
    private var changes: [String: Change] = [:]

    /// An editor starting from `base` (a tree, or a commit whose tree is used); nil starts empty.
    public init(repository: GitRepository, base: ObjectID? = nil) {
        self.repository = repository
        self.base = base
    }

    /// Whether any change has been recorded.
    public var hasChanges: Bool { !changes.isEmpty }

    /// Puts blob `id` at `path`, replacing whatever was there (a file, or a whole directory).
    public mutating func upsert(_ path: String, blob id: ObjectID) throws {
        try record(.set(id, .blob), at: TreePath(path))
    }

    /// Writes `data` as a blob and puts it at `path`; returns the blob's id.
    @discardableResult
    public mutating func upsert(_ path: String, data: Data) throws -> ObjectID {
        let treePath = try TreePath(path)
        let id = try repository.writeBlob(data)
        try record(.set(id, .blob), at: treePath)
        return id
    }

    /// Puts the existing tree `id` at `path` as a directory (e.g. to copy a table from another commit).
    public mutating func upsert(_ path: String, tree id: ObjectID) throws {
        try record(.set(id, .tree), at: TreePath(path))
    }

    /// Removes the file or whole directory at `path`. Removing a path that does not exist is not an
    /// error: re-applying an operation on a newer head (after a lost compare-and-swap) stays simple.
    public mutating func remove(_ path: String) throws {
        try record(.remove, at: TreePath(path))
    }

    /// Writes the changed trees and returns the id of the new root tree.
    public func write() throws -> ObjectID {
        try repository.withHandle { handle in
            var baseTree: OpaquePointer?
            if let base {
                baseTree = try repository.lookupTree(base, in: handle)
            }
            defer { libgit2.tree_free(baseTree) }
            if let written = try writeDirectory(changes, base: baseTree, path: "", in: handle) {
                return written
            }
            return try writeEmptyTree(in: handle)
        }
    }

    // MARK: Recording changes

    private mutating func record(_ change: Change, at path: TreePath) throws {
        guard !path.components.isEmpty else { throw HistoryError.invalidPath("") }
        Self.apply(change, components: path.components[...], to: &changes)
    }

    private static func apply(_ change: Change, components: ArraySlice<String>, to directory: inout [String: Change]) {
        let name = components.first!
        let rest = components.dropFirst()
        if rest.isEmpty {
            directory[name] = change
            return
        }
        // A later change below `name` builds on what earlier changes left there: a tree put there
        // is edited; a file put there, or a removal, is replaced by a new directory.
        var children: [String: Change]
        var start: DirectoryStart
        switch directory[name] {
        case let .directory(existing, existingStart)?: (children, start) = (existing, existingStart)
        case let .set(id, .tree)?: (children, start) = ([:], .tree(id))
        case .set?, .remove?: (children, start) = ([:], .empty)
        case nil: (children, start) = ([:], .baseEntry)
        }
        apply(change, components: rest, to: &children)
        directory[name] = .directory(children, start: start)
    }

    // MARK: Writing

    /// Writes one directory: the old subtree `base` (if any) with `changes` applied. Returns nil
    /// when the result is empty, so that the caller removes the entry.
    private func writeDirectory(_ changes: [String: Change], base: OpaquePointer?,
                                path: String, in handle: OpaquePointer) throws -> ObjectID? {
        var builder: OpaquePointer?
        try gitCheck(libgit2.treebuilder_new(&builder, handle, base), "start tree '\(path)'")
        defer { libgit2.treebuilder_free(builder) }

        for name in changes.keys.sorted() {
            let childPath = path.isEmpty ? name : path + "/" + name
            switch changes[name]! {
            case let .set(id, kind):
                try insert(name, id: id, kind: kind, into: builder!, path: childPath)
            case .remove:
                if libgit2.treebuilder_get(builder, name) != nil {
                    try gitCheck(libgit2.treebuilder_remove(builder, name), "remove '\(childPath)'")
                }
            case let .directory(childChanges, start):
                let childBase: OpaquePointer?
                switch start {
                case .baseEntry: childBase = try existingSubtree(named: name, in: builder!, handle: handle)
                case .empty: childBase = nil
                case .tree(let id): childBase = try lookupTree(id, path: childPath, handle: handle)
                }
                defer { libgit2.tree_free(childBase) }
                if let written = try writeDirectory(childChanges, base: childBase, path: childPath, in: handle) {
                    try insert(name, id: written, kind: .tree, into: builder!, path: childPath)
                } else if libgit2.treebuilder_get(builder, name) != nil {
                    try gitCheck(libgit2.treebuilder_remove(builder, name), "remove '\(childPath)'")
                }
            }
        }

        guard libgit2.treebuilder_entrycount(builder) > 0 else { return nil }
        var oid = git_oid()
        try gitCheck(libgit2.treebuilder_write(&oid, builder), "write tree '\(path)'")
        return ObjectID(oid)
    }

    private func insert(_ name: String, id: ObjectID, kind: TreeEntry.Kind, into builder: OpaquePointer,
                        path: String) throws {
        var oid = id.gitOID
        let mode: git_filemode_t
        switch kind {
        case .blob: mode = GIT_FILEMODE_BLOB
        case .tree: mode = GIT_FILEMODE_TREE
        case .commit: mode = GIT_FILEMODE_COMMIT
        }
        try gitCheck(libgit2.treebuilder_insert(nil, builder, name, &oid, mode), "insert '\(path)'")
    }

    /// The tree currently at `name` in `builder`, or nil if absent or a file. The caller frees it.
    private func existingSubtree(named name: String, in builder: OpaquePointer,
                                 handle: OpaquePointer) throws -> OpaquePointer? {
        guard let entry = libgit2.treebuilder_get(builder, name),
              libgit2.tree_entry_type(entry) == GIT_OBJECT_TREE else { return nil }
        var tree: OpaquePointer?
        try gitCheck(libgit2.tree_lookup(&tree, handle, libgit2.tree_entry_id(entry)), "look up tree '\(name)'")
        return tree
    }

    private func lookupTree(_ id: ObjectID, path: String, handle: OpaquePointer) throws -> OpaquePointer? {
        var oid = id.gitOID
        var tree: OpaquePointer?
        try gitCheck(libgit2.tree_lookup(&tree, handle, &oid), "look up tree \(id.hex) for '\(path)'")
        return tree
    }

    private func writeEmptyTree(in handle: OpaquePointer) throws -> ObjectID {
        var builder: OpaquePointer?
        try gitCheck(libgit2.treebuilder_new(&builder, handle, nil), "start empty tree")
        defer { libgit2.treebuilder_free(builder) }
        var oid = git_oid()
        try gitCheck(libgit2.treebuilder_write(&oid, builder), "write empty tree")
        return ObjectID(oid)
    }
}

extension GitRepository {
    /// A tree editor starting from `base` (a tree or commit id; nil for an empty tree).
    public func editTree(from base: ObjectID?) -> TreeEditor {
        TreeEditor(repository: self, base: base)
    }
}
