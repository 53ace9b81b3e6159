import Foundation
import Testing
@testable import History

@Suite struct GraphTests {
    @Test func logWalksTopologicallyNewestFirst() throws {
        let test = try TestRepository()
        let c1 = try test.commitOnBranch(["a": "1"], message: "c1")
        let c2 = try test.commitOnBranch(["a": "2"], message: "c2")
        let side = try test.commit(["s": "1"], parents: [c1], message: "side")
        let merge = try test.commit(["m": "1"], parents: [c2, side], message: "merge")
        let log = try test.repository.log(from: merge)
        #expect(log.count == 4)
        #expect(log.first?.id == merge)
        #expect(log.last?.id == c1)
        #expect(Set(log.map(\.id)) == [c1, c2, side, merge])
        #expect(try test.repository.log(from: merge, limit: 2).map(\.id) == [merge, side])
        #expect(try test.repository.log(from: merge, limit: 0).isEmpty)
        #expect(try test.repository.log(from: c2).map(\.summary) == ["c2", "c1"])
    }

    @Test func answersAncestryAndMergeBase() throws {
        let test = try TestRepository()
        let c1 = try test.commit(["a": "1"])
        let c2 = try test.commit(["a": "2"], parents: [c1])
        let side = try test.commit(["s": "1"], parents: [c1])
        let unrelated = try test.commit(["u": "1"])
        #expect(try test.repository.isAncestor(c1, of: c2))
        #expect(try test.repository.isAncestor(c2, of: c2))
        #expect(try !test.repository.isAncestor(c2, of: c1))
        #expect(try !test.repository.isAncestor(side, of: c2))
        #expect(try test.repository.mergeBase(c2, side) == c1)
        #expect(try test.repository.mergeBase(c2, c1) == c1)
        #expect(try test.repository.mergeBase(c2, unrelated) == nil)
    }

    @Test func diffsTreesAtBlobLevel() throws {
        let test = try TestRepository()
        let first = try test.commit([
            "dataset.json": "1",
            "tables/cells/fragments/a.json": "a",
            "tables/cells/fragments/b.json": "b",
            "tables/genes/schema.json": "g",
            "turns/into/dir": "file",
        ])
        let second = try test.commit([
            "dataset.json": "2",
            "tables/cells/fragments/c.json": "c",
            "turns/into/dir/now.json": "dir",
        ], removing: ["tables/cells/fragments/a.json"], parents: [first])
        let blob = { (path: String, commit: ObjectID) in try test.repository.blobID(at: path, in: commit) }

        let changes = try test.repository.diffTrees(old: first, new: second)
        #expect(changes == [
            TreeChange(path: "dataset.json", oldBlob: try blob("dataset.json", first), newBlob: try blob("dataset.json", second)),
            TreeChange(path: "tables/cells/fragments/a.json", oldBlob: try blob("tables/cells/fragments/a.json", first), newBlob: nil),
            TreeChange(path: "tables/cells/fragments/c.json", oldBlob: nil, newBlob: try blob("tables/cells/fragments/c.json", second)),
            TreeChange(path: "turns/into/dir", oldBlob: try blob("turns/into/dir", first), newBlob: nil),
            TreeChange(path: "turns/into/dir/now.json", oldBlob: nil, newBlob: try blob("turns/into/dir/now.json", second)),
        ])
        #expect(changes.map(\.kind) == [.modified, .deleted, .added, .deleted, .added])

        // The same answer as git.
        let gitNames = try test.git("diff-tree", "-r", "--name-only", first.hex, second.hex)
        #expect(gitNames.split(separator: "\n").map(String.init) == changes.map(\.path))

        #expect(try test.repository.diffTrees(old: first, new: first).isEmpty)
        let everything = try test.repository.diffTrees(old: nil, new: first)
        #expect(everything.count == 5)
        #expect(everything.allSatisfy { $0.kind == .added })
        let nothing = try test.repository.diffTrees(old: first, new: nil)
        #expect(nothing.allSatisfy { $0.kind == .deleted } && nothing.count == 5)
        let firstTree = try test.repository.commit(first).tree
        #expect(try test.repository.diffTrees(old: firstTree, new: second) == changes)
    }
}
