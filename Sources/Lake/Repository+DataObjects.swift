import History
import Storage

extension Repository {
    /// Every data object the manifests of `commits` name (fragment objects, deletion vectors, auxiliary
    /// archives), with its size: what a push must make sure the remote has, and what `--hydrate` fetches.
    public func dataObjects(ofCommits commits: [ObjectID]) throws -> [ObjectHash: Int] {
        var objects: [ObjectHash: Int] = [:]
        var seenTrees = Set<ObjectID>(), seenBlobs = Set<ObjectID>()
        for commit in commits {
            let tree = try git.commit(try git.peelToCommit(commit)).tree
            try git.forEachNewBlob(in: tree, seenTrees: &seenTrees, seenBlobs: &seenBlobs) { path, blob in
                let named = try ObjectReference.named(byManifest: path, try git.readBlob(blob), location: "\(commit.abbreviated()):\(path)")
                for object in named.objects { objects[object.hash] = object.bytes }
            }
        }
        return objects
    }
}
