import Columnar
import Foundation
import History
import Parquet
import Testing
@testable import Lake

/// A small single-cell dataset held in memory: obs `cell_type` (string) and `n_genes` (int64), var
/// `gene_ids`, and X with `cells * 2` non-zeros (two per cell).
struct MemoryDataset: SingleCellSource {
    var displayName: String { name + ".mem" }
    var name: String
    var cells: Int
    var genes: Int
    var types = ["B", "T", "NK"]
    /// A file whose bytes stand for the dataset (imports record its SHA-256, and refuse a twin).
    let path: String

    init(name: String, cells: Int, genes: Int = 6) {
        self.name = name
        self.cells = cells
        self.genes = genes
        path = temporaryDirectory("source") + "/\(name).mem"
        try! "\(name) \(cells) \(genes)".write(toFile: path, atomically: true, encoding: .utf8)
    }
    var format: String { "memory" }
    var cellCount: Int { cells }
    var featureCount: Int { genes }
    var valueType: DataType { .float32 }

    func observations() throws -> SourceFrame {
        let schema = Schema([Field("obs_name", .string), Field("cell_type", .string), Field("n_genes", .int64)])
        return SourceFrame(batch: RecordBatch(schema: schema, columns: [
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<cells).map { "\(name)_cell\($0)" }))),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<cells).map { types[$0 % types.count] }))),
            Column(type: .int64, buffer: .int64((0..<cells).map { Int64(100 + $0) })),
        ]), indexName: "index", categories: [:])
    }

    func features() throws -> SourceFrame {
        let schema = Schema([Field("var_name", .string), Field("gene_ids", .string)])
        return SourceFrame(batch: RecordBatch(schema: schema, columns: [
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<genes).map { "G\($0)" }))),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<genes).map { "ENSG\($0)" }))),
        ]), indexName: "index", categories: [:])
    }

    func forEachRowChunk(_ body: (SparseRows) throws -> Void) throws {
        try body(SparseRows(rows: 0..<cells, rowPointers: (0...cells).map { $0 * 2 },
                            columnIndices: (0..<cells).flatMap { [UInt32($0 % genes), UInt32(($0 + 1) % genes)] },
                            values: Column(type: .float32, buffer: .float32((0..<(cells * 2)).map { Float($0) }))))
    }
}

/// `Repository.diff` and `Repository.reset`, on versions built through Lake APIs the way `update`,
/// `delete` and `compact` build them (a column rewritten as its own object, a deletion vector, fragments
/// merged), so each is checked without those commands.
@Suite struct DiffTests {
    func repository(fragmentRows: Int = 1 << 20) throws -> Repository {
        try Repository.create(at: temporaryDirectory("diff") + "/a.cairn", config: RepositoryConfig(fragmentRows: fragmentRows))
    }

    func importing(_ repo: Repository, _ datasets: [MemoryDataset]) throws {
        _ = try repo.importDatasets(datasets.map { ImportRequest(name: $0.name, source: $0) }, message: "import")
    }

    /// Writes `batch` as one Parquet object (a column group) and describes it.
    func object(_ repo: Repository, _ batch: RecordBatch) throws -> FragmentObject {
        var writer = try ParquetWriter(schema: batch.schema, options: ParquetWriteOptions())
        try writer.write(batch)
        let result = try writer.finish()
        return FragmentObject(hash: try repo.objects.put(result.bytes), bytes: result.bytes.count, columns: batch.schema.names,
                              footer: ByteRange(result.footer), columnIndex: result.columnIndex.map(ByteRange.init),
                              offsetIndex: result.offsetIndex.map(ByteRange.init))
    }

    func fragments(_ repo: Repository, _ table: String) throws -> [Fragment] {
        try repo.snapshot(at: nil).fragments(of: table)
    }

    /// What `update` commits: `column` of one fragment rewritten as its own object.
    func updateColumn(_ repo: Repository, table: String, fragment: Fragment, _ column: Column, named name: String) throws {
        let added = try object(repo, RecordBatch(schema: Schema([Field(name, column.type)]), columns: [column]))
        var manifest = fragment.manifest
        for i in manifest.objects.indices { manifest.objects[i].columns.removeAll { $0 == name } }
        manifest.objects.append(added)
        try replace(repo, table: table, [fragment.name: manifest], message: "update \(name)")
    }

    /// What `delete` commits: a deletion vector on one fragment.
    func delete(_ repo: Repository, table: String, fragment: Fragment, rows: [UInt64]) throws {
        let vector = DeletionVector(positions: rows).encoded()
        var manifest = fragment.manifest
        manifest.deletionVector = DeletionVectorReference(hash: try repo.objects.put(vector), bytes: vector.count, deletedRows: rows.count)
        try replace(repo, table: table, [fragment.name: manifest], message: "delete")
    }

    /// Replaces (or, with nil, removes) fragment manifests of `table` in one commit.
    func replace(_ repo: Repository, table: String, _ manifests: [String: FragmentManifest?], message: String) throws {
        try repo.commit(message: message) { editor, dataset, _ in
            for (name, manifest) in manifests {
                if let manifest {
                    _ = try editor.upsert(ManifestPaths.fragment(table, name), data: Data(try ManifestCoding.encode(manifest)))
                } else {
                    try editor.remove(ManifestPaths.fragment(table, name))
                }
            }
            dataset.tables[table]!.rows = dataset.tables[table]!.rows  // counts are not what diff reads
        }
    }

    func column(_ diff: SnapshotDiff, _ table: String, _ column: String) -> ColumnDiff? {
        diff.tables.first { $0.table == table }?.columns.first { $0.column == column }
    }

    @Test func sameCommitIsEmptyAndImportsAreCountedFromManifests() throws {
        let repo = try repository()
        try importing(repo, [MemoryDataset(name: "a", cells: 12)])
        let first = try repo.resolve(nil)
        #expect(try repo.diff(from: "HEAD", to: first.hex).isEmpty)
        try importing(repo, [MemoryDataset(name: "b", cells: 7, genes: 8)])
        // Data objects of fragments that did not change are never read: remove them all.
        for table in ["cells", "var", "expression", "genes"] {
            for fragment in try fragments(repo, table) where fragment.manifest.dataset != "b" {
                for object in fragment.manifest.objects where fragment.table != "genes" || fragment.name == "000000000000" {
                    try? FileManager.default.removeItem(atPath: repo.path + "/" + object.hash.key)
                }
            }
        }
        let diff = try repo.diff(from: "HEAD~1", to: nil)
        #expect(diff.datasetsAdded == ["b"])
        #expect(diff.datasetsRemoved.isEmpty)
        let b = try #require(diff.datasets.first)
        #expect(diff.datasets.count == 1)
        #expect(b == {
            var d = DatasetDelta(name: "b", status: .added)
            (d.cellsAdded, d.genesAdded, d.nonZerosAdded) = (7, 8, 14)
            return d
        }())
        #expect(diff.tables.map(\.table) == ["cells", "expression", "genes", "var"])
        #expect(diff.tables.first { $0.table == "genes" }?.rowsAdded == 2)  // ENSG6, ENSG7 are new
        #expect(diff.tables.allSatisfy { $0.rowsRemoved == 0 && $0.rowsChanged == 0 && $0.columns.isEmpty })
        // Backwards, everything b brought is removed.
        let back = try repo.diff(from: "HEAD", to: "HEAD~1")
        #expect(back.datasetsRemoved == ["b"])
        #expect(back.datasets.first?.cellsRemoved == 7)
        #expect(back.datasets.first?.status == .removed)
    }

    @Test func aLabelUpdateReadsOnlyThatColumnAndReportsTransitions() throws {
        let repo = try repository()
        try importing(repo, [MemoryDataset(name: "a", cells: 30), MemoryDataset(name: "b", cells: 9)])
        let cells = try fragments(repo, "cells")
        let a = try #require(cells.first { $0.manifest.dataset == "a" })
        // B → plasma in cells 0, 3, 6 (of 10 Bs); T → B in cell 1.
        var labels = (0..<30).map { ["B", "T", "NK"][$0 % 3] }
        for i in [0, 3, 6] { labels[i] = "plasma" }
        labels[1] = "B"
        try updateColumn(repo, table: "cells", fragment: a, Column(type: .string, buffer: .bytes(VarBinary(strings: labels))), named: "cell_type")
        // The objects holding the other columns are not needed: remove the old one's siblings (b's fragment).
        let b = try #require(cells.first { $0.manifest.dataset == "b" })
        try FileManager.default.removeItem(atPath: repo.path + "/" + b.manifest.objects[0].hash.key)

        let diff = try repo.diff(from: "HEAD~1", to: "HEAD")
        #expect(diff.datasets.isEmpty)
        #expect(diff.tables.map(\.table) == ["cells"])
        let table = diff.tables[0]
        #expect((table.rowsAdded, table.rowsRemoved, table.rowsChanged) == (0, 0, 4))
        #expect(table.columns.map(\.column) == ["cell_type"])
        let labelsDiff = try #require(column(diff, "cells", "cell_type"))
        #expect(labelsDiff.changedRows == 4)
        #expect(labelsDiff.transitions == [Transition(old: .string("B"), new: .string("plasma"), rows: 3),
                                           Transition(old: .string("T"), new: .string("B"), rows: 1)])
        #expect(labelsDiff.examples.first == ValueChange(key: [.int(0)], old: .string("B"), new: .string("plasma")))
        #expect(try repo.diff(from: "HEAD~1", to: "HEAD", table: "expression").tables.isEmpty)
    }

    @Test func numericUpdatesShowExamplesKeyedByCellID() throws {
        let repo = try repository()
        try importing(repo, [MemoryDataset(name: "a", cells: 5), MemoryDataset(name: "b", cells: 20)])
        let b = try #require(try fragments(repo, "cells").first { $0.manifest.dataset == "b" })
        var counts = (0..<20).map { Int64(100 + $0) }
        counts[2] = 812
        counts[9] = 815
        try updateColumn(repo, table: "cells", fragment: b, Column(type: .int64, buffer: .int64(counts)), named: "n_genes")
        let diff = try repo.diff(from: "HEAD~1", to: nil)
        let change = try #require(column(diff, "cells", "n_genes"))
        #expect(change.changedRows == 2)
        #expect(change.transitions.isEmpty)
        // b's cells start at cell_id 5.
        #expect(change.examples == [ValueChange(key: [.int(7)], old: .int(102), new: .int(812)),
                                    ValueChange(key: [.int(14)], old: .int(109), new: .int(815))])
    }

    @Test func deletionVectorsCountAsRemovedRowsPerDataset() throws {
        let repo = try repository()
        try importing(repo, [MemoryDataset(name: "a", cells: 10)])
        let a = try #require(try fragments(repo, "cells").first)
        try delete(repo, table: "cells", fragment: a, rows: [1, 4])
        let grown = try #require(try fragments(repo, "cells").first)
        try delete(repo, table: "cells", fragment: grown, rows: [1, 4, 7])
        let diff = try repo.diff(from: "HEAD~2", to: nil)
        #expect(diff.tables.first?.rowsRemoved == 3)
        #expect(diff.tables.first?.rowsChanged == 0)
        #expect(diff.datasets == [{ var d = DatasetDelta(name: "a", status: .modified); d.cellsRemoved = 3; return d }()])
        #expect(try repo.diff(from: "HEAD~1", to: nil).tables.first?.rowsRemoved == 1)
        #expect(try repo.diff(from: "HEAD", to: "HEAD~2").tables.first?.rowsAdded == 3)
    }

    @Test func aCompactionShowsNoRowChanges() throws {
        let repo = try repository(fragmentRows: 4)
        try importing(repo, [MemoryDataset(name: "a", cells: 11)])
        let before = try fragments(repo, "cells")
        #expect(before.count == 3)
        // Delete the dataset's last cell, then compact: one fragment of the 10 live rows, no vector.
        try delete(repo, table: "cells", fragment: before[2], rows: [2])
        let source = try repo.snapshot(at: nil)
        let live = try readAll(source, "cells", columns: ["obs_name", "cell_type", "n_genes"])
        var merged = FragmentManifest(rowOffset: 0, rows: 10, objects: [try object(repo, live)], statistics: [:])
        merged.dataset = "a"
        merged.datasetRow = 0
        try replace(repo, table: "cells", ["000000000000": merged, "000000000001": nil, "000000000002": nil], message: "compact")

        let compacted = try repo.diff(from: "HEAD~1", to: nil)
        let table = try #require(compacted.tables.first)
        #expect((table.rowsAdded, table.rowsRemoved, table.rowsChanged) == (0, 0, 0))
        #expect((table.fragmentsAdded, table.fragmentsRemoved) == (1, 3))
        #expect(compacted.datasets.isEmpty)
        // Across the delete and the compaction: one cell removed.
        let both = try repo.diff(from: "HEAD~2", to: nil)
        #expect(both.tables.first?.rowsRemoved == 1)
        #expect(both.tables.first?.rowsChanged == 0)
        #expect(both.datasets.first?.cellsRemoved == 1)
    }

    @Test func plainTablesAreKeyedByPositionAndSchemasCompared() throws {
        let repo = try repository()
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<50)), message: "donors")
        let fragment = try #require(try fragments(repo, "donors").first)
        var ages = (0..<50).map { Int64($0 % 90) }
        ages[17] = 71
        try updateColumn(repo, table: "donors", fragment: fragment, Column(type: .int64, buffer: .int64(ages)), named: "age")
        _ = try repo.append(table: "donors", from: InMemorySource(batch: donors(50..<53)), message: "more")
        let diff = try repo.diff(from: "HEAD~2", to: nil)
        let table = try #require(diff.tables.first)
        #expect(table.keyColumns.isEmpty)
        #expect((table.rowsAdded, table.rowsRemoved, table.rowsChanged) == (3, 0, 1))
        #expect(table.columns.first?.examples == [ValueChange(key: [.int(17)], old: .int(17), new: .int(71))])
        #expect(table.datasets.isEmpty)

        let schema = SchemaDiff(old: Schema([Field("a", .int32), Field("b", .string)]),
                                new: Schema([Field("a", .int64), Field("c", .boolean)]))
        #expect(schema.added == [Field("c", .boolean)])
        #expect(schema.removed == [Field("b", .string)])
        #expect(schema.retyped == [SchemaDiff.Retype(column: "a", old: .int32, new: .int64)])
        // A new table is reported with its whole schema as added.
        _ = try repo.append(table: "sites", from: InMemorySource(batch: donors(0..<2)), message: "sites")
        let added = try repo.diff(from: "HEAD~1", to: nil)
        #expect(added.tables.map(\.table) == ["sites"])
        #expect(added.tables[0].status == .added)
        #expect(added.tables[0].schema.added.map(\.name) == ["donor", "age", "bmi"])
        #expect(added.tables[0].rowsAdded == 2)
    }

    @Test func badRevisionsAndTablesAreRefused() throws {
        let repo = try repository()
        try importing(repo, [MemoryDataset(name: "a", cells: 3)])
        #expect(throws: HistoryError.unknownRevision("nope")) { try repo.diff(from: "nope", to: nil) }
        #expect(throws: HistoryError.unknownRevision("v9")) { try repo.diff(from: "HEAD", to: "v9") }
        #expect(throws: LakeError.unknownTable("ghost", revision: "HEAD~1 or HEAD")) { try repo.diff(from: "HEAD~1", to: "HEAD", table: "ghost") }
    }

    @Test func resetMovesTheBranchAndKeepsOldCommitsInTheReflog() throws {
        let repo = try repository()
        try importing(repo, [MemoryDataset(name: "a", cells: 3)])
        try importing(repo, [MemoryDataset(name: "b", cells: 3)])
        let head = try repo.resolve(nil), parent = try repo.resolve("HEAD~1")
        let moved = try repo.reset(to: "HEAD~1")
        #expect(moved == ResetResult(branch: "main", old: head, new: parent))
        #expect(try repo.resolve("main") == parent)
        #expect(try repo.head().branchName == "main")
        #expect(try repo.reflog("main").entries.first?.message == "reset: moving to HEAD~1")
        #expect(try repo.resolve("main@{1}") == head)
        #expect(try repo.snapshot(at: nil).datasets().map(\.name) == ["a"])

        // Detached HEAD moves itself, as in git; branches stay.
        _ = try repo.checkout(parent.hex)
        let detached = try repo.reset(to: head.hex)
        #expect(detached.branch == nil)
        #expect(try repo.resolve(nil) == head)
        #expect(try repo.resolve("main") == parent)
        #expect(throws: HistoryError.unknownRevision("nowhere")) { try repo.reset(to: "nowhere") }
    }
}
