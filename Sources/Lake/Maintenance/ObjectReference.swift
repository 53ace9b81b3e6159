import Foundation
import Storage

/// How a manifest says a data object must look.
enum ObjectExpectation: Hashable {
    case parquet(footer: ByteRange, rows: Int)
    case deletionVector(rows: Int)
    /// Named only by size (an auxiliary archive).
    case opaque
}

/// A data object a manifest names: what `fsck` checks, `push` uploads and `--hydrate` fetches.
struct ObjectReference {
    var hash: ObjectHash
    var bytes: Int
    var expectation: ObjectExpectation
    var location: String

    /// The objects the manifest blob at `path` names (fragment objects and deletion vectors, a dataset
    /// record's auxiliary archive), whether it is a fragment manifest, and the dataset a fragment names.
    static func named(byManifest path: String, _ data: Data, location: String) throws
        -> (objects: [ObjectReference], isFragment: Bool, fragmentDataset: String?) {
        let components = path.split(separator: "/")
        let isFragment = components.count == 4 && components[0] == "tables" && components[2] == "fragments"
        // A gene index's chunks are fragment manifests too; its index.json names the offsets object.
        let isIndexChunk = components.count == 6 && components[0] == "indexes" && components[4] == "chunks"
        if isFragment || isIndexChunk, path.hasSuffix(".json") {
            let manifest = try ManifestCoding.decode(FragmentManifest.self, from: data, path: location)
            var objects = manifest.objects.map {
                ObjectReference(hash: $0.hash, bytes: $0.bytes, expectation: .parquet(footer: $0.footer, rows: manifest.rows), location: location)
            }
            if let vector = manifest.deletionVector {
                objects.append(ObjectReference(hash: vector.hash, bytes: vector.bytes, expectation: .deletionVector(rows: manifest.rows), location: location))
            }
            return (objects, isFragment, isFragment ? manifest.dataset : nil)
        }
        if components.count == 5, components[0] == "indexes", components[4] == "index.json" {
            let index = try ManifestCoding.decode(GeneIndexManifest.self, from: data, path: location)
            return ([ObjectReference(hash: index.offsets.hash, bytes: index.offsets.bytes, expectation: .opaque, location: location)], false, nil)
        }
        if components.count == 2, components[0] == Substring(ManifestPaths.datasetsDirectory), path.hasSuffix(".json") {
            let record = try ManifestCoding.decode(DatasetRecord.self, from: data, path: location)
            guard let auxiliary = record.auxiliary else { return ([], false, nil) }
            guard let hash = ObjectHash(hex: auxiliary.sha256) else {
                throw LakeError.corruptManifest(path: location, detail: "auxiliary sha256 is not a digest")
            }
            return ([ObjectReference(hash: hash, bytes: auxiliary.bytes, expectation: .opaque, location: location)], false, nil)
        }
        return ([], false, nil)
    }
}
