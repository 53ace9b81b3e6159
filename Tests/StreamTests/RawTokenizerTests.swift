import Columnar
import Interchange
import Testing
@testable import Stream

@Suite struct RawTokenizerTests {
    @Test func listsEachCellsGenesAndValuesInNarrowTypes() throws {
        let batch = CellBatch(cellIDs: [10, 11, 12], offsets: [4, 6, 6, 9], genes: [0, 0, 0, 0, 3, 7, 1, 2, 65535],
                              values: [9, 9, 9, 9, 1, 250, 3, 4, 5], valueType: .int32)
        let tokenizer = RawTokenizer(geneCount: 65536, valueType: .uint8)
        #expect(tokenizer.fields.map(\.type) == [.list(ArrowField("item", .int(bits: 16, signed: false))),
                                                 .list(ArrowField("item", .int(bits: 8, signed: false)))])
        let arrays = try tokenizer.tokenize(batch, context: TokenizationContext(seed: 0, epoch: 0))
        guard case .list(let offsets, .fixed(let count, _, let genes), _) = arrays[0],
              case .list(_, .fixed(_, _, let values), _) = arrays[1] else {
            Issue.record("not lists of fixed-width values")
            return
        }
        #expect(offsets == [0, 2, 2, 5])
        #expect(count == 5)
        #expect(genes.byteCount == 10 && values.byteCount == 5)
        #expect(RawTokenizer(geneCount: 65537, valueType: .float32).fields[0].type == .list(ArrowField("item", .int(bits: 32, signed: false))))
    }
}
