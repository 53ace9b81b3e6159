import Foundation
import Testing
@testable import History

@Suite struct TagTests {
    @Test func createsAnnotatedAndLightweightTags() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commitOnBranch(["a": "2"])
        let tagger = test.nextSignature(name: "Release Bot", email: "bot@example.org")
        let tagObject = try test.repository.createTag(name: "v2026.1", target: second, tagger: tagger,
                                                      message: "Atlas release 2026.1")
        try test.repository.createLightweightTag(name: "snapshot", target: first)

        let tags = try test.repository.listTags()
        #expect(tags.map(\.name) == ["snapshot", "v2026.1"])
        let release = try #require(try test.repository.tag(named: "v2026.1"))
        #expect(release.isAnnotated)
        #expect(release.referenceTarget == tagObject)
        #expect(release.target == second)
        #expect(release.tagger == tagger)
        #expect(release.message == "Atlas release 2026.1\n")
        #expect(release.referenceName == "refs/tags/v2026.1")
        let snapshot = try #require(tags.first)
        #expect(!snapshot.isAnnotated)
        #expect(snapshot.target == first)
        #expect(snapshot.tagger == nil)
        #expect(try test.repository.tag(named: "missing") == nil)
        #expect(try test.repository.objectKind(of: tagObject) == .tag)
        #expect(try test.git("cat-file", "-t", "v2026.1") == "tag\n")
        #expect(try test.git("describe", "--tags", second.hex) == "v2026.1\n")
    }

    @Test func refusesToMoveAnExistingTag() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commitOnBranch(["a": "2"])
        let tagObject = try test.repository.createTag(name: "v1", target: first, tagger: test.nextSignature(),
                                                      message: "one")
        #expect(throws: HistoryError.referenceMoved(name: "refs/tags/v1", expected: nil, actual: tagObject)) {
            try test.repository.createTag(name: "v1", target: second, tagger: test.nextSignature(), message: "again")
        }
        #expect(throws: HistoryError.referenceMoved(name: "refs/tags/v1", expected: nil, actual: tagObject)) {
            try test.repository.createLightweightTag(name: "v1", target: second)
        }
        #expect(throws: HistoryError.invalidReferenceName("bad..name")) {
            try test.repository.createTag(name: "bad..name", target: first, tagger: test.nextSignature(), message: "x")
        }
    }

    @Test func forceMovesATagAndDeleteRemovesIt() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commitOnBranch(["a": "2"])
        let original = try test.repository.createTag(name: "v1", target: first, tagger: test.nextSignature(), message: "one")
        let moved = try test.repository.createTag(name: "v1", target: second, tagger: test.nextSignature(),
                                                  message: "two", force: true)
        #expect(moved != original)
        #expect(try test.repository.tag(named: "v1")?.target == second)
        #expect(try test.repository.tag(named: "v1")?.message == "two\n")

        #expect(throws: HistoryError.referenceMoved(name: "refs/tags/v1", expected: original, actual: moved)) {
            try test.repository.deleteTag("v1", expected: original)
        }
        try test.repository.deleteTag("v1", expected: moved)
        #expect(try test.repository.tag(named: "v1") == nil)
        #expect(try test.repository.listTags().isEmpty)
        #expect(throws: HistoryError.tagNotFound("v1")) { try test.repository.deleteTag("v1", expected: moved) }
        #expect(try test.git("tag", "--list") == "")
    }

    @Test func validatesTagNames() throws {
        let test = try TestRepository()
        for good in ["v1", "v2026.1", "release/2026-01", "rc_1"] {
            #expect(test.repository.isValidTagName(good), "\(good)")
        }
        for bad in ["", "-v1", "a..b", "a b", "v1.lock", "a@{b", "a~1", "a^", "a:b", "a?", "/a", "a/"] {
            #expect(!test.repository.isValidTagName(bad), "\(bad)")
        }
        #expect(throws: HistoryError.invalidTagName("a..b")) { try test.repository.deleteTag("a..b", expected: .zero) }
    }
}
