import Columnar
import Testing
@testable import Parquet

/// Row groups copied between files still encoded: the copy must decode to the source's values (plus the
/// addend, at the target's width), with statistics and page index to match, next to rows written normally.
@Suite struct StoredRowGroupTests {
    /// A source file: `row` uint32 with few distinct values (dictionary pages), `col` uint32 ascending
    /// within rows (DELTA_BINARY_PACKED), `value` float32; several pages and row groups, zstd.
    private func source(rows: Int, compression: CompressionCodec) throws -> (ParquetFileReader, [UInt32], [UInt32], [Float]) {
        var rng = SeededGenerator(seed: 11)
        let rowIDs = (0..<rows).map { UInt32($0 / 40 + 7) }
        let cols = (0..<rows).map { UInt32(($0 % 40) * 50 + Int.random(in: 0..<50, using: &rng)) }
        let values = (0..<rows).map { _ in Float(Int.random(in: 1...30, using: &rng)) }
        let schema = Schema([Field("row", .uint32, nullable: false), Field("col", .uint32, nullable: false), Field("value", .float32, nullable: false)])
        var options = ParquetWriteOptions()
        options.rowGroupRows = 3000
        options.pageBytes = 2048
        options.compression = compression
        options.dictionaryColumns = ["row", "value"]
        var writer = try ParquetWriter(schema: schema, options: options)
        try writer.write(RecordBatch(schema: schema, columns: [Column(type: .uint32, buffer: .uint32(rowIDs)),
                                                               Column(type: .uint32, buffer: .uint32(cols)),
                                                               Column(type: .float32, buffer: .float32(values))]))
        return (try ParquetFileReader(source: InMemoryByteSource(try writer.finish().bytes)), rowIDs, cols, values)
    }

    @Test(arguments: [CompressionCodec.uncompressed, .zstd])
    func copiesDecodeToTheShiftedValues(compression: CompressionCodec) throws {
        let (reader, rowIDs, cols, values) = try source(rows: 7500, compression: compression)
        #expect(reader.rowGroupCount == 3)
        let target = Schema([Field("cell_id", .int64, nullable: false), Field("gene_id", .int64, nullable: false), Field("value", .float32, nullable: false)])
        var writer = try ParquetWriter(schema: target)
        // A row written normally before the copies: the writer closes it as its own group.
        try writer.write(RecordBatch(schema: target, columns: [Column(type: .int64, buffer: .int64([1])), Column(type: .int64, buffer: .int64([2])),
                                                               Column(type: .float32, buffer: .float32([3]))]))
        for group in 0..<reader.rowGroupCount {
            let stored = try reader.storedRowGroup(group, columns: ["row", "col", "value"])
            #expect(stored.integerBounds(0)?.min == Int64(rowIDs[group * 3000]))
            let copied = try #require(try stored.copied(as: target, adding: [1_000_000, 100, 0]))
            try writer.append(copied)
        }
        let result = try writer.finish()
        let back = try ParquetFileReader(source: InMemoryByteSource(result.bytes))
        #expect(back.rowGroupCount == 4)
        let batch = try back.read()
        guard case .int64(let cells) = batch.columns[0].buffer, case .int64(let genes) = batch.columns[1].buffer,
              case .float32(let got) = batch.columns[2].buffer else { Issue.record("types"); return }
        #expect(cells == [1] + rowIDs.map { Int64($0) + 1_000_000 })
        #expect(genes == [2] + cols.map { Int64($0) + 100 })
        #expect(got == [3] + values)
        #expect(result.statistics[0].min == .int(1) && result.statistics[0].max == .int(Int64(rowIDs.last!) + 1_000_000))
        // The page index still points at the right pages: a row range reads only its rows.
        let middle = try back.read(columns: ["cell_id", "gene_id"], rows: 4000..<4100)
        #expect(middle.columns[0].buffer == .int64(rowIDs[3999..<4099].map { Int64($0) + 1_000_000 }))
        #expect(middle.columns[1].buffer == .int64(cols[3999..<4099].map { Int64($0) + 100 }))
        let pages = try #require(try back.pages(group: 2, column: "gene_id"))
        #expect(pages.count > 1 && pages.allSatisfy { $0.min != nil && $0.max != nil })
    }

    @Test func whatCannotBeCarriedOverIsRefused() throws {
        let (reader, _, _, _) = try source(rows: 3000, compression: .zstd)
        let stored = try reader.storedRowGroup(0, columns: ["row", "col", "value"])
        // Floats cannot take an addend, nor change width; a nullable target needs definition levels.
        let ints = Field("a", .int64, nullable: false), int2 = Field("b", .int64, nullable: false)
        #expect(try stored.copied(as: Schema([ints, int2, Field("v", .float32, nullable: false)]), adding: [0, 0, 1]) == nil)
        #expect(try stored.copied(as: Schema([ints, int2, Field("v", .float64, nullable: false)]), adding: [0, 0, 0]) == nil)
        #expect(try stored.copied(as: Schema([Field("a", .int64, nullable: true), int2, Field("v", .float32, nullable: false)]), adding: [0, 0, 0]) == nil)
        // An addend that would carry INT32 values past their range.
        #expect(try stored.copied(as: Schema([Field("a", .int32, nullable: false), Field("b", .uint32, nullable: false),
                                               Field("v", .float32, nullable: false)]), adding: [Int64(Int32.max), 0, 0]) == nil)
        #expect(throws: ParquetError.self) { try stored.copied(as: Schema([ints]), adding: [0]) }
    }
}
