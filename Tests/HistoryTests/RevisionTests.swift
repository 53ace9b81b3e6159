import Foundation
import Testing
@testable import History

/// main: c1 ← c2 ← c3 ← merge (second parent: side1, branched from c1)
private struct SampleHistory {
    let test: TestRepository
    let c1, c2, c3, side1, merge: ObjectID
    let annotatedTag: ObjectID

    init() throws {
        test = try TestRepository()
        c1 = try test.commitOnBranch(["a": "1"], message: "c1")
        c2 = try test.commitOnBranch(["a": "2"], message: "c2")
        c3 = try test.commitOnBranch(["a": "3"], message: "c3")
        side1 = try test.commit(["side": "1"], parents: [c1], message: "side1")
        try test.repository.updateReference(name: "refs/heads/side", to: side1, expected: nil, reflogMessage: "side")
        merge = try test.commit(["merged": "yes"], parents: [c3, side1], message: "merge")
        try test.repository.updateReference(name: "refs/heads/main", to: merge, expected: c3, reflogMessage: "merge")
        annotatedTag = try test.repository.createTag(name: "v1", target: merge, tagger: test.nextSignature(),
                                                     message: "release 1")
        try test.repository.createLightweightTag(name: "light", target: c2)
    }

    func resolve(_ spec: String) throws -> ObjectID { try test.repository.resolveRevision(spec) }
}

@Suite struct RevisionTests {
    @Test func resolvesNamesAndIds() throws {
        let history = try SampleHistory()
        #expect(try history.resolve("HEAD") == history.merge)
        #expect(try history.resolve("@") == history.merge)
        #expect(try history.resolve("main") == history.merge)
        #expect(try history.resolve("refs/heads/main") == history.merge)
        #expect(try history.resolve("heads/side") == history.side1)
        #expect(try history.resolve("side") == history.side1)
        #expect(try history.resolve("v1") == history.merge)  // annotated tag peeled
        #expect(try history.resolve("refs/tags/v1") == history.merge)
        #expect(try history.resolve("light") == history.c2)
        #expect(try history.resolve(history.c3.hex) == history.c3)
        #expect(try history.resolve(String(history.c3.hex.prefix(12))) == history.c3)
        #expect(try history.resolve(history.annotatedTag.hex) == history.merge)
    }

    /// A branch whose name is hex wins over an id prefix, as in git; ancestry and dates apply to it.
    @Test func hexLookingBranchNamesWinOverIdPrefixes() throws {
        let history = try SampleHistory()
        let prefix = String(history.merge.hex.prefix(4))
        try history.test.repository.createBranch(prefix, at: history.c1, reflogMessage: "hex name")
        try history.test.repository.createBranch("fed", at: history.c2, reflogMessage: "short hex name")
        #expect(try history.resolve(prefix) == history.c1)
        #expect(try history.resolve("fed") == history.c2)
        #expect(try history.resolve("fed~1") == history.c1)
        #expect(try history.resolve("fed@{2026-01-01 00:01}") == history.c1)
        #expect(try history.resolve(String(history.merge.hex.prefix(5))) == history.merge)
    }

    @Test func resolvesAncestry() throws {
        let history = try SampleHistory()
        #expect(try history.resolve("HEAD~1") == history.c3)
        #expect(try history.resolve("HEAD~2") == history.c2)
        #expect(try history.resolve("main~3") == history.c1)
        #expect(try history.resolve("main^") == history.c3)
        #expect(try history.resolve("main^^") == history.c2)
        #expect(try history.resolve("v1^2") == history.side1)
        #expect(try history.resolve("v1^2~1") == history.c1)
        #expect(try history.resolve("HEAD^0") == history.merge)
        #expect(throws: HistoryError.unknownRevision("HEAD~9")) { try history.resolve("HEAD~9") }
        #expect(throws: HistoryError.unknownRevision("c3^2")) { try history.test.repository.resolveRevision("c3^2") }
    }

    @Test func resolvesReflogPositions() throws {
        let history = try SampleHistory()
        #expect(try history.resolve("main@{0}") == history.merge)
        #expect(try history.resolve("main@{1}") == history.c3)
        #expect(try history.resolve("main@{2}") == history.c2)
        #expect(try history.resolve("main@{3}") == history.c1)
        #expect(try history.resolve("main@{1}~1") == history.c2)
        #expect(throws: HistoryError.unknownRevision("main@{9}")) { try history.resolve("main@{9}") }
    }

    /// `REF@{date}` reads committer dates along REF's first-parent chain, not the reflog. The sample
    /// commits are dated 2026-01-01 00:01 (c1), 00:02 (c2), 00:03 (c3), 00:04 (side1), 00:05 (merge),
    /// all at +01:00; the reflog entries are dated now.
    @Test func resolvesCommitDates() throws {
        let history = try SampleHistory()
        #expect(try history.resolve("main@{2026-01-01 00:03}") == history.c3)  // at: included
        #expect(try history.resolve("main@{2026-01-01T00:03:59Z}") == history.c3)
        #expect(try history.resolve("main@{2026-01-01 00:02:59}") == history.c2)
        // side1 (00:04) is not on main's first-parent chain: the merge's first parent is c3.
        #expect(try history.resolve("main@{2026-01-01 00:04:30}") == history.c3)
        #expect(try history.resolve("main@{2026-01-01T01:04:30+01:00}") == history.c3)
        #expect(try history.resolve("main@{2026-01-01 01:04:30 +0100}") == history.c3)
        #expect(try history.resolve("main@{2099-12-31}") == history.merge)
        #expect(try history.resolve("main@{now}") == history.merge)
        #expect(try history.resolve("side@{2026-01-01 00:03}") == history.c1)
        #expect(try history.resolve("v1@{2026-01-01 00:02}") == history.c2)       // a tag's chain
        #expect(try history.resolve("@{2026-01-01 00:02}") == history.c2)         // HEAD's chain
        #expect(try history.resolve("HEAD@{2026-01-01 00:02}") == history.c2)
        #expect(try history.resolve(String(history.c3.hex.prefix(8)) + "@{2026-01-01 00:01}") == history.c1)
    }

    @Test func appliesAncestryAfterADate() throws {
        let history = try SampleHistory()
        #expect(try history.resolve("main@{2026-01-01 00:03}~2") == history.c1)
        #expect(try history.resolve("main@{2026-01-01 00:03}^") == history.c2)
        #expect(try history.resolve("main@{2099-01-01}^2") == history.side1)
        #expect(throws: HistoryError.unknownRevision("main@{2026-01-01 00:03}~5")) {
            try history.resolve("main@{2026-01-01 00:03}~5")
        }
        #expect(throws: HistoryError.notACommit(revision: "main@{2026-01-01 00:03}^{tree}", kind: "tree")) {
            try history.resolve("main@{2026-01-01 00:03}^{tree}")
        }
    }

    @Test func reportsDatesWithoutACommitAndBadDates() throws {
        let history = try SampleHistory()
        #expect(throws: HistoryError.noCommitAtDate(reference: "main", date: "2026-01-01T00:00:00Z")) {
            try history.resolve("main@{2026-01-01}")
        }
        #expect(throws: HistoryError.noCommitAtDate(reference: "HEAD", date: "2025-06-30T22:00:00Z")) {
            try history.resolve("@{2025-07-01T00:00:00+02:00}")
        }
        #expect(HistoryError.noCommitAtDate(reference: "main", date: "2026-01-01T00:00:00Z").description
            == "no commit on main at or before 2026-01-01T00:00:00Z")
        for bad in ["yesterdayish", "2026-13-01", "2026-02-30", "2026-01-01 25:00", "2026-01-01T12:00:00+5"] {
            #expect(throws: HistoryError.invalidDate(revision: "main@{\(bad)}", text: bad)) {
                try history.resolve("main@{\(bad)}")
            }
        }
        #expect(throws: HistoryError.unknownRevision("nope")) { try history.resolve("nope@{2026-01-02}") }
    }

    /// git answers `main@{date}` from the reflog, whose entries were all written just now; cairn from
    /// commit dates. The two disagree here, which is the point: a clone has no reflog.
    @Test func datesDifferFromGitsReflogReading() throws {
        let history = try SampleHistory()
        let gitAnswer = try history.test.git("rev-parse", "--verify", "--quiet", "main@{2026-01-01 00:03:30 +0000}^{commit}")
        #expect(gitAnswer.trimmingCharacters(in: .whitespacesAndNewlines) == history.c1.hex)  // oldest reflog entry
        #expect(try history.resolve("main@{2026-01-01 00:03:30 +0000}") == history.c3)
    }

    /// git itself is the reference for the revision syntax.
    @Test func agreesWithGitRevParse() throws {
        let history = try SampleHistory()
        let specs = ["HEAD", "main", "side", "v1", "light", "HEAD~2", "main^", "v1^2", "v1^2~1", "main@{1}",
                     "main@{3}", "HEAD^{commit}", "v1^{}",
                     String(history.c2.hex.prefix(7))]
        for spec in specs {
            let gitAnswer = try history.test.git("rev-parse", "--verify", "--quiet", spec + "^{commit}")
                .split(separator: "\n").last.map(String.init)
            #expect(try history.resolve(spec).hex == gitAnswer, "\(spec)")
        }
    }

    @Test func reportsUnknownAndAmbiguousRevisions() throws {
        let history = try SampleHistory()
        for spec in ["foo", "refs/heads/foo", "v2", String(repeating: "0", count: 40), "fff", "a b", "main:a"] {
            do {
                _ = try history.resolve(spec)
                Issue.record("'\(spec)' resolved")
            } catch let error as HistoryError {
                switch error {
                case .unknownRevision, .notACommit: break
                default: Issue.record("'\(spec)': \(error)")
                }
            }
        }
        #expect(HistoryError.unknownRevision("foo").description == "unknown revision 'foo'")
        #expect(throws: HistoryError.unknownRevision("")) { try history.resolve("") }

        // Write blobs until two ids share a 4-digit prefix (a birthday collision comes quickly).
        var seen: [String: ObjectID] = [:]
        var prefix: String?
        for index in 0..<5_000 {
            let id = try history.test.repository.writeBlob(Data("blob \(index)".utf8))
            let key = String(id.hex.prefix(4))
            if seen[key] != nil, seen[key] != id { prefix = key; break }
            seen[key] = id
        }
        let ambiguous = try #require(prefix)
        #expect(throws: HistoryError.ambiguousRevision(ambiguous)) { try history.resolve(ambiguous) }
        #expect(HistoryError.ambiguousRevision("ab").description
            == "ambiguous revision prefix 'ab': it matches several objects, give more digits")
    }

    @Test func reportsUnbornBranches() throws {
        let test = try TestRepository()
        #expect(throws: HistoryError.unbornBranch("HEAD")) { try test.repository.resolveRevision("HEAD") }
        #expect(throws: HistoryError.unbornBranch("HEAD")) { try test.repository.resolveRevision("HEAD~1") }
        #expect(throws: HistoryError.unbornBranch("HEAD")) { try test.repository.resolveRevision("@") }
        #expect(throws: HistoryError.unknownRevision("main")) { try test.repository.resolveRevision("main") }
        #expect(HistoryError.unbornBranch("HEAD").description == "'HEAD' has no commits yet")
    }

    @Test func rejectsRevisionsThatAreNotCommits() throws {
        let history = try SampleHistory()
        let tree = try history.test.repository.commit(history.merge).tree
        #expect(throws: HistoryError.notACommit(revision: tree.hex, kind: "tree")) { try history.resolve(tree.hex) }
        #expect(throws: HistoryError.notACommit(revision: "main^{tree}", kind: "tree")) {
            try history.resolve("main^{tree}")
        }
        try history.test.repository.createTag(name: "treetag", target: tree, tagger: history.test.nextSignature(),
                                              message: "a tree")
        #expect(throws: HistoryError.notACommit(revision: "treetag", kind: "tree")) { try history.resolve("treetag") }
        #expect(HistoryError.notACommit(revision: "x", kind: "tree").description
            == "revision 'x' is a tree, not a commit")
        let blob = try #require(try history.test.repository.blobID(at: "a", in: history.c1))
        #expect(throws: HistoryError.notACommit(revision: blob.hex, kind: "blob")) { try history.resolve(blob.hex) }
    }
}
