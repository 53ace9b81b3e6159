import CGit2

/// A file (blob) that differs between two trees.
public struct TreeChange: Hashable, Sendable {
    public enum Kind: String, Sendable {
        case added, deleted, modified
    }

    /// Slash-separated path from the root.
    public var path: String
    /// The blob before; nil when the file was added.
    public var oldBlob: ObjectID?
    /// The blob after; nil when the file was deleted.
    public var newBlob: ObjectID?

    public init(path: String, oldBlob: ObjectID?, newBlob: ObjectID?) {
        self.path = path
        self.oldBlob = oldBlob
        self.newBlob = newBlob
    }

    public var kind: Kind {
        switch (oldBlob, newBlob) {
        case (nil, _): return .added
        case (_, nil): return .deleted
        default: return .modified
        }
    }
}

extension GitRepository {
    /// The blobs that differ between two trees (or commits, whose trees are used), sorted by path.
    /// nil stands for the empty tree, so `diffTrees(old: nil, new: c)` lists everything in `c`.
    ///
    /// Subtrees with equal ids are skipped without being read, so the cost follows the size of the
    /// change, not of the manifest: this is the fragment-level diff of two versions (DESIGN §3).
    public func diffTrees(old: ObjectID?, new: ObjectID?) throws -> [TreeChange] {
        try withHandle { repository in
            let oldTree = try old.map { try lookupTree($0, in: repository) }
            defer { libgit2.tree_free(oldTree) }
            let newTree = try new.map { try lookupTree($0, in: repository) }
            defer { libgit2.tree_free(newTree) }
            var changes: [TreeChange] = []
            try diff(oldTree, newTree, prefix: "", into: &changes, in: repository)
            return changes.sorted { $0.path < $1.path }
        }
    }

    private func diff(_ oldTree: OpaquePointer?, _ newTree: OpaquePointer?, prefix: String,
                      into changes: inout [TreeChange], in repository: OpaquePointer) throws {
        if let oldTree, let newTree, libgit2.oid_equal(libgit2.tree_id(oldTree), libgit2.tree_id(newTree)) == 1 { return }
        let oldEntries = oldTree.map(Self.entries(of:)) ?? []
        let newEntries = newTree.map(Self.entries(of:)) ?? []
        let oldByName = Dictionary(oldEntries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newByName = Dictionary(newEntries.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })

        for name in Set(oldByName.keys).union(newByName.keys) {
            let path = prefix.isEmpty ? name : prefix + "/" + name
            let before = oldByName[name], after = newByName[name]
            if let before, let after, before.id == after.id, before.kind == after.kind { continue }

            // Blobs on either side: a change of the file itself (a tree side is expanded below).
            let oldBlob = before?.kind == .blob ? before?.id : nil
            let newBlob = after?.kind == .blob ? after?.id : nil
            if oldBlob != nil || newBlob != nil {
                changes.append(TreeChange(path: path, oldBlob: oldBlob, newBlob: newBlob))
            }
            // Trees on either side: recurse, pairing with the other side's tree or nothing.
            let oldSubtree = before?.kind == .tree ? try lookupTreeEntry(before!.id, in: repository) : nil
            defer { libgit2.tree_free(oldSubtree) }
            let newSubtree = after?.kind == .tree ? try lookupTreeEntry(after!.id, in: repository) : nil
            defer { libgit2.tree_free(newSubtree) }
            if oldSubtree != nil || newSubtree != nil {
                try diff(oldSubtree, newSubtree, prefix: path, into: &changes, in: repository)
            }
        }
    }

    private func lookupTreeEntry(_ id: ObjectID, in repository: OpaquePointer) throws -> OpaquePointer {
        var oid = id.gitOID
        var tree: OpaquePointer?
        try gitCheck(libgit2.tree_lookup(&tree, repository, &oid), "look up tree \(id.hex)")
        return tree!
    }
}
