import Columnar
import Foundation
import Testing
@testable import Lake

/// A `FragmentReader` given several row ranges of a row group reads them in one batch: deleted rows are
/// still dropped, and columns derived from row positions are computed for the rows actually read.
@Suite struct FragmentRowRangeTests {
    @Test func rangesKeepLiveRowsAndDerivePositionsRangeByRange() throws {
        let repo = try Repository.create(at: temporaryDirectory("ranges") + "/a.cairn",
                                         config: RepositoryConfig(fragmentRows: 1000, rowGroupRows: 300, pageBytes: 256))
        try repo.append(table: "donors", from: InMemorySource(batch: donors(0..<1000)), message: "load")
        var edits = try repo.beginEdits()
        let fragment = try edits.base.fragments(of: "donors")[0]
        #expect(try edits.deleteRows([302, 310, 611], of: fragment) == 3)
        try repo.commit(edits, message: "delete three")
        let snapshot = try repo.snapshot(at: nil)
        let stored = try snapshot.fragments(of: "donors")[0]
        // `position`: the fragment-local row, from the rows the reader says it read.
        let derivation = ColumnDerivation(inputs: { $0 == "position" ? [] : nil }) { _, _, rows, _ in
            Column(type: .int64, buffer: .int64(rows.map(Int64.init)))
        }
        let schema = Schema(try snapshot.schema(of: "donors").fields + [Field("position", .int64, nullable: false)])
        var reader = FragmentReader(repository: repo, fragment: stored, schema: schema, derivation: derivation)
        let wanted: [Int: [Range<Int>]] = [0: [], 1: [0..<5, 8..<12, 12..<13, 250..<300], 2: [11..<13]]
        reader.rowRanges = { group, _ in wanted[group] ?? [] }
        var batches: [RecordBatch] = []
        try reader.read(columns: ["donor", "position"]) { batches.append($0) }
        #expect(batches.count == 2)
        let rows = RecordBatch.concatenate(batches, schema: Schema([schema.field(named: "donor")!, schema.field(named: "position")!]))
        let expected = (Array(300..<305) + Array(308..<313) + Array(550..<600) + [611, 612]).filter { ![302, 310, 611].contains($0) }
        #expect((0..<rows.rowCount).map { rows.columns[0].value(at: $0).description } == expected.map { "D\($0)" })
        #expect((0..<rows.rowCount).map { rows.columns[1].value(at: $0).description } == expected.map { "\($0)" })
    }
}
