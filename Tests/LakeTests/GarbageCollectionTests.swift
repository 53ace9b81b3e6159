import Foundation
import History
import Storage
import Testing
@testable import Lake

/// `gc` deletes only what no ref, tag, HEAD or reflog reaches, only past the grace period, never while a
/// writer is in flight; `fsck` finds each kind of damage.
@Suite struct GarbageCollectionTests {
    /// A new repository's path. Each handle below is dropped after use, as a process exits: a handle that
    /// wrote objects counts as a writer in flight until then, and gc would refuse.
    func repository() throws -> String {
        try Repository.create(at: temporaryDirectory("gc") + "/r.cairn", config: RepositoryConfig(fragmentRows: 10)).path
    }

    func using<T>(_ path: String, _ body: (Repository) throws -> T) throws -> T { try body(try Repository.open(at: path)) }

    func gc(_ path: String, _ prune: String, dryRun: Bool = false) throws -> GarbageCollection {
        try Repository.open(at: path).collectGarbage(prunedBefore: Repository.pruneCutoff(prune), dryRun: dryRun)
    }

    func age(_ repo: String, _ hash: ObjectHash, days: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-days * 86_400)], ofItemAtPath: repo + "/" + hash.key)
    }

    func exists(_ repo: String, _ hash: ObjectHash) -> Bool { FileManager.default.fileExists(atPath: repo + "/" + hash.key) }

    @Test func onlyOldUnreachableObjectsGo() throws {
        let repo = try repository()
        let (reachable, old, recent) = try using(repo) { r in
            _ = try r.append(table: "donors", from: InMemorySource(batch: donors(0..<20)), message: "load")
            return (try r.snapshot(at: nil).fragments(of: "donors").flatMap { $0.manifest.objects.map(\.hash) },
                    try r.objects.put(Array("old garbage".utf8)), try r.objects.put(Array("recent garbage".utf8)))
        }
        for hash in reachable + [old] { try age(repo, hash, days: 30) }
        // A leftover of a killed writer.
        let stale = repo + "/objects/ab/.tmp-1-1"
        try FileManager.default.createDirectory(atPath: repo + "/objects/ab", withIntermediateDirectories: true)
        FileManager.default.createFile(atPath: stale, contents: Data([1, 2, 3]), attributes: [.modificationDate: Date().addingTimeInterval(-30 * 86_400)])
        let dry = try gc(repo, "2.weeks.ago", dryRun: true)
        #expect(dry.deleted.map(\.key) == [old.key])
        #expect(exists(repo, old))
        let done = try gc(repo, "2.weeks.ago")
        #expect(done.deleted.map(\.key) == [old.key] && done.reachable == reachable.count && done.keptRecent == 1)
        #expect(done.temporaries.count == 1 && !FileManager.default.fileExists(atPath: stale))
        #expect(!exists(repo, old) && exists(repo, recent) && reachable.allSatisfy { exists(repo, $0) })
        _ = try gc(repo, "now")
        #expect(!exists(repo, recent))
        #expect(try Repository.open(at: repo).checkIntegrity().isClean)
    }

    @Test func tagsBranchesAndReflogsKeepTheirObjects() throws {
        let repo = try repository()
        let tagged = try using(repo) { r in
            _ = try r.append(table: "donors", from: InMemorySource(batch: donors(0..<20)), message: "load")
            _ = try r.createTag("v1", at: nil, message: "v1", force: false)
            _ = try r.createBranch("side", at: nil)
            let tagged = try r.snapshot(at: nil).fragments(of: "donors").flatMap { $0.manifest.objects.map(\.hash) }
            // Compaction replaces them on main; tag, branch and reflog still reach them.
            _ = try r.append(table: "donors", from: InMemorySource(batch: donors(20..<25)), message: "more")
            _ = try r.compact(targetRows: 100)
            return tagged
        }
        for hash in tagged { try age(repo, hash, days: 365) }
        _ = try gc(repo, "now")
        #expect(tagged.allSatisfy { exists(repo, $0) })
        try using(repo) { r in
            _ = try r.deleteTag("v1")
            _ = try r.deleteBranch("side", force: true)
        }
        _ = try gc(repo, "now")
        #expect(tagged.allSatisfy { exists(repo, $0) }, "main's reflog still names the commit")
        #expect(try LogicalTable(readAll(Repository.open(at: repo).snapshot(at: "main@{2}"), "donors")).rows.count == 20)
    }

    @Test func aWriterInFlightBlocksCollection() throws {
        let repo = try repository()
        let writer = try Repository.open(at: repo)
        let unnamed = try writer.objects.put(Array("written, not committed yet".utf8))
        try age(repo, unnamed, days: 30)
        #expect(throws: LakeError.self) { try gc(repo, "now") }
        #expect(exists(repo, unnamed))
        withExtendedLifetime(writer) {}
    }

    @Test func badPruneDatesAreRefused() {
        #expect(throws: LakeError.self) { try Repository.pruneCutoff("last tuesday-ish") }
        #expect(throws: LakeError.self) { try Repository.pruneCutoff("2026-13-01") }
        #expect(throws: Never.self) { try Repository.pruneCutoff("2.weeks.ago") }
    }

    @Test func fsckReportsEachKindOfDamage() throws {
        let repo = try repository()
        let objects = try using(repo) { r in
            _ = try r.append(table: "donors", from: InMemorySource(batch: donors(0..<20)), message: "load")
            #expect(try r.checkIntegrity().isClean)
            return try r.snapshot(at: nil).fragments(of: "donors").flatMap { $0.manifest.objects.map(\.hash) }
        }
        // A flipped byte.
        let flipped = repo + "/" + objects[0].key
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: flipped)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: flipped)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: flipped))
        // A deleted object.
        try FileManager.default.removeItem(atPath: repo + "/" + objects[1].key)
        // A branch pointing at a commit that does not exist.
        try "0123456789abcdef0123456789abcdef01234567\n".write(toFile: repo + "/git/refs/heads/broken", atomically: true, encoding: .utf8)
        let report = try Repository.open(at: repo).checkIntegrity()
        #expect(report.problems.contains { $0.kind == .corruptObject && $0.subject == objects[0].hex })
        #expect(report.problems.contains { $0.kind == .missingObject && $0.subject == objects[1].hex && $0.location.contains("tables/donors/fragments/") })
        #expect(report.problems.contains { $0.kind == .danglingReference && $0.subject == "refs/heads/broken" })
        #expect(!report.problems.contains { $0.kind == .badManifest })
        // gc will not guess what is garbage in a damaged history.
        #expect(throws: LakeError.self) { try gc(repo, "now", dryRun: true) }
    }

    @Test func fsckChecksSizesFootersAndDeletionVectors() throws {
        let repo = try repository()
        let kinds = try using(repo) { r in
            _ = try r.append(table: "donors", from: InMemorySource(batch: donors(0..<20)), message: "load")
            let badVector = try r.objects.put(Array("CDV1 not really".utf8))
            try r.commit(message: "damage") { editor, _, head in
                let fragments = try ManifestPaths.readFragments(r.git, commit: head!, table: "donors")
                var first = fragments[0].manifest
                first.deletionVector = DeletionVectorReference(hash: badVector, bytes: 15, deletedRows: 1)
                var second = fragments[1].manifest
                second.objects[0].bytes += 1
                _ = try editor.upsert(ManifestPaths.fragment("donors", "000000000000"), data: Data(try ManifestCoding.encode(first)))
                _ = try editor.upsert(ManifestPaths.fragment("donors", "000000000001"), data: Data(try ManifestCoding.encode(second)))
            }
            return try r.checkIntegrity().problems.map(\.kind)
        }
        #expect(kinds.contains(.badDeletionVector))
        #expect(kinds.contains(.sizeMismatch))
    }
}
