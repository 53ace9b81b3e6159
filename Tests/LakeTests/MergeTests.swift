import Columnar
import Foundation
import History
import Testing
@testable import Lake

/// Three-way merge and revert on manifests: appends on both sides, column edits, deletions, conflicts.
@Suite struct MergeTests {
    /// A repository with 100 donors on main and a branch `side` at the same commit.
    func repositoryWithBranch() throws -> Repository {
        let repo = try Repository.create(at: temporaryDirectory("merge") + "/atlas.cairn")
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<100)), message: "donors")
        try repo.createBranch("side", at: nil)
        return repo
    }

    /// Rewrites column `name` (int64) of every fragment of `table` at the branch head through the edit
    /// API `update` uses: a column-level copy-on-write object per fragment.
    func setColumn(_ repo: Repository, _ table: String, _ name: String, message: String,
                   _ value: (_ row: Int, _ old: Value) -> Value?) throws {
        var edits = try repo.beginEdits()
        let snapshot = try repo.snapshot(at: nil)
        let field = try snapshot.schema(of: table).field(named: name)!
        for fragment in try snapshot.fragments(of: table) {
            let old = try snapshot.storedColumn(name, of: fragment)!.widened(to: .int64)!
            let values: [Int64?] = (0..<old.count).map { i in
                if case .int(let n) = value(fragment.manifest.rowOffset + i, old.value(at: i)) ?? old.value(at: i) { return n }
                return nil
            }
            let column = Column(type: .int64, buffer: .int64(values.map { $0 ?? 0 }), validity: values.map { $0 != nil })
            try edits.replaceColumns(RecordBatch(schema: Schema([field]), columns: [column]), of: fragment)
        }
        try repo.commit(edits, message: message)
    }

    /// Marks rows of the first fragment of `table` deleted, as `delete` does.
    func deleteRows(_ repo: Repository, _ table: String, _ rows: [Int], message: String) throws {
        var edits = try repo.beginEdits()
        try edits.deleteRows(rows, of: try repo.snapshot(at: nil).fragments(of: table)[0])
        try repo.commit(edits, message: message)
    }

    func ages(_ repo: Repository, at revision: String? = nil) throws -> [Value] {
        let batch = try readAll(try repo.snapshot(at: revision), "donors", columns: ["age"])
        return (0..<batch.rowCount).map { batch.columns[0].value(at: $0) }
    }

    func donorNames(_ repo: Repository) throws -> [String] {
        let batch = try readAll(try repo.snapshot(at: nil), "donors", columns: ["donor"])
        return (0..<batch.rowCount).map { batch.columns[0].value(at: $0).description }
    }

    @Test func fastForwardAndUpToDate() throws {
        let repo = try repositoryWithBranch()
        #expect(try repo.merge("side").kind == .upToDate)
        _ = try repo.checkout("side")
        let ahead = try repo.append(table: "donors", from: InMemorySource(batch: donors(100..<110)), message: "more").commit
        _ = try repo.checkout("main")
        let result = try repo.merge("side")
        #expect(result.kind == .fastForward)
        #expect(result.commit == ahead)
        #expect(try repo.resolve("main") == ahead)
        #expect(try repo.merge("side").kind == .upToDate)
    }

    @Test func appendsOnBothSidesKeepBothInOrder() throws {
        let repo = try repositoryWithBranch()
        _ = try repo.checkout("side")
        let theirs = try repo.append(table: "donors", from: InMemorySource(batch: donors(200..<210)), message: "side rows").commit
        _ = try repo.checkout("main")
        let ours = try repo.append(table: "donors", from: InMemorySource(batch: donors(100..<105)), message: "main rows").commit
        let result = try repo.merge("side")
        #expect(result.kind == .merged)
        let commit = try repo.git.commit(result.commit)
        #expect(commit.parents == [ours, theirs])
        #expect(commit.message == "Merge branch 'side'\n")
        #expect(try donorNames(repo) == (0..<105).map { "D\($0)" } + (200..<210).map { "D\($0)" })
        let fragments = try repo.snapshot(at: nil).fragments(of: "donors")
        #expect(fragments.map(\.manifest.rowOffset) == [0, 100, 105])
        #expect(try repo.snapshot(at: nil).manifest.tables["donors"]?.rows == 115)
    }

    @Test func noFastForwardMakesAMergeCommit() throws {
        let repo = try repositoryWithBranch()
        _ = try repo.checkout("side")
        let theirs = try repo.append(table: "donors", from: InMemorySource(batch: donors(200..<210)), message: "side rows").commit
        _ = try repo.checkout("main")
        let result = try repo.merge("side", fastForward: false)
        #expect(result.kind == .merged)
        #expect(try repo.git.commit(result.commit).parents.last == theirs)
        #expect(try donorNames(repo).count == 110)
    }

    @Test func editsOfDifferentRowsOfOneColumnBothLand() throws {
        let repo = try repositoryWithBranch()
        _ = try repo.checkout("side")
        try setColumn(repo, "donors", "age", message: "side ages") { row, _ in row < 10 ? .int(1000 + Int64(row)) : nil }
        _ = try repo.checkout("main")
        try setColumn(repo, "donors", "age", message: "main ages") { row, _ in row >= 50 && row < 60 ? .int(2000) : nil }
        #expect(try repo.merge("side").kind == .merged)
        let merged = try ages(repo)
        for row in 0..<100 {
            let expected: Int64 = row < 10 ? 1000 + Int64(row) : (row >= 50 && row < 60 ? 2000 : Int64(row % 90))
            #expect(merged[row] == .int(expected))
        }
    }

    @Test func editsOfDifferentColumnsTakeNoDataRead() throws {
        let repo = try repositoryWithBranch()
        _ = try repo.checkout("side")
        try setColumn(repo, "donors", "age", message: "side ages") { _, _ in .int(7) }
        let sideAgeObject = try repo.snapshot(at: nil).fragments(of: "donors")[0].manifest.provider(of: "age")!.hash
        _ = try repo.checkout("main")
        _ = try repo.append(table: "other", from: InMemorySource(batch: donors(0..<3)), message: "other table")
        let before = try FileManager.default.subpathsOfDirectory(atPath: repo.path + "/objects").count
        #expect(try repo.merge("side").kind == .merged)
        #expect(try ages(repo).allSatisfy { $0 == .int(7) })
        #expect(try repo.snapshot(at: nil).fragments(of: "donors")[0].manifest.provider(of: "age")!.hash == sideAgeObject)
        // Nothing was merged value by value, so no data object was written.
        #expect(try FileManager.default.subpathsOfDirectory(atPath: repo.path + "/objects").count == before)
    }

    @Test func theSameValueChangedDifferentlyIsAConflictAndCommitsNothing() throws {
        let repo = try repositoryWithBranch()
        _ = try repo.checkout("side")
        try setColumn(repo, "donors", "age", message: "side") { row, _ in row == 5 ? .int(55) : (row == 6 ? .int(66) : nil) }
        _ = try repo.checkout("main")
        try setColumn(repo, "donors", "age", message: "main") { row, _ in row == 5 ? .int(555) : (row == 6 ? .int(66) : nil) }
        let head = try repo.resolve("main")
        do {
            _ = try repo.merge("side")
            Issue.record("the merge should stop")
        } catch let stopped as MergeConflicts {
            #expect(stopped.conflicts == [MergeConflict(table: "donors", row: "row 5", column: "age", base: .int(5), ours: .int(555), theirs: .int(55))])
            #expect(stopped.lines == ["donors row 5: age: base 5, ours 555, theirs 55"])
        }
        #expect(try repo.resolve("main") == head)

        #expect(try repo.merge("side", strategy: .theirs).kind == .merged)
        var merged = try ages(repo)
        #expect(merged[5] == .int(55) && merged[6] == .int(66))
        try repo.git.updateReference(name: "refs/heads/main", to: head, expected: try repo.resolve("main"), reflogMessage: "test: back")
        #expect(try repo.merge("side", strategy: .ours).kind == .merged)
        merged = try ages(repo)
        #expect(merged[5] == .int(555) && merged[6] == .int(66))
    }

    @Test func deletionsOnBothSidesUnite() throws {
        let repo = try repositoryWithBranch()
        _ = try repo.checkout("side")
        try deleteRows(repo, "donors", [1, 2], message: "side deletes")
        _ = try repo.checkout("main")
        try deleteRows(repo, "donors", [2, 3], message: "main deletes")
        #expect(try repo.merge("side").kind == .merged)
        let names = try donorNames(repo)
        #expect(names.count == 97)
        #expect(!names.contains("D1") && !names.contains("D2") && !names.contains("D3") && names.contains("D4"))
        #expect(try repo.snapshot(at: nil).manifest.tables["donors"]?.rows == 97)
    }

    @Test func revertUndoesALoadAndAnEditKeepingLaterWork() throws {
        let repo = try repositoryWithBranch()
        try setColumn(repo, "donors", "age", message: "ages") { _, _ in .int(1) }
        let load = try repo.append(table: "donors", from: InMemorySource(batch: donors(100..<110)), message: "load more").commit
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(300..<302)), message: "later")
        let (reverted, branch) = try repo.revert(load.hex)
        #expect(branch == "main")
        #expect(try repo.git.commit(reverted).message.hasPrefix("Revert \"load more\""))
        #expect(try donorNames(repo) == (0..<100).map { "D\($0)" } + ["D300", "D301"])
        #expect(try ages(repo).prefix(100).allSatisfy { $0 == .int(1) })
        // A fragment the reverted load added and a later edit changed: modify/delete, as in git.
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(400..<401)), message: "one more")
        try setColumn(repo, "donors", "age", message: "all ages") { _, _ in .int(2) }
        #expect(throws: MergeConflicts.self) { try repo.revert("HEAD~1") }
        try repo.git.updateReference(name: "refs/heads/main", to: try repo.resolve("HEAD~2"), expected: try repo.resolve("main"), reflogMessage: "test: back")

        try repo.revert("HEAD~3")  // the age edit
        let expected: [Value] = [0..<100, 300..<302].joined().map { Value.int(Int64($0 % 90)) }
        #expect(try ages(repo) == expected)
    }

    @Test func revertOfAnEditLaterEditedAgainConflicts() throws {
        let repo = try repositoryWithBranch()
        try setColumn(repo, "donors", "age", message: "first") { row, _ in row == 0 ? .int(10) : nil }
        try setColumn(repo, "donors", "age", message: "second") { row, _ in row == 0 ? .int(20) : nil }
        let head = try repo.resolve("main")
        #expect(throws: MergeConflicts.self) { try repo.revert("HEAD~1") }
        #expect(try repo.resolve("main") == head)
        #expect(throws: (any Error).self) { try repo.revert("nope") }
    }

    @Test func aFragmentCompactedOnOneSideAndEditedOnTheOtherStopsTheMerge() throws {
        let repo = try Repository.create(at: temporaryDirectory("merge") + "/atlas.cairn")
        for start in stride(from: 0, to: 40, by: 10) {
            _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(start..<(start + 10))), message: "donors \(start)")
        }
        try repo.createBranch("side", at: nil)
        _ = try repo.compact(targetRows: 100)
        #expect(try repo.snapshot(at: nil).fragments(of: "donors").count == 1)
        _ = try repo.checkout("side")
        try setColumn(repo, "donors", "age", message: "side ages") { row, _ in row == 3 ? .int(99) : nil }
        _ = try repo.checkout("main")
        let head = try repo.resolve("main")
        for strategy in [nil, MergeStrategy.theirs] {
            do {
                _ = try repo.merge("side", strategy: strategy)
                Issue.record("the merge should stop")
            } catch let stopped as MergeConflicts {
                #expect(stopped.conflicts.isEmpty)
                // The compacted fragment kept the first one's name with more rows; the others are gone.
                #expect(stopped.structural.count == 4, "\(stopped.lines)")
                #expect(stopped.structural.allSatisfy { $0.contains("compact") }, "\(stopped.lines)")
            }
        }
        #expect(try repo.resolve("main") == head)
    }
}
