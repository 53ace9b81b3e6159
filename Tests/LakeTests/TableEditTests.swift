import Columnar
import Foundation
import Testing
@testable import Lake

/// `TableEdits`: copy-on-write of columns, deletion vectors, and how edits begun on one version land
/// on a branch that moved meanwhile.
@Suite struct TableEditTests {
    func repository() throws -> Repository {
        let repo = try Repository.create(at: temporaryDirectory("edit") + "/a.cairn",
                                         config: RepositoryConfig(fragmentRows: 1000, rowGroupRows: 300, pageBytes: 1024))
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<2500)), message: "load")
        return repo
    }

    /// `age` of one fragment with `value` at `positions`.
    func ages(_ edits: TableEdits, _ fragment: Fragment, _ positions: [Int], _ value: Int64) throws -> RecordBatch {
        let old = try #require(try edits.base.storedColumn("age", of: fragment))
        let new = Column(type: .int64, buffer: .int64(Array(repeating: value, count: positions.count)))
        return RecordBatch(schema: Schema([Field("age", .int64)]), columns: [old.replacing(positions, with: new)])
    }

    @Test func aRewrittenColumnIsOneNewObjectAndTheOtherColumnsStayPut() throws {
        let repo = try repository()
        var edits = try repo.beginEdits()
        let fragment = try edits.base.fragments(of: "donors")[1]
        try edits.replaceColumns(try ages(edits, fragment, [0, 5, 999], 7), of: fragment)
        let (commit, branch) = try repo.commit(edits, message: "fix ages")
        #expect(branch == "main")
        let after = try repo.snapshot(at: nil)
        #expect(after.commit == commit)
        let fragments = try after.fragments(of: "donors")
        // Untouched fragments are the same blobs; the edited one keeps its object for donor and bmi.
        #expect(fragments[0] == (try edits.base.fragments(of: "donors"))[0])
        let objects = fragments[1].manifest.objects
        #expect(objects.count == 2)
        #expect(objects[0].hash == fragment.manifest.objects[0].hash && objects[0].columns == ["donor", "bmi"])
        #expect(objects[1].columns == ["age"])
        #expect(objects[1].bytes < fragment.manifest.objects[0].bytes / 2)
        #expect(fragments[1].manifest.statistics["age"]?.max == "89")
        var expected = donors(0..<2500)
        var age = expected.columns[1]
        age = age.replacing([1000, 1005, 1999], with: Column(type: .int64, buffer: .int64([7, 7, 7])))
        expected.columns[1] = age
        #expect(LogicalTable(try readAll(after, "donors")) == LogicalTable(expected))
        // The version before still reads the old values.
        #expect(LogicalTable(try readAll(edits.base, "donors")) == LogicalTable(donors(0..<2500)))
    }

    @Test func deletionsUnionWithTheFragmentsDeletionVector() throws {
        let repo = try repository()
        var first = try repo.beginEdits()
        let fragment = try first.base.fragments(of: "donors")[0]
        #expect(try first.deleteRows([3, 1], of: fragment) == 2)
        try repo.commit(first, message: "delete two")
        var second = try repo.beginEdits()
        let again = try second.base.fragments(of: "donors")[0]
        #expect(try second.deleteRows([1, 2], of: again) == 1)
        #expect(try second.deleteRows([1], of: again) == 0)
        try repo.commit(second, message: "delete one more")
        let head = try repo.snapshot(at: nil)
        #expect(try head.deletedPositions(of: try head.fragments(of: "donors")[0]) == [1, 2, 3])
        #expect(head.manifest.tables["donors"]?.rows == 2497)
        let names = try readAll(head, "donors", columns: ["donor"]).columns[0]
        #expect((0..<4).map { names.value(at: $0).description } == ["D0", "D4", "D5", "D6"])
    }

    @Test func editsOfTheSameColumnFromOneVersionConflict() throws {
        let repo = try repository()
        var a = try repo.beginEdits(), b = try repo.beginEdits()
        let fragment = try a.base.fragments(of: "donors")[0]
        try a.replaceColumns(try ages(a, fragment, [0], 1), of: fragment)
        try b.replaceColumns(try ages(b, fragment, [1], 2), of: fragment)
        let landed = try repo.commit(a, message: "a")
        #expect(throws: LakeError.self) { try repo.commit(b, message: "b") }
        do { try repo.commit(b, message: "b") } catch let error as LakeError {
            #expect("\(error)".contains("column 'age' of table 'donors' changed on the branch"))
        }
        #expect(try repo.resolve(nil) == landed.commit)
    }

    @Test func editsThatReadAColumnAnotherEditRewroteConflict() throws {
        let repo = try repository()
        var a = try repo.beginEdits(), b = try repo.beginEdits()
        let fragment = try a.base.fragments(of: "donors")[0]
        try a.replaceColumns(try ages(a, fragment, [0], 1), of: fragment)
        b.noteRead(["age"], of: "donors")
        #expect(try b.deleteRows([5], of: fragment) == 1)
        try repo.commit(a, message: "a")
        #expect(throws: LakeError.self) { try repo.commit(b, message: "b") }
    }

    @Test func editsOfDifferentColumnsAndNewFragmentsAreReappliedOnTheMovedBranch() throws {
        let repo = try repository()
        var a = try repo.beginEdits(), b = try repo.beginEdits()
        let fragment = try a.base.fragments(of: "donors")[0]
        try a.replaceColumns(try ages(a, fragment, [0], 1), of: fragment)
        let names = Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<1000).map { $0 == 2 ? "renamed" : "D\($0)" })))
        try b.replaceColumns(RecordBatch(schema: Schema([Field("donor", .string)]), columns: [names]), of: fragment)
        b.addColumn(Field("note", .string), to: "donors")
        try repo.commit(a, message: "a")
        try repo.append(table: "donors", from: InMemorySource(batch: donors(2500..<2600)), message: "more rows")
        try repo.commit(b, message: "b")
        let head = try repo.snapshot(at: nil)
        let rows = try readAll(head, "donors", columns: ["donor", "age", "note"])
        #expect(rows.rowCount == 2600)
        #expect(rows.columns[1].value(at: 0) == .int(1))
        #expect(rows.columns[0].value(at: 2).description == "renamed")
        #expect(rows.columns[2].nullCount == 2600)
        let objects = try head.fragments(of: "donors")[0].manifest.objects
        #expect(objects.map(\.columns) == [["bmi"], ["age"], ["donor"]])
    }
}
