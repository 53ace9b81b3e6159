import Foundation
import Testing
@testable import History

@Suite struct ReferenceTests {
    @Test func createsAndMovesBranchesByCompareAndSwap() throws {
        let test = try TestRepository()
        let first = try test.commit(["a": "1"])
        let second = try test.commit(["a": "2"], parents: [first])
        try test.repository.updateReference(name: "refs/heads/main", to: first, expected: nil, reflogMessage: "one")
        #expect(try test.repository.resolveReference("refs/heads/main") == first)
        #expect(try test.repository.head == Head(symbolicTarget: "refs/heads/main", id: first))
        #expect(try test.repository.resolveReference("HEAD") == first)

        try test.repository.updateReference(name: "refs/heads/main", to: second, expected: first, reflogMessage: "two")
        #expect(try test.repository.resolveReference("refs/heads/main") == second)
    }

    @Test func staleExpectationThrowsReferenceMoved() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commitOnBranch(["a": "2"])
        let losing = try test.commit(["a": "3"], parents: [first])
        let error = HistoryError.referenceMoved(name: "refs/heads/main", expected: first, actual: second)
        #expect(throws: error) {
            try test.repository.updateReference(name: "refs/heads/main", to: losing, expected: first,
                                                reflogMessage: "lost")
        }
        #expect(try test.repository.resolveReference("refs/heads/main") == second)
        #expect(error.description.contains("moved"))
    }

    @Test func creatingAnExistingReferenceFails() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let other = try test.commit(["b": "1"])
        #expect(throws: HistoryError.referenceMoved(name: "refs/heads/main", expected: nil, actual: first)) {
            try test.repository.updateReference(name: "refs/heads/main", to: other, expected: nil, reflogMessage: "x")
        }
    }

    @Test func expectingAMissingReferenceFails() throws {
        let test = try TestRepository()
        let first = try test.commit(["a": "1"])
        let second = try test.commit(["a": "2"])
        #expect(throws: HistoryError.referenceMoved(name: "refs/heads/dev", expected: first, actual: nil)) {
            try test.repository.updateReference(name: "refs/heads/dev", to: second, expected: first, reflogMessage: "x")
        }
        #expect(try test.repository.resolveReference("refs/heads/dev") == nil)
    }

    @Test func updatingHeadMovesItsBranch() throws {
        let test = try TestRepository()
        let first = try test.commit(["a": "1"])
        try test.repository.updateReference(name: "HEAD", to: first, expected: nil, reflogMessage: "through HEAD")
        #expect(try test.repository.resolveReference("refs/heads/main") == first)
        #expect(try test.repository.reference("HEAD")?.symbolicTarget == "refs/heads/main")
        let second = try test.commit(["a": "2"], parents: [first])
        #expect(throws: HistoryError.referenceMoved(name: "refs/heads/main", expected: second, actual: first)) {
            try test.repository.updateReference(name: "HEAD", to: second, expected: second, reflogMessage: "stale")
        }
        try test.repository.updateReference(name: "HEAD", to: second, expected: first, reflogMessage: "again")
        #expect(try test.repository.reflog(of: "HEAD").first?.newID == second)
    }

    @Test func rejectsInvalidNames() throws {
        let test = try TestRepository()
        let first = try test.commit(["a": "1"])
        #expect(throws: HistoryError.invalidReferenceName("refs/heads/bad..name")) {
            try test.repository.updateReference(name: "refs/heads/bad..name", to: first, expected: nil,
                                                reflogMessage: "x")
        }
    }

    @Test func headFollowsSetHeadAndAllowsUnbornBranches() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        try test.repository.setHead(symbolicTo: "refs/heads/dev")
        #expect(try test.repository.head == Head(symbolicTarget: "refs/heads/dev", id: nil))
        #expect(try test.repository.resolveReference("HEAD") == nil)
        try test.repository.updateReference(name: "refs/heads/dev", to: first, expected: nil, reflogMessage: "branch")
        #expect(try test.repository.head.id == first)
        #expect(try test.git("symbolic-ref", "HEAD") == "refs/heads/dev\n")
        #expect(throws: HistoryError.invalidReferenceName("dev")) { try test.repository.setHead(symbolicTo: "dev") }
    }

    @Test func listsAndDeletesReferences() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        try test.repository.updateReference(name: "refs/heads/dev", to: first, expected: nil, reflogMessage: "b")
        try test.repository.createLightweightTag(name: "v1", target: first)
        #expect(try test.repository.listReferences().map(\.name) == ["refs/heads/dev", "refs/heads/main", "refs/tags/v1"])
        #expect(try test.repository.listReferences(prefix: "refs/heads/")
            == [Reference(name: "refs/heads/dev", target: first, symbolicTarget: nil),
                Reference(name: "refs/heads/main", target: first, symbolicTarget: nil)])
        #expect(try test.repository.reference("HEAD")?.symbolicTarget == "refs/heads/main")

        let second = try test.commit(["a": "2"], parents: [first])
        #expect(throws: HistoryError.referenceMoved(name: "refs/heads/dev", expected: second, actual: first)) {
            try test.repository.deleteReference("refs/heads/dev", expected: second)
        }
        try test.repository.deleteReference("refs/heads/dev", expected: first)
        #expect(try test.repository.resolveReference("refs/heads/dev") == nil)
        #expect(throws: HistoryError.referenceNotFound("refs/heads/dev")) {
            try test.repository.deleteReference("refs/heads/dev")
        }
    }

    @Test func reflogRecordsEveryUpdate() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"], message: "one")
        let second = try test.commitOnBranch(["a": "2"], message: "two")
        let reflog = try test.repository.reflog(of: "refs/heads/main")
        #expect(reflog.count == 2)
        #expect(reflog[0].oldID == first)
        #expect(reflog[0].newID == second)
        #expect(reflog[0].message == "commit: two")
        #expect(reflog[1].oldID == nil)
        #expect(reflog[1].newID == first)
        #expect(reflog[1].message == "commit: one")
        #expect(!reflog[0].committer.name.isEmpty)
        #expect(abs(reflog[0].date.timeIntervalSinceNow) < 600)
        #expect(try test.repository.reflog(of: "refs/heads/none").isEmpty)
        // git agrees.
        #expect(try test.git("reflog", "show", "main").contains("commit: two"))
    }

    @Test func leftoverLockFailsUpdatesUntilRemoved() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commit(["a": "2"], parents: [first])
        let lock = URL(fileURLWithPath: test.gitDirectory).appendingPathComponent("refs/heads/main.lock")
        try Data().write(to: lock)
        do {
            try test.repository.updateReference(name: "refs/heads/main", to: second, expected: first,
                                                reflogMessage: "blocked")
            Issue.record("update succeeded despite a lock file")
        } catch HistoryError.locked(let message) {
            #expect(message.contains("main.lock"))
        }
        let packedLock = URL(fileURLWithPath: test.gitDirectory).appendingPathComponent("packed-refs.lock")
        try Data().write(to: packedLock)
        #expect(try test.repository.removeStaleReferenceLocks() == ["packed-refs.lock", "refs/heads/main.lock"])
        #expect(!FileManager.default.fileExists(atPath: lock.path))
        try test.repository.updateReference(name: "refs/heads/main", to: second, expected: first, reflogMessage: "ok")
        #expect(try test.repository.resolveReference("refs/heads/main") == second)
        #expect(try test.repository.removeStaleReferenceLocks().isEmpty)
    }
}

@Suite struct ConcurrentWriterTests {
    /// Two writers (separate handles, as two processes would have) race from the same head:
    /// exactly one wins, the other learns where the branch went and succeeds on retry.
    @Test func oneOfTwoRacingWritersWinsAndTheOtherRetries() throws {
        let test = try TestRepository()
        let base = try test.commitOnBranch(["a": "1"])
        let other = try GitRepository.open(at: test.gitDirectory)
        let mine = try test.commit(["mine": "1"], parents: [base])
        let theirs = try test.commit(["theirs": "1"], parents: [base])

        try other.updateReference(name: "refs/heads/main", to: theirs, expected: base, reflogMessage: "theirs")
        do {
            try test.repository.updateReference(name: "refs/heads/main", to: mine, expected: base, reflogMessage: "mine")
            Issue.record("both writers won")
        } catch HistoryError.referenceMoved(_, _, let actual) {
            let current = try #require(actual)
            #expect(current == theirs)
            let rebased = try test.commit(["mine": "1"], parents: [current])
            try test.repository.updateReference(name: "refs/heads/main", to: rebased, expected: current,
                                                reflogMessage: "mine, retried")
        }
        let log = try test.repository.log(from: try test.repository.resolveRevision("main"))
        #expect(log.count == 3)
        #expect(try test.repository.blob(at: "theirs", in: log[0].id) != nil)
        #expect(try test.repository.blob(at: "mine", in: log[0].id) != nil)
    }
}
