import Foundation
import Testing
@testable import History

/// Revisions, trees and config read from git's files without libgit2 give libgit2's answers and errors,
/// whatever the reader leaves to libgit2 (packed objects and refs, ancestry, unusual config lines).
@Suite struct LooseHistoryReaderTests {
    /// Both readers agree on `read`: the same value, or the same error.
    func agree<Value: Equatable>(_ test: TestRepository, _ note: String, _ read: (GitRepository) throws -> Value) throws {
        let libgit2 = try test.throughLibgit2()
        switch (Result { try read(test.repository) }, Result { try read(libgit2) }) {
        case (.success(let mine), .success(let theirs)): #expect(mine == theirs, "\(note)")
        case (.failure(let mine), .failure(let theirs)): #expect("\(mine)" == "\(theirs)", "\(note)")
        case (let mine, let theirs): Issue.record("\(note): \(mine) but libgit2 \(theirs)")
        }
    }

    /// main (3 commits), a branch, a lightweight and an annotated tag, and a directory tree.
    func history() throws -> (test: TestRepository, commits: [ObjectID]) {
        let test = try TestRepository()
        var commits: [ObjectID] = []
        commits.append(try test.commitOnBranch(["dataset.json": "{}", "tables/cells/schema.json": "{\"a\": 1}"]))
        commits.append(try test.commitOnBranch(["tables/cells/fragments/f1.json": "1", "tables/genes/schema.json": "{}"]))
        commits.append(try test.commitOnBranch(["tables/cells/fragments/f2.json": "2"]))
        try test.repository.createBranch("feature", at: commits[0], reflogMessage: "branch")
        try test.repository.createLightweightTag(name: "v1", target: commits[1])
        try test.repository.createTag(name: "v2", target: commits[2], tagger: test.nextSignature(), message: "release")
        return (test, commits)
    }

    static let references = ["refs/heads/main", "refs/heads/feature", "refs/tags/v1", "refs/tags/v2"]

    /// The same history in a fresh repository whose objects are all in one pack (none loose).
    func packedCopy(of test: TestRepository) throws -> TestRepository {
        let tips = try Self.references.map { try #require(try test.repository.resolveReference($0)) }
        let pack = try #require(try test.repository.writePack(tips: tips, excluding: [], into: test.directory.appendingPathComponent("pack").path))
        let copy = try TestRepository()
        try copy.repository.indexPack(at: pack.packPath)
        for (name, id) in zip(Self.references, tips) {
            try copy.repository.updateReference(name: name, to: id, expected: nil, reflogMessage: "copy")
        }
        return copy
    }

    /// The references moved from their files into `packed-refs`, as `git pack-refs --all` leaves them.
    func packReferences(_ test: TestRepository) throws {
        var packed = "# pack-refs with: peeled fully-peeled sorted \n"
        for name in Self.references.sorted() {
            packed += "\(try #require(try test.repository.resolveReference(name)).hex) \(name)\n"
            try FileManager.default.removeItem(atPath: test.gitDirectory + "/" + name)
        }
        try packed.write(toFile: test.gitDirectory + "/packed-refs", atomically: true, encoding: .utf8)
    }

    static let revisions = ["HEAD", "main", "feature", "v1", "v2", "refs/heads/main", "refs/tags/v2", "heads/feature",
                            "HEAD~1", "main^", "v2~2", "nope", "refs/heads/nope", "HEAD:dataset.json", "feature..main", "a-g12"]

    func checkRevisions(_ test: TestRepository, _ commits: [ObjectID], _ note: String) throws {
        for spec in Self.revisions + commits.map(\.hex) + commits.map { String($0.hex.prefix(7)) } {
            try agree(test, "\(note) \(spec)") { try $0.resolveRevision(spec) }
        }
    }

    @Test func revisionsResolveAsLibgit2ResolvesThem() throws {
        let (test, commits) = try history()
        #expect(test.repository.loose.commit(named: "v2") == commits[2], "an annotated tag, peeled without libgit2")
        #expect(test.repository.loose.commit(named: "HEAD~1") == nil, "ancestry is libgit2's")
        try checkRevisions(test, commits, "loose refs")
        // A tree's id, and a detached HEAD.
        let tree = try test.repository.rootTree(of: commits[0])
        try agree(test, "a tree's id") { try $0.resolveRevision(tree.hex) }
        try test.repository.setHead(detachedAt: commits[1], reflogMessage: "detach")
        #expect(test.repository.loose.commit(named: "HEAD") == commits[1])
        try agree(test, "detached HEAD") { try $0.resolveRevision("HEAD") }
        // Packed objects are left to libgit2; packed refs are read.
        try test.repository.setHead(symbolicTo: "refs/heads/main")
        let packed = try packedCopy(of: test)
        #expect(packed.repository.loose.commit(named: "main") == nil)
        try checkRevisions(packed, commits, "packed objects")
        try packReferences(test)
        #expect(test.repository.loose.commit(named: "v2") == commits[2])
        try checkRevisions(test, commits, "packed refs")
    }

    @Test func anUnbornHeadIsLibgit2sError() throws {
        let test = try TestRepository()
        #expect(test.repository.loose.commit(named: "HEAD") == nil)
        try agree(test, "unborn HEAD") { try $0.resolveRevision("HEAD") }
        #expect(throws: HistoryError.unbornBranch("HEAD")) { try test.repository.resolveRevision("HEAD") }
    }

    @Test func treesReadAsLibgit2ReadsThem() throws {
        let (test, commits) = try history()
        let paths = ["", "dataset.json", "tables", "tables/cells", "tables/cells/fragments/f2.json", "tables/genes/schema.json",
                     "missing", "tables/missing", "dataset.json/below", "tables/cells/fragments/f2.json/x"]
        func check(_ test: TestRepository, _ note: String) throws {
            for commit in commits {
                try agree(test, "\(note) root of \(commit)") { try $0.rootTree(of: commit) }
                for path in paths {
                    try agree(test, "\(note) entry \(path)") { try $0.entry(at: path, in: commit) }
                    try agree(test, "\(note) entries \(path)") { try $0.entries(at: path, in: commit) }
                    try agree(test, "\(note) blob \(path)") { try $0.blob(at: path, in: commit) }
                }
            }
        }
        #expect(test.repository.loose.entries(ofTree: try test.repository.rootTree(of: commits[2]))?.map(\.name) == ["dataset.json", "tables"])
        try check(test, "loose")
        let packed = try packedCopy(of: test)
        #expect(packed.repository.loose.rootTree(of: commits[2]) == nil)
        try check(packed, "packed")
    }

    @Test func configReadsAsLibgit2ReadsIt() throws {
        let test = try TestRepository()
        try test.repository.setConfigValue("cairn.promisor", "origin")
        try test.repository.setConfigValue("remote.origin.url", "s3://bucket/atlas")
        try test.repository.setConfigValue("remote.origin.region", "eu-west-1")
        try test.repository.setConfigValue("remote.origin.region", "us-east-1")
        #expect(test.repository.loose.configValue("remote.origin.region").value == "us-east-1")
        #expect(test.repository.loose.configValue("remote.origin.endpoint") == .absent)
        // A value libgit2 quotes (for its '#'): the whole file is left to libgit2.
        try test.repository.setConfigValue("remote.Backup.url", "https://example.org/atlas#main")
        #expect(test.repository.loose.configValue("remote.origin.url") == .unknown)
        let keys = ["cairn.promisor", "CAIRN.Promisor", "remote.origin.url", "remote.origin.region", "remote.Backup.url",
                    "remote.backup.url", "remote.origin.endpoint", "core.bare", "nosuch.key", "remote.origin"]
        for key in keys { try agree(test, "config \(key)") { try $0.configValue(key) } }
        // Lines libgit2 writes for other settings, and hand edits, that the reader leaves to libgit2.
        let config = test.gitDirectory + "/config"
        let original = try String(contentsOfFile: config, encoding: .utf8)
        for extra in ["[cairn]\n\tpromisor = \"quoted\"\n", "[cairn]\n\tpromisor = a \\\n b\n", "[include]\n\tpath = other\n",
                      "[cairn \"sub\"]\n\tpromisor = s\n", "[cairn.old]\n\tpromisor = o\n", "[cairn]\n\tpromisor\n"] {
            try (original + extra).write(toFile: config, atomically: true, encoding: .utf8)
            for key in ["cairn.promisor", "cairn.sub.promisor", "remote.origin.url"] {
                try agree(test, "config \(key) with \(extra.debugDescription)") { try $0.configValue(key) }
            }
        }
    }
}

extension LooseHistoryReader.Lookup {
    var value: Value? {
        if case .found(let value) = self { return value }
        return nil
    }
}
