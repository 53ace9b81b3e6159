import Foundation
import Testing
@testable import History

/// Packs carry history between repositories (a remote's push and fetch): a pack holds exactly what its
/// tips reach beyond what is excluded, indexes into another repository, and damaged packs are refused.
@Suite struct PackTests {
    @Test func packsWhatTheTipsReachBeyondTheExcluded() throws {
        let source = try TestRepository()
        let first = try source.commitOnBranch(["a.json": "1"], message: "first")
        let second = try source.commitOnBranch(["b.json": "2"], message: "second")
        let tag = try source.repository.createTag(name: "v1", target: second, tagger: source.nextSignature(), message: "release")  // the tag object
        #expect(try source.repository.commits(reachableFrom: [second], excluding: [first]) == [second])
        #expect(try source.repository.commits(reachableFrom: [second], excluding: []) == [second, first])

        let scratch = source.directory.appendingPathComponent("packs").path
        let full = try #require(try source.repository.writePack(tips: [tag], excluding: [], into: scratch))
        let target = try TestRepository()
        #expect(try target.repository.indexPack(at: full.packPath) == full.name)
        #expect(target.repository.packNames().contains(full.name))
        #expect(try target.repository.objectKind(of: tag) == .tag)
        #expect(try target.repository.commit(second).parents == [first])
        try target.repository.updateReference(name: "refs/heads/main", to: second, expected: nil, reflogMessage: "fetch")
        try target.git("fsck", "--strict")

        // An incremental pack excludes what the other side has; nothing new: no pack.
        let third = try source.commitOnBranch(["c.json": "3"], message: "third")
        let incremental = try #require(try source.repository.writePack(tips: [third], excluding: [second], into: scratch + "/2"))
        #expect(incremental.objectCount == 3)  // the commit, its tree, the new blob
        try target.repository.indexPack(at: incremental.packPath)
        #expect(target.repository.contains(third))
        #expect(try source.repository.writePack(tips: [second], excluding: [third], into: scratch + "/3") == nil)
    }

    @Test func aDamagedPackIsRefused() throws {
        let source = try TestRepository()
        let commit = try source.commitOnBranch(["a.json": String(repeating: "x", count: 5000)], message: "first")
        let scratch = source.directory.appendingPathComponent("packs").path
        let pack = try #require(try source.repository.writePack(tips: [commit], excluding: [], into: scratch))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: pack.packPath))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: pack.packPath))
        let target = try TestRepository()
        #expect(throws: HistoryError.self) { try target.repository.indexPack(at: pack.packPath) }
        #expect(!target.repository.contains(commit))
    }
}
