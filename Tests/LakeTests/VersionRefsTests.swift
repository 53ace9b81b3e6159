import Foundation
import History
import Testing
@testable import Lake

/// Branches, tags, checkout and the reflog through the Repository API, and how writers follow HEAD.
@Suite struct VersionRefsTests {
    /// A repository with two loads on main: init ← first ← second.
    func repositoryWithTwoLoads() throws -> (repo: Repository, first: ObjectID, second: ObjectID) {
        let repo = try Repository.create(at: temporaryDirectory("refs") + "/atlas.cairn")
        let first = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<10)), message: "first").commit
        let second = try repo.append(table: "donors", from: InMemorySource(batch: donors(10..<20)), message: "second").commit
        return (repo, first, second)
    }

    @Test func branchesAreCreatedAtARevisionAndListed() throws {
        let (repo, first, second) = try repositoryWithTwoLoads()
        #expect(try repo.createBranch("relabel", at: nil) == second)
        #expect(try repo.createBranch("old", at: "HEAD~1") == first)
        let listed = try repo.branches()
        #expect(listed.map(\.name) == ["main", "old", "relabel"])
        #expect(listed.map(\.isCurrent) == [true, false, false])
        #expect(listed.map(\.commit.id) == [second, first, second])
        #expect(throws: HistoryError.branchExists("old")) { try repo.createBranch("old", at: nil) }
        #expect(throws: HistoryError.invalidBranchName("a..b")) { try repo.createBranch("a..b", at: nil) }
        #expect(throws: HistoryError.unknownRevision("nope")) { try repo.createBranch("x", at: "nope") }
        #expect(try repo.branches().count == 3)
    }

    @Test func deletingABranchRefusesTheCurrentAndUnmergedOnes() throws {
        let (repo, first, second) = try repositoryWithTwoLoads()
        try repo.createBranch("merged", at: "HEAD~1")
        try repo.createBranch("ahead", at: nil)
        _ = try repo.checkout("ahead")
        let third = try repo.append(table: "donors", from: InMemorySource(batch: donors(20..<30)), message: "third").commit
        _ = try repo.checkout("main")

        #expect(throws: LakeError.deletingCurrentBranch("main")) { try repo.deleteBranch("main", force: true) }
        #expect(throws: LakeError.branchNotMerged("ahead", head: "main")) { try repo.deleteBranch("ahead", force: false) }
        #expect(try repo.resolve("ahead") == third)
        #expect(throws: HistoryError.branchNotFound("nope")) { try repo.deleteBranch("nope", force: false) }
        #expect(try repo.deleteBranch("merged", force: false) == first)
        #expect(try repo.deleteBranch("ahead", force: true) == third)
        #expect(try repo.branches().map(\.name) == ["main"])
        #expect(try repo.resolve("HEAD") == second)
    }

    @Test func writersCommitToTheBranchHeadFollows() throws {
        let (repo, _, second) = try repositoryWithTwoLoads()
        try repo.createBranch("curation", at: nil)
        #expect(try repo.checkout("curation") == .branch(name: "curation", commit: second))
        #expect(try repo.checkout("curation") == .alreadyOnBranch(name: "curation"))
        let result = try repo.append(table: "donors", from: InMemorySource(batch: donors(20..<25)), message: "on curation")
        #expect(result.branch == "curation")
        #expect(try repo.resolve("curation") == result.commit)
        #expect(try repo.resolve("main") == second)
        #expect(try repo.snapshot(at: nil).tableRows("donors") == 25)
        #expect(try repo.snapshot(at: "main").tableRows("donors") == 20)
    }

    @Test func aDetachedHeadIsReadButNotWritten() throws {
        let (repo, first, second) = try repositoryWithTwoLoads()
        try repo.createTag("v1", at: "HEAD~1", message: "first release", force: false)
        #expect(try repo.checkout("v1") == .detached(commit: first))
        #expect(try repo.head().isDetached)
        #expect(try repo.snapshot(at: nil).tableRows("donors") == 10)
        #expect(throws: LakeError.detachedHead(first.abbreviated())) {
            try repo.append(table: "donors", from: InMemorySource(batch: donors(20..<25)), message: "refused")
        }
        #expect(try repo.resolve("main") == second)
        #expect(try repo.checkout(second.hex.prefix(6).description) == .detached(commit: second))
        #expect(throws: LakeError.invalidArgument("cannot check out 'nope': no branch, tag or commit by that name")) {
            try repo.checkout("nope")
        }
        #expect(try repo.checkout("main") == .branch(name: "main", commit: second))
        #expect(try repo.head().branchName == "main")
    }

    /// `-` and `@{-N}` go back to where HEAD was N checkouts ago: onto the branch, as git does, or to the
    /// detached commit.
    @Test func checkoutGoesBackToThePreviousBranch() throws {
        let (repo, first, second) = try repositoryWithTwoLoads()
        try repo.createBranch("curation", at: "HEAD~1")
        #expect(throws: LakeError.self) { try repo.checkout("-") }
        _ = try repo.checkout("curation")
        #expect(try repo.checkout("-") == .branch(name: "main", commit: second))
        #expect(try repo.checkout("-") == .branch(name: "curation", commit: first))
        _ = try repo.checkout(second.hex)
        #expect(try repo.checkout("@{-1}") == .branch(name: "curation", commit: first))
        #expect(try repo.checkout("@{-1}") == .detached(commit: second))
        // Newest first, HEAD came from curation, the commit, curation: three back is curation.
        #expect(try repo.checkout("@{-3}") == .branch(name: "curation", commit: first))
        #expect(try repo.head().branchName == "curation")
    }

    @Test func aWriteLandsOnTheBranchItStartedOn() throws {
        let (repo, _, second) = try repositoryWithTwoLoads()
        try repo.createBranch("other", at: nil)
        // The branch is read when the write begins; a checkout before the commit does not redirect it.
        let pinned = try repo.currentBranch()
        _ = try repo.checkout("other")
        let (commit, branch) = try repo.commit(message: "pinned", onto: pinned) { _, _, _ in }
        #expect(branch == "refs/heads/main")
        #expect(try repo.resolve("main") == commit)
        #expect(try repo.resolve("other") == second)
        // A branch deleted during the write is not recreated from nothing.
        try repo.createBranch("doomed", at: nil)
        _ = try repo.checkout("doomed")
        let doomed = try repo.currentBranch()
        _ = try repo.checkout("main")
        try repo.deleteBranch("doomed", force: true)
        #expect(throws: LakeError.self) { try repo.commit(message: "lost", onto: doomed) { _, _, _ in } }
        #expect(try repo.branches().map(\.name) == ["main", "other"])
    }

    @Test func tagsAreAnnotatedAndImmutableUnlessForced() throws {
        let (repo, first, second) = try repositoryWithTwoLoads()
        let tag = try repo.createTag("v2026.1", at: nil, message: "first public release", force: false)
        #expect(tag.target == second)
        #expect(tag.isAnnotated)
        #expect(tag.message == "first public release\n")
        #expect(throws: HistoryError.tagExists("v2026.1")) {
            try repo.createTag("v2026.1", at: "HEAD~1", message: "again", force: false)
        }
        #expect(try repo.resolve("v2026.1") == second)
        #expect(try repo.createTag("v2026.1", at: "HEAD~1", message: "moved", force: true).target == first)
        #expect(try repo.resolve("v2026.1") == first)
        #expect(throws: HistoryError.invalidTagName("-x")) { try repo.createTag("-x", at: nil, message: "m", force: false) }
        try repo.createTag("v0", at: "HEAD~2", message: "empty", force: false)
        #expect(try repo.tags().map(\.name) == ["v0", "v2026.1"])
        #expect(try repo.deleteTag("v0").name == "v0")
        #expect(throws: HistoryError.tagNotFound("v0")) { try repo.deleteTag("v0") }
        #expect(try repo.tags().map(\.name) == ["v2026.1"])
    }

    @Test func reflogRecordsCommitsBranchesAndCheckouts() throws {
        let (repo, first, second) = try repositoryWithTwoLoads()
        try repo.createBranch("dev", at: "HEAD~1")
        _ = try repo.checkout("dev")
        _ = try repo.checkout("main")
        let head = try repo.reflog(nil)
        #expect(head.reference == "HEAD")
        #expect(head.entries.map(\.message).prefix(4) == [
            "checkout: moving from dev to main", "checkout: moving from main to dev", "commit: second", "commit: first",
        ])
        #expect(head.entries.first?.newID == second)
        let dev = try repo.reflog("dev")
        #expect(dev.reference == "refs/heads/dev")
        #expect(dev.entries.map(\.message) == ["branch: Created from HEAD~1"])
        #expect(dev.entries.first?.newID == first)
        #expect(try repo.reflog("main").entries.count == 3)  // init, first, second
        #expect(try repo.resolve("@{-1}") == first)           // the previous checkout: dev
        #expect(throws: HistoryError.referenceNotFound("nope")) { try repo.reflog("nope") }
    }
}

extension Snapshot {
    /// The rows of `table`, read back.
    func tableRows(_ table: String) throws -> Int {
        try readAll(self, table).rowCount
    }
}
