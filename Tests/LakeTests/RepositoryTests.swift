import Columnar
import Foundation
import Parquet
import Testing
@testable import Lake

@Suite struct RepositoryTests {
    @Test func initCreatesAnEmptyFirstVersion() throws {
        let path = temporaryDirectory() + "/atlas.cairn"
        let repo = try Repository.create(at: path)
        let snapshot = try repo.snapshot(at: nil)
        #expect(snapshot.tableNames.isEmpty)
        #expect(try repo.log(from: nil, limit: nil).count == 1)
        #expect(throws: LakeError.repositoryExists(path)) { try Repository.create(at: path) }
    }

    /// `page_rows` came later: a cairn.json without it keeps the pages older versions wrote, a new one
    /// asks for pages of a few cells, and both write pages no longer than that.
    @Test func pageRowsDefaultsByAgeAndBoundsPages() throws {
        let old = #"{"format": "cairn", "format_version": 1, "fragment_rows": 1048576, "row_group_rows": 131072, "page_bytes": 65536}"#
        #expect(try JSONDecoder().decode(RepositoryConfig.self, from: Data(old.utf8)).pageRows == 20_000)
        let fresh = try JSONEncoder().encode(RepositoryConfig())
        #expect(try JSONDecoder().decode(RepositoryConfig.self, from: fresh).pageRows == 4096)

        let repo = try Repository.create(at: temporaryDirectory() + "/p.cairn", config: RepositoryConfig(pageRows: 100))
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<1000)), message: "first")
        let fragment = try #require(try repo.snapshot(at: nil).fragments(of: "donors").first)
        let object = try #require(fragment.manifest.objects.first)
        let reader = try ParquetFileReader(source: try ObjectByteSource(repository: repo, object: object), footer: object.footer.range)
        let pages = try #require(try reader.pages(group: 0, column: "age"))
        #expect(pages.count == 10)
        #expect(pages.allSatisfy { $0.rows.count == 100 })
    }

    @Test func discoverWalksUpward() throws {
        let root = temporaryDirectory()
        let repo = try Repository.create(at: root + "/atlas.cairn")
        try FileManager.default.createDirectory(atPath: root + "/atlas.cairn/sub/dir", withIntermediateDirectories: true)
        #expect(try Repository.discover(from: root + "/atlas.cairn/sub/dir").path == repo.path)
        #expect(throws: LakeError.notARepository(root)) { try Repository.discover(from: root) }
    }

    @Test func appendsAreReadBackInOrderAcrossFragments() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn",
                                         config: RepositoryConfig(fragmentRows: 1000, rowGroupRows: 300, pageBytes: 1024))
        let first = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<2500), batchRows: 700), message: "first")
        #expect(first.rows == 2500)
        #expect(first.fragments == 3)
        #expect(first.branch == "main")
        try repo.append(table: "donors", from: InMemorySource(batch: donors(2500..<2600)), message: "second")

        let head = try repo.snapshot(at: nil)
        #expect(LogicalTable(try readAll(head, "donors")) == LogicalTable(donors(0..<2600)))
        #expect(head.manifest.tables["donors"]?.rows == 2600)
        #expect(head.manifest.tables["donors"]?.fragments == 4)
        let fragments = try head.fragments(of: "donors")
        #expect(fragments.map(\.manifest.rowOffset) == [0, 1000, 2000, 2500])
        #expect(fragments[0].manifest.statistics["age"]?.max == "89")
        #expect(fragments[0].manifest.statistics["bmi"]?.nullCount == 143)

        // The previous version is unchanged.
        let previous = try repo.snapshot(at: "HEAD~1")
        #expect(LogicalTable(try readAll(previous, "donors")) == LogicalTable(donors(0..<2500)))
        #expect(LogicalTable(try readAll(previous, "donors", columns: ["bmi", "donor"])) == LogicalTable(donors(0..<2500).project(["bmi", "donor"])!))
    }

    @Test func schemaMismatchIsRefusedWithoutACommit() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<10)), message: "first")
        let before = try repo.resolve(nil)
        var other = donors(0..<5)
        other.schema.fields[1].name = "years"
        #expect(throws: LakeError.schemaMismatch(table: "donors", source: "test rows", detail: "missing column 'age'")) {
            try repo.append(table: "donors", from: InMemorySource(batch: other), message: "bad")
        }
        var retyped = donors(0..<5)
        retyped.schema.fields[1].type = .float64
        retyped.columns[1] = Column(type: .float64, buffer: .float64([1, 2, 3, 4, 5]))
        #expect(throws: LakeError.schemaMismatch(table: "donors", source: "test rows", detail: "column 'age' is float64, the table has int64")) {
            try repo.append(table: "donors", from: InMemorySource(batch: retyped), message: "bad")
        }
        #expect(throws: LakeError.emptySource("simulated failure")) {
            try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<50), batchRows: 10, failAfterRows: 30), message: "bad")
        }
        #expect(try repo.resolve(nil) == before)
    }

    @Test func columnsMayArriveInAnotherOrder() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<10)), message: "first")
        try repo.append(table: "donors", from: InMemorySource(batch: donors(10..<20).project(["bmi", "age", "donor"])!), message: "second")
        #expect(LogicalTable(try readAll(repo.snapshot(at: nil), "donors")) == LogicalTable(donors(0..<20)))
    }

    @Test func badNamesAndRevisionsAreClearErrors() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        #expect(throws: LakeError.invalidTableName("../x")) {
            try repo.append(table: "../x", from: InMemorySource(batch: donors(0..<1)), message: "m")
        }
        #expect(throws: LakeError.unknownTable("nope", revision: "HEAD")) { try repo.snapshot(at: nil).schema(of: "nope") }
        #expect(throws: (any Error).self) { try repo.snapshot(at: "no-such-branch") }
        #expect(throws: LakeError.unknownColumn("zzz", table: "donors")) {
            try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<1)), message: "m")
            try repo.snapshot(at: nil).scan("donors", columns: ["zzz"]) { _ in }
        }
    }

    @Test func showCountsWhatACommitAdded() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn", config: RepositoryConfig(fragmentRows: 10))
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<25)), message: "first")
        let changes = try repo.changes(at: nil)
        #expect(changes.commit.message.hasPrefix("first"))
        #expect(changes.tables.count == 1)
        #expect(changes.tables[0].rowsAdded == 25)
        #expect(changes.tables[0].fragmentsAdded == 3)
        #expect(changes.tables[0].schemaChange == .created)
        #expect(changes.tables[0].bytesAdded == (try repo.snapshot(at: nil).manifest.tables["donors"]!.bytes))
    }

    @Test func dataObjectsAreFoundByPrefix() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<5)), message: "first")
        let object = try repo.snapshot(at: nil).fragments(of: "donors")[0].manifest.objects[0]
        let bytes = try repo.dataObject(String(object.hash.hex.prefix(10)))
        #expect(bytes.count == object.bytes)
        #expect(Array(bytes.prefix(4)) == Array("PAR1".utf8))
        #expect(throws: LakeError.unknownObject("ffff")) { try repo.dataObject("ffff") }
    }
}
