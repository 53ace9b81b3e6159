import Columnar
import Foundation
import History
import Interchange
import Parquet
import Testing
@testable import Lake

/// `compact`: the data reads identically afterwards (rows, order, ids), fragments of the shapes other
/// writers make (deletion vectors, extra column-group objects) are rewritten, fine ones are not, and a
/// race with another writer is either re-applied or refused.
@Suite struct CompactionTests {
    static let fixture = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("CLITests/Fixtures/anndata-versions/anndata-0.11.4.h5ad").path

    func repository(fragmentRows: Int) throws -> Repository {
        try Repository.create(at: temporaryDirectory("compact") + "/r.cairn", config: RepositoryConfig(fragmentRows: fragmentRows))
    }

    /// Every table's rows, read the way queries read them.
    func contents(_ repo: Repository) throws -> [String: LogicalTable] {
        let snapshot = try repo.snapshot(at: nil)
        return try Dictionary(uniqueKeysWithValues: snapshot.tableNames.map { ($0, LogicalTable(try readAll(snapshot, $0))) })
    }

    /// Replaces fragment `name` of `table` with `edit` applied, in a commit of its own.
    func edit(_ repo: Repository, _ table: String, _ name: String, _ edit: (inout FragmentManifest) throws -> Void) throws {
        try repo.commit(message: "edit \(table)/\(name)") { editor, _, head in
            var fragment = try ManifestPaths.readFragments(repo.git, commit: head!, table: table).first { $0.name == name }!.manifest
            try edit(&fragment)
            _ = try editor.upsert(ManifestPaths.fragment(table, name), data: Data(try ManifestCoding.encode(fragment)))
        }
    }

    /// Deletes `positions` of a fragment the way `delete` does: a deletion vector object.
    func delete(_ repo: Repository, _ table: String, _ name: String, _ positions: [UInt64]) throws {
        let bytes = DeletionVector(positions: positions).encoded()
        let hash = try repo.objects.put(bytes)
        try edit(repo, table, name) { $0.deletionVector = DeletionVectorReference(hash: hash, bytes: bytes.count, deletedRows: positions.count) }
        try repo.commit(message: "recount") { _, dataset, _ in dataset.tables[table]!.rows -= positions.count }
    }

    /// Replaces column `column` of a fragment the way `update` does: a new object holding only that column,
    /// the old object no longer listing it.
    func annotate(_ repo: Repository, _ table: String, _ name: String, _ column: String, _ values: (Int) -> Value) throws {
        let fragment = try repo.snapshot(at: nil).fragments(of: table).first { $0.name == name }!
        let values = (0..<fragment.manifest.rows).map(values)
        let validity = values.map { $0 != .null }
        let stored: Column
        if values.contains(where: { if case .int = $0 { return true } else { return false } }) {
            stored = Column(type: .int64, buffer: .int64(values.map { if case .int(let v) = $0 { return v } else { return 0 } }), validity: validity)
        } else {
            stored = Column(type: .string, buffer: .bytes(VarBinary(strings: values.map { if case .string(let v) = $0 { return v } else { return "" } })),
                            validity: validity)
        }
        let batch = RecordBatch(schema: Schema([Field(column, stored.type, nullable: true)]), columns: [stored])
        var writer = FragmentWriter(schema: batch.schema, config: repo.config, objects: repo.objects)
        try writer.append(batch)
        let object = try writer.finish()[0].objects[0]
        try edit(repo, table, name) { manifest in
            for i in manifest.objects.indices { manifest.objects[i].columns.removeAll { $0 == column } }
            manifest.objects.append(object)
        }
    }

    @Test func smallFragmentsMergeAndAFineTableIsLeftAlone() throws {
        let repo = try repository(fragmentRows: 100)
        for i in 0..<5 { _ = try repo.append(table: "donors", from: InMemorySource(batch: donors((i * 10)..<(i * 10 + 10))), message: "load \(i)") }
        let before = try contents(repo)
        let result = try repo.compact(targetRows: 25)
        #expect(result.commit != nil)
        let fragments = try repo.snapshot(at: nil).fragments(of: "donors")
        #expect(fragments.map(\.manifest.rows) == [25, 25])
        #expect(try contents(repo) == before)
        #expect(try repo.compact(targetRows: 25).commit == nil)
        #expect(try repo.checkIntegrity().isClean)
    }

    @Test func deletionVectorsAndColumnGroupsOfAPlainTable() throws {
        let repo = try repository(fragmentRows: 10)
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<40)), message: "load")
        try delete(repo, "donors", "000000000000", [1, 3, 9])
        try annotate(repo, "donors", "000000000001", "age") { .int(Int64(1000 + $0)) }
        let before = try contents(repo)
        #expect(before["donors"]!.rows.count == 37)
        let result = try repo.compact(targetRows: 100)
        #expect(result.tables.first?.rowsDropped == 3)
        let fragments = try repo.snapshot(at: nil).fragments(of: "donors")
        #expect(fragments.count == 1)
        #expect(fragments.allSatisfy { $0.manifest.objects.count == 1 && $0.manifest.deletionVector == nil })
        #expect(try contents(repo) == before)
        #expect(try repo.snapshot(at: nil).manifest.tables["donors"]!.rows == 37)
        // Appends continue the numbering after compaction.
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(40..<45)), message: "more")
        #expect(try readAll(repo.snapshot(at: nil), "donors").rowCount == 42)
    }

    @Test func singleCellIdsSurviveDeletionsAndColumnGroups() throws {
        let repo = try repository(fragmentRows: 8)
        for name in ["one", "two"] {
            _ = try repo.importDatasets([ImportRequest(name: name, source: try AnnDataSource(path: Self.fixture))], message: name, allowDuplicate: true)
        }
        try delete(repo, "cells", "000000000002", [2, 3])         // a gap inside a fragment of 'one'
        try delete(repo, "cells", "000000000008", [0, 7])         // a fragment of 'two'
        try annotate(repo, "cells", "000000000004", "n_genes") { .int(Int64(-$0)) }
        try delete(repo, "expression", "000000000001", [0, 5, 6])
        try annotate(repo, "var", "000000000001", "var_name") { .string("renamed\($0)") }
        let before = try contents(repo)
        let result = try repo.compact(targetRows: 20)
        #expect(result.commit != nil)
        let after = try contents(repo)
        for table in before.keys.sorted() { #expect(after[table] == before[table], "\(table)") }
        let snapshot = try repo.snapshot(at: nil)
        for table in ["cells", "var", "expression"] {
            #expect(try snapshot.fragments(of: table).allSatisfy { $0.manifest.objects.count == 1 && $0.manifest.deletionVector == nil }, "\(table)")
        }
        // Fragments never mix datasets, and cells are cut where deleted rows were.
        let cells = try snapshot.fragments(of: "cells")
        #expect(Set(cells.map(\.manifest.dataset)) == ["one", "two"])
        #expect(cells.count < 14)
        #expect(try repo.compact(targetRows: 20).commit == nil)
        #expect(try repo.checkIntegrity().isClean)
    }

    @Test func scatteredDeletionsInCellsKeepTheirDeletionVector() throws {
        let repo = try repository(fragmentRows: 50)
        _ = try repo.importDatasets([ImportRequest(name: "one", source: try AnnDataSource(path: Self.fixture))], message: "one")
        try delete(repo, "cells", "000000000000", stride(from: 0, to: 50, by: 2).map(UInt64.init))
        try annotate(repo, "cells", "000000000000", "barcode") { $0 % 3 == 0 ? .null : .string("b\($0)") }
        let before = try contents(repo)
        _ = try repo.compact(targetRows: 1000)
        let fragment = try repo.snapshot(at: nil).fragments(of: "cells")
        #expect(fragment.count == 1)
        #expect(fragment[0].manifest.objects.count == 1)
        #expect(fragment[0].manifest.deletionVector?.deletedRows == 25)
        #expect(try contents(repo) == before)
        #expect(try repo.compact(targetRows: 1000).commit == nil)
    }

    @Test func aRaceOnTheSameFragmentsIsAConflict() throws {
        let repo = try repository(fragmentRows: 10)
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<30)), message: "load")
        try delete(repo, "donors", "000000000001", [0])
        let head = try repo.resolve(nil)
        #expect(throws: LakeError.self) {
            try repo.compact(tables: nil, targetRows: 100, message: nil) {
                try delete(repo, "donors", "000000000001", [0, 1])
            }
        }
        #expect(try repo.git.log(from: repo.resolve(nil), limit: 1)[0].message.hasPrefix("recount"))
        #expect(try repo.resolve(nil) != head)
        #expect(try repo.snapshot(at: nil).fragments(of: "donors").count == 3)
    }

    @Test func aRaceElsewhereIsReapplied() throws {
        let repo = try repository(fragmentRows: 10)
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<30)), message: "load")
        try delete(repo, "donors", "000000000001", [4])
        let result = try repo.compact(tables: ["donors"], targetRows: 100, message: nil) {
            _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(30..<35)), message: "late")
            _ = try repo.append(table: "other", from: InMemorySource(batch: donors(0..<3)), message: "other")
        }
        #expect(result.commit != nil)
        let snapshot = try repo.snapshot(at: nil)
        let names = try snapshot.fragments(of: "donors").map(\.name)
        #expect(names == ["000000000000", "000000000003"])
        let ages = LogicalTable(try readAll(snapshot, "donors", columns: ["donor"])).rows.map { $0[0] }
        #expect(ages == (0..<35).filter { $0 != 14 }.map { .string("D\($0)") })
        #expect(try readAll(snapshot, "other").rowCount == 3)
    }

    @Test func unknownTableAndBadTargetAreRefused() throws {
        let repo = try repository(fragmentRows: 10)
        let head = try repo.resolve(nil)
        #expect(throws: LakeError.unknownTable("nope", revision: "main")) { try repo.compact(tables: ["nope"]) }
        #expect(throws: LakeError.self) { try repo.compact(targetRows: 0) }
        #expect(try repo.resolve(nil) == head)
    }

    @Test func suffixedNamesSortBetweenNeighbours() {
        let names = Repository.suffixedNames(after: "000000000003", below: "000000000003_000002", count: 3, taken: ["000000000003_000002"])
        #expect(names.allSatisfy { ($0 + ".json") > "000000000003.json" && ($0 + ".json") < "000000000003_000002.json" })
        #expect(names == names.sorted())
        #expect(ManifestPaths.sequence(of: "000000000003_000002") == 3)
    }

    /// Matrix fragments are written uncompressed by import and by compaction, though their values would
    /// compress: the same entries appended as a plain table are.
    @Test func matrixFragmentsAreWrittenUncompressed() throws {
        let repo = try repository(fragmentRows: 20_000)
        let source = RandomMatrixDataset(name: "d", cells: 2000, genes: 60, valueType: .float32, seed: 4, skewedCounts: true)
        _ = try repo.importDatasets([ImportRequest(name: "d", source: source)], message: "import")
        func codecs(_ table: String) throws -> Set<CompressionCodec> {
            var codecs = Set<CompressionCodec>()
            for fragment in try repo.snapshot(at: nil).fragments(of: table) {
                for object in fragment.manifest.objects {
                    let reader = try ParquetFileReader(source: try ObjectByteSource(repository: repo, object: object), footer: object.footer.range)
                    for group in reader.metadata.rowGroups { for chunk in group.columns { codecs.insert(try #require(chunk.metaData).codec) } }
                }
            }
            return codecs
        }
        #expect(try codecs("expression") == [.uncompressed])
        _ = try repo.compact(tables: ["expression"], targetRows: 200_000)
        #expect(try repo.snapshot(at: nil).fragments(of: "expression").count == 1)
        #expect(try codecs("expression") == [.uncompressed])
        let entries = try readAll(try repo.snapshot(at: nil), "expression")
        try repo.append(table: "entries", from: InMemorySource(batch: entries), message: "the same values as a table")
        #expect(try codecs("entries").contains(.zstd))
    }
}
