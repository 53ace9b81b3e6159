import CGit2
import Foundation

/// A pack file and its index written side by side, as git keeps them in `objects/pack/`.
public struct PackFiles: Sendable {
    /// `pack-<40 hex digits>`: git's own name for the pack (its trailing checksum).
    public var name: String
    public var packPath: String
    public var indexPath: String
    public var objectCount: Int
}

extension GitRepository {
    /// The commits reachable from `tips` but not from `excluding` (ids this repository lacks are skipped
    /// there: a remote's tip we never fetched excludes nothing), newest first.
    public func commits(reachableFrom tips: [ObjectID], excluding: [ObjectID]) throws -> [ObjectID] {
        try withHandle { repository in
            let walker = try newWalk(repository, tips: tips, excluding: excluding)
            defer { libgit2.revwalk_free(walker) }
            var ids: [ObjectID] = []
            var oid = git_oid()
            while true {
                let code = libgit2.revwalk_next(&oid, walker)
                if code == GIT_ITEROVER.rawValue { break }
                try gitCheck(code, "walk history")
                ids.append(ObjectID(oid))
            }
            return ids
        }
    }

    /// Writes a self-contained pack of every object `tips` reach that `excluding` does not (annotated tag
    /// objects among `tips` included), with its index, into `directory`. Nil when there is nothing to send.
    public func writePack(tips: [ObjectID], excluding: [ObjectID], into directory: String) throws -> PackFiles? {
        try withHandle { repository in
            var builder: OpaquePointer?
            try gitCheck(libgit2.packbuilder_new(&builder, repository), "start a pack")
            defer { libgit2.packbuilder_free(builder) }
            for tip in tips where try objectKind(of: tip) == .tag {
                var oid = tip.gitOID
                try gitCheck(libgit2.packbuilder_insert(builder, &oid, nil), "add tag \(tip.hex) to a pack")
            }
            let walker = try newWalk(repository, tips: tips, excluding: excluding)
            defer { libgit2.revwalk_free(walker) }
            try gitCheck(libgit2.packbuilder_insert_walk(builder, walker), "add history to a pack")
            let count = libgit2.packbuilder_object_count(builder)
            guard count > 0 else { return nil }
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try gitCheck(libgit2.packbuilder_write(builder, directory, 0, nil, nil), "write a pack into '\(directory)'")
            guard let raw = libgit2.packbuilder_name(builder) else { throw HistoryError.git(operation: "name a pack", code: -1, message: "no name") }
            let name = "pack-" + String(cString: raw)
            return PackFiles(name: name, packPath: "\(directory)/\(name).pack", indexPath: "\(directory)/\(name).idx", objectCount: count)
        }
    }

    /// Adds the pack at `packPath` to this repository: git checks every object in it while indexing, and
    /// writes the pack and its index into `objects/pack/`. Returns the pack's name (`pack-<hex>`).
    @discardableResult
    public func indexPack(at packPath: String) throws -> String {
        try withHandle { repository in
            var odb: OpaquePointer?
            try gitCheck(libgit2.repository_odb(&odb, repository), "open object database")
            defer { libgit2.odb_free(odb) }
            var options = git_indexer_options()
            try gitCheck(libgit2.indexer_options_init(&options, UInt32(GIT_INDEXER_OPTIONS_VERSION)), "initialise indexer options")
            options.verify = 1
            var indexer: OpaquePointer?
            try gitCheck(libgit2.indexer_new(&indexer, path + "/objects/pack", 0, odb, &options), "start indexing '\(packPath)'")
            defer { libgit2.indexer_free(indexer) }
            guard let file = FileHandle(forReadingAtPath: packPath) else {
                throw HistoryError.git(operation: "read pack '\(packPath)'", code: -1, message: "cannot open")
            }
            defer { try? file.close() }
            var progress = git_indexer_progress()
            while true {
                let chunk = file.readData(ofLength: 1 << 20)
                if chunk.isEmpty { break }
                let code = chunk.withUnsafeBytes { libgit2.indexer_append(indexer, $0.baseAddress, $0.count, &progress) }
                try gitCheck(code, "index pack '\(packPath)'")
            }
            try gitCheck(libgit2.indexer_commit(indexer, &progress), "index pack '\(packPath)'")
            guard let raw = libgit2.indexer_name(indexer) else { throw HistoryError.git(operation: "index pack", code: -1, message: "no name") }
            try gitCheck(libgit2.odb_refresh(odb), "refresh object database")
            return "pack-" + String(cString: raw)
        }
    }

    /// The names of the packs in `objects/pack/` (`pack-<hex>`, with an index beside them).
    public func packNames() -> Set<String> {
        let directory = path + "/objects/pack"
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return Set(files.filter { $0.hasSuffix(".idx") }.map { String($0.dropLast(4)) })
    }

    private func newWalk(_ repository: OpaquePointer, tips: [ObjectID], excluding: [ObjectID]) throws -> OpaquePointer? {
        var walker: OpaquePointer?
        try gitCheck(libgit2.revwalk_new(&walker, repository), "start history walk")
        do {
            try gitCheck(libgit2.revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue), "sort history walk")
            for tip in tips {
                var oid = try peelToCommit(tip).gitOID
                try gitCheck(libgit2.revwalk_push(walker, &oid), "walk history from \(tip.hex)")
            }
            for tip in excluding where contains(tip) {
                var oid = try peelToCommit(tip).gitOID
                try gitCheck(libgit2.revwalk_hide(walker, &oid), "hide \(tip.hex) from a history walk")
            }
        } catch {
            libgit2.revwalk_free(walker)
            throw error
        }
        return walker
    }
}
