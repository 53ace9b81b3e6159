import Foundation
import Testing
@testable import History

@Suite struct TreeEditorTests {
    @Test func emptyEditorWritesTheEmptyTree() throws {
        let test = try TestRepository()
        let empty = try test.repository.editTree(from: nil).write()
        #expect(empty.hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
        #expect(try test.repository.entries(at: "", in: empty).isEmpty)
    }

    @Test func upsertsCreateIntermediateDirectories() throws {
        let test = try TestRepository()
        var editor = test.repository.editTree(from: nil)
        try editor.upsert("dataset.json", data: Data("{}".utf8))
        try editor.upsert("tables/cells/schema.json", data: Data("cells".utf8))
        let fragment = try editor.upsert("tables/cells/fragments/f1.json", data: Data("f1".utf8))
        #expect(editor.hasChanges)
        let tree = try editor.write()

        #expect(try test.repository.blob(at: "tables/cells/schema.json", in: tree)?.text == "cells")
        #expect(try test.repository.blobID(at: "tables/cells/fragments/f1.json", in: tree) == fragment)
        #expect(try test.repository.blob(at: "tables/genes/schema.json", in: tree) == nil)
        let root = try test.repository.entries(at: "", in: tree)
        #expect(root.map(\.name) == ["dataset.json", "tables"])
        #expect(root.map(\.kind) == [.blob, .tree])
        let cells = try test.repository.entries(at: "tables/cells", in: tree)
        #expect(cells.map(\.name) == ["fragments", "schema.json"])
        #expect(try test.repository.entry(at: "tables/cells", in: tree)?.kind == .tree)
        #expect(try test.git("ls-tree", "-r", "--name-only", tree.hex)
            == "dataset.json\ntables/cells/fragments/f1.json\ntables/cells/schema.json\n")
    }

    @Test func keepsUnchangedSubtreeIds() throws {
        let test = try TestRepository()
        var first = test.repository.editTree(from: nil)
        try first.upsert("tables/cells/fragments/a.json", data: Data("a".utf8))
        try first.upsert("tables/genes/fragments/g.json", data: Data("g".utf8))
        let before = try first.write()

        var second = test.repository.editTree(from: before)
        try second.upsert("tables/cells/fragments/b.json", data: Data("b".utf8))
        let after = try second.write()

        let genesBefore = try #require(try test.repository.entry(at: "tables/genes", in: before))
        let genesAfter = try #require(try test.repository.entry(at: "tables/genes", in: after))
        #expect(genesBefore.id == genesAfter.id)
        let cellsBefore = try #require(try test.repository.entry(at: "tables/cells", in: before))
        let cellsAfter = try #require(try test.repository.entry(at: "tables/cells", in: after))
        #expect(cellsBefore.id != cellsAfter.id)
        #expect(try test.repository.blobID(at: "tables/cells/fragments/a.json", in: after)
            == test.repository.blobID(at: "tables/cells/fragments/a.json", in: before))
        #expect(try test.repository.walkBlobs(under: "tables/cells", in: after).map(\.path)
            == ["tables/cells/fragments/a.json", "tables/cells/fragments/b.json"])
    }

    @Test func removalsDeleteEmptyDirectoriesButKeepNonEmptyOnes() throws {
        let test = try TestRepository()
        var editor = test.repository.editTree(from: nil)
        try editor.upsert("dataset.json", data: Data("{}".utf8))
        try editor.upsert("tables/cells/fragments/a.json", data: Data("a".utf8))
        try editor.upsert("tables/cells/fragments/b.json", data: Data("b".utf8))
        try editor.upsert("tables/genes/schema.json", data: Data("g".utf8))
        let base = try editor.write()

        var removeOne = test.repository.editTree(from: base)
        try removeOne.remove("tables/cells/fragments/a.json")
        let oneLeft = try removeOne.write()
        #expect(try test.repository.walkBlobs(under: "tables/cells", in: oneLeft).map(\.path)
            == ["tables/cells/fragments/b.json"])

        var removeLast = test.repository.editTree(from: oneLeft)
        try removeLast.remove("tables/cells/fragments/b.json")
        let noCells = try removeLast.write()
        #expect(try test.repository.entry(at: "tables/cells", in: noCells) == nil)
        #expect(try test.repository.entries(at: "tables", in: noCells).map(\.name) == ["genes"])

        var removeDirectory = test.repository.editTree(from: base)
        try removeDirectory.remove("tables")
        try removeDirectory.remove("no/such/path.json")  // absent: a no-op
        let onlyDataset = try removeDirectory.write()
        #expect(try test.repository.walkBlobs(in: onlyDataset).map(\.path) == ["dataset.json"])

        var removeEverything = test.repository.editTree(from: onlyDataset)
        try removeEverything.remove("dataset.json")
        #expect(try removeEverything.write().hex == "4b825dc642cb6eb9a060e54bf8d69288fbee4904")
    }

    @Test func laterChangesWinAndFilesAndDirectoriesReplaceEachOther() throws {
        let test = try TestRepository()
        var editor = test.repository.editTree(from: nil)
        try editor.upsert("a/old.json", data: Data("old".utf8))
        try editor.upsert("b.json", data: Data("b".utf8))
        let base = try editor.write()

        var change = test.repository.editTree(from: base)
        try change.upsert("a", data: Data("now a file".utf8))          // directory → file
        try change.upsert("b.json/inner.json", data: Data("x".utf8))  // file → directory
        try change.upsert("c.json", data: Data("1".utf8))
        try change.upsert("c.json", data: Data("2".utf8))               // last write wins
        try change.remove("d.json")
        try change.upsert("d.json", data: Data("d".utf8))               // upsert after removal
        let tree = try change.write()

        #expect(try test.repository.blob(at: "a", in: tree)?.text == "now a file")
        #expect(try test.repository.blob(at: "b.json/inner.json", in: tree)?.text == "x")
        #expect(try test.repository.blob(at: "c.json", in: tree)?.text == "2")
        #expect(try test.repository.blob(at: "d.json", in: tree)?.text == "d")
        #expect(try test.repository.walkBlobs(in: tree).map(\.path) == ["a", "b.json/inner.json", "c.json", "d.json"])

        // A removal then a write below the same name starts that directory empty.
        var replace = test.repository.editTree(from: base)
        try replace.remove("a")
        try replace.upsert("a/new.json", data: Data("new".utf8))
        let replaced = try replace.write()
        #expect(try test.repository.walkBlobs(under: "a", in: replaced).map(\.path) == ["a/new.json"])
    }

    @Test func upsertsExistingTreesAndReadsThroughCommits() throws {
        let test = try TestRepository()
        let source = try test.commit(["tables/cells/schema.json": "s", "tables/cells/fragments/f.json": "f"])
        let cellsTree = try #require(try test.repository.entry(at: "tables/cells", in: source))
        var editor = test.repository.editTree(from: nil)
        try editor.upsert("tables/copy", tree: cellsTree.id)
        let tree = try editor.write()
        #expect(try test.repository.entry(at: "tables/copy", in: tree)?.id == cellsTree.id)
        // Changes below a tree put by the same editor edit that tree.
        var extend = test.repository.editTree(from: nil)
        try extend.upsert("copy", tree: cellsTree.id)
        try extend.upsert("copy/fragments/g.json", data: Data("g".utf8))
        try extend.remove("copy/schema.json")
        let extended = try extend.write()
        #expect(try test.repository.walkBlobs(in: extended).map(\.path) == ["copy/fragments/f.json", "copy/fragments/g.json"])
        // Reading helpers accept a commit id and use its tree.
        #expect(try test.repository.blob(at: "tables/cells/schema.json", in: source)?.text == "s")
        #expect(try test.repository.walkBlobs(under: "tables/cells/schema.json", in: source).count == 1)
        #expect(try test.repository.walkBlobs(under: "tables/absent", in: source).isEmpty)
    }

    @Test func rejectsBadPathsAndMisuse() throws {
        let test = try TestRepository()
        var editor = test.repository.editTree(from: nil)
        for bad in ["", "a//b", "./a", "a/../b", "a/./b"] {
            #expect(throws: HistoryError.invalidPath(bad)) { try editor.upsert(bad, data: Data()) }
        }
        try editor.upsert("dir/file.json", data: Data("x".utf8))
        let tree = try editor.write()
        #expect(throws: HistoryError.self) { try test.repository.blob(at: "dir", in: tree) }
        #expect(throws: HistoryError.pathNotFound(path: "missing", tree: tree)) {
            try test.repository.entries(at: "missing", in: tree)
        }
        let blob = try #require(try test.repository.blobID(at: "dir/file.json", in: tree))
        #expect(throws: HistoryError.wrongObjectKind(id: blob, expected: "tree", actual: "blob")) {
            try test.repository.editTree(from: blob).write()
        }
    }
}
