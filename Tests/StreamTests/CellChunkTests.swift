import Foundation
import Interchange
import Lake
import Testing
@testable import Stream

@Suite struct CellChunkTests {
    @Test func batchesHoldWholeCellsAndTogetherEveryCellOfTheVisit() throws {
        let directory = TokenizerOracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let h5ad = directory + "/atlas.h5ad"
        _ = try TokenizerOracle.run(GeneMediansTests.atlasScript, arguments: [h5ad, "8"], as: [String: Double].self)
        // Small fragments, row groups and pages: cells straddle the read's batches and the fragments.
        let repository = try Repository.create(at: directory + "/atlas.cairn",
                                               config: RepositoryConfig(fragmentRows: 700, rowGroupRows: 128, pageRows: 64))
        _ = try repository.importDatasets([ImportRequest(name: "one", source: try AnnDataSource(path: h5ad))], message: "import")
        let snapshot = try repository.snapshot(at: nil)
        let units = try snapshot.matrixCellUnits("expression")
        #expect(units.count > 5)
        for unit in units {
            // Every other cell of the unit, and one it does not hold (delivered empty).
            let wanted = stride(from: unit.cells.lowerBound, to: unit.cells.upperBound, by: 2).map { $0 } + [unit.cells.upperBound + 100_000]
            var whole: [CellBatch] = []
            try CellChunk.read(snapshot: snapshot, unit: unit, wanted: wanted, valueType: .int32, batchEntries: .max) { whole.append($0) }
            #expect(whole.count == 1)
            var pieces: [CellBatch] = []
            try CellChunk.read(snapshot: snapshot, unit: unit, wanted: wanted, valueType: .int32, batchEntries: 10) { pieces.append($0) }
            func cells(_ batches: [CellBatch]) -> [(Int64, [Int32], [Double])] {
                batches.flatMap { b in (0..<b.count).map { i in (b.cellIDs[i], Array(b.genes[b.entries(of: i)]), Array(b.values[b.entries(of: i)])) } }
            }
            let expected = cells(whole), got = cells(pieces)
            #expect(got.map(\.0) == expected.map(\.0))
            #expect(got.map(\.1) == expected.map(\.1))
            #expect(got.map(\.2) == expected.map(\.2))
            #expect(Set(expected.map(\.0)) == Set(wanted))
            // Each piece closes at a cell's end once it holds 10 entries: no cell is split between two.
            for piece in pieces.dropLast() { #expect(piece.genes.count >= 10) }
            #expect(pieces.count > 1)
        }
    }
}
