import Columnar
import Testing
@testable import Interchange

@Suite struct SliceEntriesTests {
    private func entries(_ triples: [(Int32, Int32, Float)]) -> SliceEntries {
        SliceEntries(rows: triples.map(\.0), columns: triples.map(\.1),
                     values: Column(type: .float32, buffer: .float32(triples.map(\.2))))
    }

    private func triples(_ e: SliceEntries) -> [[Float]] {
        guard case .float32(let v) = e.values.buffer else { return [] }
        return (0..<e.count).map { [Float(e.rows[$0]), Float(e.columns[$0]), v[$0]] }
    }

    /// Named genes in another order than the panel's: each row sorted by output column, also when a row's
    /// entries arrive split over two pieces (a row can straddle pages).
    @Test func rowsSplitAcrossPiecesComeOutSorted() {
        var ordering = SliceEntryOrdering()
        var out: [[Float]] = []
        out += triples(ordering.next(entries([(0, 2, 1), (0, 0, 2), (1, 1, 3), (1, 0, 4)]), ordered: false))
        out += triples(ordering.next(entries([(1, 2, 5), (2, 1, 6)]), ordered: false))
        out += triples(ordering.next(entries([]), ordered: false))
        out += triples(ordering.next(entries([(2, 0, 7)]), ordered: false))
        out += ordering.finish().map(triples) ?? []
        #expect(out == [[0, 0, 2], [0, 2, 1], [1, 0, 4], [1, 1, 3], [1, 2, 5], [2, 0, 7], [2, 1, 6]])
    }

    @Test func orderedPiecesPassThrough() {
        var ordering = SliceEntryOrdering()
        let piece = entries([(0, 0, 1), (0, 5, 2), (3, 1, 3)])
        #expect(triples(ordering.next(piece, ordered: true)) == triples(piece))
        #expect(ordering.finish() == nil)
    }

    @Test func pickerRenumbersChosenRowsAndKeptGenes() throws {
        // Rows 1 and 3 of 4 chosen (output rows 10, 11); panel positions 0 and 2 kept as columns 1 and 0.
        let picker = SliceEntryPicker(dataset: "d", cells: 4, chosenRows: [1, 3], firstOutputRow: 10, columns: [1, nil, 0])
        #expect(!picker.ordered)
        let schema = Schema([Field("row", .uint32, nullable: false), Field("col", .uint32, nullable: false),
                             Field("value", .float32, nullable: false)])
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .uint32, buffer: .uint32([0, 1, 1, 1, 3, 3])),
            Column(type: .uint32, buffer: .uint32([0, 0, 1, 2, 0, 2])),
            Column(type: .float32, buffer: .float32([1, 2, 3, 4, 5, 6])),
        ])
        let picked = try picker.pick(batch, valueType: .float64)
        #expect(picked.rows == [10, 10, 11, 11])
        #expect(picked.columns == [1, 0, 1, 0])
        #expect(picked.values.buffer == .float64([2, 4, 5, 6]))
        let outside = RecordBatch(schema: schema, columns: [
            Column(type: .uint32, buffer: .uint32([4])), Column(type: .uint32, buffer: .uint32([0])),
            Column(type: .float32, buffer: .float32([1])),
        ])
        #expect(throws: SourceError.self) { try picker.pick(outside, valueType: .float32) }

        // One dataset over its own panel: chosen cells are copied whole, positions still bounds-checked.
        let whole = SliceEntryPicker(dataset: "d", cells: 4, chosenRows: [1, 3], firstOutputRow: 0, columns: [0, 1, 2])
        #expect(whole.identity && whole.ordered)
        let all = try whole.pick(batch, valueType: .float32)
        #expect(all.rows == [0, 0, 0, 1, 1])
        #expect(all.columns == [0, 1, 2, 0, 2])
        #expect(all.values.buffer == .float32([2, 3, 4, 5, 6]))
        let wide = RecordBatch(schema: schema, columns: [
            Column(type: .uint32, buffer: .uint32([1, 1])), Column(type: .uint32, buffer: .uint32([0, 3])),
            Column(type: .float32, buffer: .float32([1, 2])),
        ])
        #expect(throws: SourceError.self) { try whole.pick(wide, valueType: .float32) }
    }
}
