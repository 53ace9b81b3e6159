import Columnar
import Foundation
import Parquet
import Testing
@testable import Lake

/// Readers honour every manifest feature, including those no writer produces yet: column groups split
/// across objects, deletion vectors, and objects that are known but not local.
@Suite struct ManifestFeatureTests {
    /// Writes `batch` as one Parquet object and describes it.
    func object(_ repo: Repository, _ batch: RecordBatch) throws -> FragmentObject {
        var options = ParquetWriteOptions()
        options.rowGroupRows = 64
        var writer = try ParquetWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        let result = try writer.finish()
        let hash = try repo.objects.put(result.bytes)
        return FragmentObject(hash: hash, bytes: result.bytes.count, columns: batch.schema.names,
                              footer: ByteRange(result.footer), columnIndex: result.columnIndex.map(ByteRange.init),
                              offsetIndex: result.offsetIndex.map(ByteRange.init))
    }

    func commitFragment(_ repo: Repository, _ fragment: FragmentManifest, schema: Schema) throws {
        try repo.commit(message: "hand-built fragment") { editor, dataset, _ in
            _ = try editor.upsert(ManifestPaths.schema("t"), data: Data(try ManifestCoding.encode(TableSchema(schema))))
            _ = try editor.upsert(ManifestPaths.fragment("t", ManifestPaths.fragmentName(sequence: 0)),
                                  data: Data(try ManifestCoding.encode(fragment)))
            dataset.tables["t"] = TableSummary(rows: fragment.liveRows, fragments: 1, bytes: fragment.bytes)
        }
    }

    @Test func columnGroupsAndDeletionVectorsAreHonoured() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        let all = donors(0..<200)
        let left = try object(repo, all.project(["donor"])!)
        let right = try object(repo, all.project(["age", "bmi"])!)
        let deleted: [UInt64] = [0, 5, 6, 199]
        let vector = DeletionVector(positions: deleted).encoded()
        let vectorHash = try repo.objects.put(vector)
        let fragment = FragmentManifest(rowOffset: 0, rows: 200, objects: [left, right],
                                        deletionVector: DeletionVectorReference(hash: vectorHash, bytes: vector.count, deletedRows: 4),
                                        statistics: [:])
        try commitFragment(repo, fragment, schema: all.schema)

        let live = (0..<200).map { !deleted.contains(UInt64($0)) }
        let snapshot = try repo.snapshot(at: nil)
        #expect(LogicalTable(try readAll(snapshot, "t")) == LogicalTable(all.filter(live)))
        #expect(LogicalTable(try readAll(snapshot, "t", columns: ["bmi"])) == LogicalTable(all.project(["bmi"])!.filter(live)))
        #expect(LogicalTable(try readAll(snapshot, "t", columns: ["age", "donor"])) == LogicalTable(all.project(["age", "donor"])!.filter(live)))
    }

    @Test func aMissingObjectIsReportedAsNotLocal() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        let all = donors(0..<10)
        let only = try object(repo, all)
        try commitFragment(repo, FragmentManifest(rowOffset: 0, rows: 10, objects: [only], statistics: [:]), schema: all.schema)
        try FileManager.default.removeItem(atPath: repo.path + "/" + only.hash.key)
        #expect(throws: LakeError.objectNotLocal(only.hash.hex)) { try readAll(repo.snapshot(at: nil), "t") }
    }

    @Test func deletionVectorsRejectHostileBytes() throws {
        #expect(throws: LakeError.self) { try DeletionVector(decoding: Array("CDV1".utf8), rows: 10) }
        let tooFar = DeletionVector(positions: [3, 10]).encoded()
        #expect(throws: LakeError.corruptDeletionVector("position 10 beyond 10 rows")) { try DeletionVector(decoding: tooFar, rows: 10) }
        var unsorted = DeletionVector(positions: [1, 2]).encoded()
        unsorted[12] = 2
        #expect(throws: LakeError.corruptDeletionVector("positions not strictly increasing")) { try DeletionVector(decoding: unsorted, rows: 10) }
        var lying = DeletionVector(positions: [1]).encoded()
        lying[4] = 200
        #expect(throws: LakeError.self) { try DeletionVector(decoding: lying, rows: 10) }
        #expect(try DeletionVector(decoding: DeletionVector(positions: [9, 0]).encoded(), rows: 10).positions == [0, 9])
    }

    @Test func newerFragmentFormatsAreRefused() throws {
        let repo = try Repository.create(at: temporaryDirectory() + "/a.cairn")
        let all = donors(0..<3)
        var fragment = FragmentManifest(rowOffset: 0, rows: 3, objects: [try object(repo, all)], statistics: [:])
        fragment.formatVersion = 99
        try commitFragment(repo, fragment, schema: all.schema)
        #expect(throws: LakeError.self) { try readAll(repo.snapshot(at: nil), "t") }
    }
}
