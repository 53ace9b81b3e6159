import Columnar
import Foundation
import Testing
@testable import Parquet

/// `read(columns:group:ranges:)`: several row ranges of one row group in one read (a scattered slice's
/// cells) give exactly the rows a full read of the group holds there, whatever the encoding, codec, page
/// version or page index, in files pyarrow wrote and in files cairn wrote; bad range lists are refused.
@Suite struct RowRangeListTests {
    /// Ascending, disjoint ranges within `rows`, some adjacent, some one row, some empty.
    static func randomRanges(within rows: Int, using g: inout SeededGenerator) -> [Range<Int>] {
        var cuts = (0..<Int.random(in: 1...14, using: &g)).map { _ in Int.random(in: 0...rows, using: &g) }
        if Bool.random(using: &g) { cuts += [0, rows] }
        cuts.sort()
        var ranges: [Range<Int>] = []
        var k = 0
        while k + 1 < cuts.count {
            ranges.append(cuts[k]..<cuts[k + 1])
            k += Int.random(in: 1...2, using: &g)  // 1: the next range is adjacent
        }
        return ranges
    }

    static func expectRangesMatch(_ reader: ParquetFileReader, columns: [String], seed: UInt64, _ label: String) throws {
        var g = SeededGenerator(seed: seed)
        for group in 0..<reader.rowGroupCount {
            let full = try reader.readRowGroup(group, columns: columns)
            for _ in 0..<12 {
                let ranges = randomRanges(within: full.rowCount, using: &g)
                let part = try reader.read(columns: columns, group: group, ranges: ranges)
                let expected = full.columns.map { $0.gather(runs: ranges) }
                #expect(part.schema == full.schema)
                #expect(part.rowCount == ranges.reduce(0) { $0 + $1.count })
                #expect(part.columns.map(ValueSpelling.of) == expected.map(ValueSpelling.of), "\(label) group \(group) \(ranges)")
            }
        }
    }

    @Test func pyarrowFilesOfEveryLayout() throws {
        for name in ["pageindex", "zstd-dict1", "none-dict0", "fallback", "v2", "delta", "nostats"] {
            let reader = try ParquetFileReader(source: FileByteSource(path: ReaderInteropTests.files[name]!))
            try Self.expectRangesMatch(reader, columns: ["req", "s", "i64", "u32", "f32", "b", "d"], seed: 3, name)
        }
    }

    /// Required 4- and 8-byte columns decode page by page without intermediate arrays; these cover every
    /// such type in dictionary, delta and PLAIN pages, small enough that ranges cross many pages.
    @Test func cairnFilesThroughThePageIndex() throws {
        let n = 5000
        var g = SeededGenerator(seed: 8)
        let schema = Schema([Field("row", .uint32, nullable: false), Field("col", .int32, nullable: false),
                             Field("id", .int64, nullable: false), Field("count", .uint64, nullable: false),
                             Field("value", .float32, nullable: false), Field("score", .float64, nullable: false),
                             Field("day", .date32, nullable: false)])
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .uint32, buffer: .uint32((0..<n).map { UInt32($0 / 37) })),
            Column(type: .int32, buffer: .int32((0..<n).map { _ in Int32.random(in: 0..<20_000, using: &g) })),
            Column(type: .int64, buffer: .int64((0..<n).map { Int64($0) * 1_000_003 })),
            Column(type: .uint64, buffer: .uint64((0..<n).map { _ in UInt64.random(in: 0...9, using: &g) })),
            Column(type: .float32, buffer: .float32((0..<n).map { _ in Float(Int.random(in: 1...127, using: &g)) })),
            Column(type: .float64, buffer: .float64((0..<n).map { _ in Double.random(in: -1...1, using: &g) })),
            Column(type: .date32, buffer: .int32((0..<n).map { Int32($0 % 400) })),
        ])
        for (compression, dictionary) in [(CompressionCodec.zstd, true), (.uncompressed, true), (.snappy, false)] {
            var options = ParquetWriteOptions()
            options.rowGroupRows = 1700
            options.pageBytes = 600
            options.maxPageRows = 150
            options.compression = compression
            options.dictionary = dictionary
            var writer = try ParquetWriter(schema: schema, options: options)
            try writer.write(batch)
            let reader = try ParquetFileReader(source: InMemoryByteSource(try writer.finish().bytes))
            #expect(try reader.pages(group: 0, column: "row")!.count > 5)
            // Integer bounds read without arrays are the byte statistics read as little-endian integers.
            for group in 0..<reader.rowGroupCount {
                for column in ["row", "col", "id", "count", "day"] {
                    func integer(_ bytes: [UInt8]?) -> UInt64? { bytes.map { $0.reversed().reduce(0) { $0 << 8 | UInt64($1) } } }
                    let pages = try #require(try reader.pages(group: group, column: column))
                    let integers = try #require(try reader.integerPages(group: group, column: column))
                    #expect(integers.map(\.rows) == pages.map(\.rows))
                    #expect(integers.map(\.min) == pages.map { integer($0.min) } && integers.map(\.max) == pages.map { integer($0.max) },
                            "\(column) group \(group)")
                    #expect(integers.allSatisfy { $0.min != nil })
                }
            }
            try Self.expectRangesMatch(reader, columns: schema.names, seed: 21, "\(compression) dictionary \(dictionary)")
        }
    }

    /// Damaged files (page index, page headers, pages) read by ranges throw a `ParquetError` or read;
    /// they never trap.
    @Test func hostileFilesReadByRangesThrowInsteadOfTrapping() throws {
        var g = SeededGenerator(seed: 31)
        let n = 3000
        let schema = Schema([Field("row", .uint32, nullable: false), Field("col", .int32, nullable: false),
                             Field("value", .float32, nullable: false)])
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .uint32, buffer: .uint32((0..<n).map { UInt32($0 / 29) })),
            Column(type: .int32, buffer: .int32((0..<n).map { Int32($0 % 29 * 7) })),
            Column(type: .float32, buffer: .float32((0..<n).map { _ in Float(Int.random(in: 1...60, using: &g)) })),
        ])
        var options = ParquetWriteOptions()
        options.rowGroupRows = 1000
        options.maxPageRows = 90
        var writer = try ParquetWriter(schema: schema, options: options)
        try writer.write(batch)
        let result = try writer.finish()
        let good = result.bytes
        let pageIndex = try #require(result.offsetIndex)
        let ranges = [3..<40, 41..<42, 100..<333, 500..<520, 900..<1000]
        func read(_ bytes: [UInt8]) throws {
            let reader = try ParquetFileReader(source: InMemoryByteSource(bytes))
            for group in 0..<reader.rowGroupCount {
                _ = try reader.read(group: group, ranges: ranges.filter { $0.upperBound <= reader.rowGroupRows[group] })
                _ = try reader.integerPages(group: group, column: "row")
            }
        }
        try read(good)
        for cut in stride(from: 0, to: good.count, by: max(1, good.count / 120)) {
            #expect(throwsParquetError { try read(Array(good.prefix(cut))) })
        }
        // Flips anywhere, and as many in the offset index alone (page offsets, sizes and first rows past
        // the chunk, out of order, or too large to add).
        for trial in 0..<1200 {
            var bytes = good
            for _ in 0..<Int.random(in: 1...4, using: &g) {
                let at = trial % 2 == 0 ? Int.random(in: 0..<bytes.count, using: &g) : Int.random(in: pageIndex, using: &g)
                bytes[at] = UInt8.random(in: 0...255, using: &g)
            }
            do { try read(bytes) } catch is ParquetError {} catch { Issue.record("non-Parquet error \(error)") }
        }
    }

    @Test func rangesOutOfOrderOrOutsideTheGroupAreRefused() throws {
        let reader = try ParquetFileReader(source: FileByteSource(path: ReaderInteropTests.files["pageindex"]!))
        let rows = reader.rowGroupRows[0]
        for ranges in [[5..<9, 2..<4], [5..<9, 8..<12], [0..<(rows + 1)]] {
            #expect(throws: ParquetError.invalidArgument("row ranges must ascend within the row group's \(rows) rows")) {
                try reader.read(columns: ["req"], group: 0, ranges: ranges)
            }
        }
        #expect(throws: ParquetError.invalidArgument("no row group \(reader.rowGroupCount) (the file has \(reader.rowGroupCount))")) {
            try reader.read(group: reader.rowGroupCount, ranges: [0..<1])
        }
        #expect(try reader.read(columns: ["req", "s"], group: 0, ranges: []).rowCount == 0)
        #expect(try reader.read(columns: ["req", "s"], group: 0, ranges: [3..<3]).rowCount == 0)
    }
}
