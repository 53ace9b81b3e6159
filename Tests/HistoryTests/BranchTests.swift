import Foundation
import Testing
@testable import History

@Suite struct BranchTests {
    @Test func createsListsAndDeletesBranches() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commitOnBranch(["a": "2"])
        try test.repository.createBranch("dev", at: first, reflogMessage: "branch: Created from HEAD~1")
        try test.repository.createBranch("feature/x", at: second, reflogMessage: "branch: Created from HEAD")
        #expect(try test.repository.listBranches() == [
            Branch(name: "dev", target: first), Branch(name: "feature/x", target: second), Branch(name: "main", target: second),
        ])
        #expect(try test.repository.branch(named: "dev")?.target == first)
        #expect(try test.repository.branch(named: "nope") == nil)
        #expect(try test.repository.reflog(of: "refs/heads/dev").map(\.message) == ["branch: Created from HEAD~1"])
        #expect(try test.git("branch", "--list").contains("feature/x"))

        try test.repository.deleteBranch("dev", expected: first)
        #expect(try test.repository.branch(named: "dev") == nil)
        // The reflog goes with the branch, as in git: a new branch of that name starts afresh.
        #expect(try test.repository.reflog(of: "refs/heads/dev").isEmpty)
    }

    @Test func refusesExistingMissingAndMovedBranches() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        let second = try test.commitOnBranch(["a": "2"])
        #expect(throws: HistoryError.branchExists("main")) {
            try test.repository.createBranch("main", at: first, reflogMessage: "x")
        }
        #expect(try test.repository.resolveReference("refs/heads/main") == second)
        #expect(throws: HistoryError.branchNotFound("dev")) { try test.repository.deleteBranch("dev", expected: first) }
        #expect(throws: HistoryError.referenceMoved(name: "refs/heads/main", expected: first, actual: second)) {
            try test.repository.deleteBranch("main", expected: first)
        }
        #expect(try test.repository.resolveReference("refs/heads/main") == second)
    }

    @Test func validatesBranchNames() throws {
        let test = try TestRepository()
        let first = try test.commitOnBranch(["a": "1"])
        for good in ["dev", "relabel-2026", "feature/x", "v1.0", "a_b"] {
            #expect(test.repository.isValidBranchName(good), "\(good)")
        }
        for bad in ["", "HEAD", "-x", "a..b", "a b", "x.lock", "a@{1}", "a~1", "a^", "a:b", "a*", "/a", "a/", "a\\b"] {
            #expect(!test.repository.isValidBranchName(bad), "\(bad)")
            #expect(throws: HistoryError.invalidBranchName(bad)) {
                try test.repository.createBranch(bad, at: first, reflogMessage: "x")
            }
        }
        #expect(try test.repository.listBranches().map(\.name) == ["main"])
    }
}
