import History

extension Snapshot {
    /// The pinned commit's root tree: it names the version's content (manifests included), whatever commit,
    /// tag or branch reaches it, so statistics derived from a version can be cached under it.
    public func treeID() throws -> ObjectID {
        try repository.git.rootTree(of: commit)
    }
}
