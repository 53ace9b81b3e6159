import Foundation
import Testing
@testable import History

@Suite struct CommitTests {
    @Test func createsCommitsWithoutMovingRefs() throws {
        let test = try TestRepository()
        let tree = try test.repository.editTree(from: nil).write()
        let author = Signature(name: "Ada", email: "ada@example.org",
                               date: Date(timeIntervalSince1970: 1_767_225_600), timeZoneOffsetMinutes: 120)
        let committer = Signature(name: "Bob", email: "bob@example.org",
                                  date: Date(timeIntervalSince1970: 1_767_225_660), timeZoneOffsetMinutes: -300)
        let id = try test.repository.createCommit(tree: tree, parents: [], author: author, committer: committer,
                                                  message: "Import atlas\n\nTwo datasets.\n")
        #expect(try test.repository.head.isUnborn)
        #expect(try test.repository.resolveReference("refs/heads/main") == nil)

        let commit = try test.repository.commit(id)
        #expect(commit.id == id)
        #expect(commit.tree == tree)
        #expect(commit.parents.isEmpty)
        #expect(commit.author == author)
        #expect(commit.committer == committer)
        #expect(commit.message == "Import atlas\n\nTwo datasets.\n")
        #expect(commit.summary == "Import atlas")
        #expect(!commit.isMerge)
        #expect(try test.repository.objectKind(of: id) == .commit)
    }

    @Test func recordsParentsInOrder() throws {
        let test = try TestRepository()
        let first = try test.commit(["a": "1"])
        let second = try test.commit(["b": "2"])
        let merge = try test.commit(["c": "3"], parents: [first, second], message: "merge")
        let commit = try test.repository.commit(merge)
        #expect(commit.parents == [first, second])
        #expect(commit.isMerge)
        #expect(commit.message == "merge\n")
    }

    @Test func summaryJoinsTheFirstParagraph() {
        let signature = Signature(name: "a", email: "b")
        let id = ObjectID(hex: String(repeating: "1", count: 40))!
        func summary(_ message: String) -> String {
            Commit(id: id, tree: id, parents: [], author: signature, committer: signature, message: message).summary
        }
        #expect(summary("one\ntwo\n\nbody") == "one two")
        #expect(summary("\n\n  title  \n") == "title")
        #expect(summary("") == "")
    }

    @Test func rejectsMissingTreesAndParents() throws {
        let test = try TestRepository()
        let signature = test.nextSignature()
        let absent = try #require(ObjectID(hex: String(repeating: "cd", count: 20)))
        #expect(throws: HistoryError.self) {
            try test.repository.createCommit(tree: absent, parents: [], author: signature, committer: signature,
                                             message: "x")
        }
        let tree = try test.repository.editTree(from: nil).write()
        #expect(throws: HistoryError.self) {
            try test.repository.createCommit(tree: tree, parents: [absent], author: signature, committer: signature,
                                             message: "x")
        }
        #expect(throws: HistoryError.wrongObjectKind(id: tree, expected: "commit", actual: "tree")) {
            try test.repository.commit(tree)
        }
    }
}

@Suite struct SignatureTests {
    @Test func environmentOverridesIdentityAndDate() {
        let signature = Signature.resolve(environment: [
            "CAIRN_AUTHOR_NAME": "Rosalind Franklin",
            "CAIRN_AUTHOR_EMAIL": "rosalind@example.org",
            "CAIRN_AUTHOR_DATE": "1767225600 +0130",
        ])
        #expect(signature.name == "Rosalind Franklin")
        #expect(signature.email == "rosalind@example.org")
        #expect(signature.date == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(signature.timeZoneOffsetMinutes == 90)
    }

    @Test func parsesGitAndISODates() {
        #expect(Signature.parseDate("@1767225600")?.date == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(Signature.parseDate("1767225600 -0500")?.offsetMinutes == -300)
        let iso = Signature.parseDate("2026-01-01T02:00:00+02:00")
        #expect(iso?.date == Date(timeIntervalSince1970: 1_767_225_600))
        #expect(iso?.offsetMinutes == 120)
        #expect(Signature.parseDate("2026-01-01T00:00:00Z")?.offsetMinutes == 0)
        #expect(Signature.parseDate("yesterday") == nil)
        #expect(Signature.parseDate("1767225600 +1") == nil)
    }

    @Test func fallsBackToConfigOrDefault() {
        let signature = Signature.resolve(environment: ["GIT_AUTHOR_DATE": "@1767225600"])
        #expect(!signature.name.isEmpty)
        #expect(!signature.email.isEmpty)
        #expect(signature.date == Date(timeIntervalSince1970: 1_767_225_600))
        let now = Signature.resolve(environment: [:])
        #expect(abs(now.date.timeIntervalSinceNow) < 60)
    }
}
