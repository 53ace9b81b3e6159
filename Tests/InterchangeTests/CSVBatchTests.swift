import Columnar
import Foundation
import Testing
@testable import Interchange

@Suite struct CSVBatchTests {
    private func sampleFile(rows: Int) -> String {
        var text = "id,name,score,when\n"
        for i in 0..<rows {
            let name = i % 7 == 0 ? "\"multi\nline \(i)\"" : "n\(i)"
            let score = i % 5 == 0 ? "" : "\(Double(i) / 4)"
            text += "\(i),\(name),\(score),2024-01-\(String(format: "%02d", i % 28 + 1))\n"
        }
        return CSVFixture.write(text)
    }

    @Test func batchesConcatenateToTheWholeFile() throws {
        let path = sampleFile(rows: 1_000)
        let whole = try CSVReader(path: path, options: CSVOptions(batchSize: 10_000)).readAll()
        #expect(whole.rowCount == 1_000)
        #expect(whole.schema.fields.map(\.type) == [.int64, .string, .float64, .date32])

        let reader = CSVReader(path: path, options: CSVOptions(batchSize: 64, readBufferSize: 4_096))
        var batches: [RecordBatch] = []
        try reader.forEachBatch { batches.append($0) }
        #expect(batches.map(\.rowCount) == Array(repeating: 64, count: 15) + [40])
        #expect(RecordBatch.concatenate(batches, schema: whole.schema) == whole)
        #expect(reader.rowCount == 1_000)
    }

    @Test func exactMultipleOfTheBatchSizeHasNoEmptyTrailingBatch() throws {
        let path = sampleFile(rows: 300)
        var sizes: [Int] = []
        try CSVReader(path: path, options: CSVOptions(batchSize: 100)).forEachBatch { sizes.append($0.rowCount) }
        #expect(sizes == [100, 100, 100])
    }

    @Test func nullMaskOnlyWhereABatchHasNulls() throws {
        let path = CSVFixture.write("x\n1\n2\n\n3\nNA\n")
        var batches: [RecordBatch] = []
        try CSVReader(path: path, options: CSVOptions(batchSize: 2)).forEachBatch { batches.append($0) }
        #expect(batches.map { $0.columns[0].validity } == [nil, [true, false]])
    }

    @Test func iteratorStopsAfterTheLastBatch() throws {
        let iterator = try CSVReader(path: sampleFile(rows: 5), options: CSVOptions(batchSize: 2)).makeBatchIterator()
        var count = 0
        while let batch = try iterator.next() { count += batch.rowCount }
        #expect(count == 5)
        #expect(try iterator.next() == nil)
    }

    @Test func laterErrorsCountEmbeddedNewlinesAcrossBatches() throws {
        // Rows with embedded newlines in early batches; the bad row's line must still be exact.
        var text = "a,b\n"
        for i in 0..<50 { text += "\(i),\"x\ny\"\n" }   // lines 2...101
        text += "bad\n"                                 // line 102
        let error = CSVFixture.error(text, options: CSVOptions(batchSize: 7, readBufferSize: 32))
        #expect(error?.line == 102)
        #expect(error?.reason == .fieldCount(found: 1, expected: 2))
    }
}
