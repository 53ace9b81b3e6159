import Columnar
import Foundation
import Testing
@testable import Parquet

/// The writer's file layout, checked structure by structure: batches of any size give the same file, the page
/// index lies exactly where the result and the footer say, page locations point at page headers, boundary orders
/// follow the data, and the chunk metadata pyarrow reports (statistics, dictionary use) is what we meant to write.
@Suite struct WriterLayoutTests {
    func write(_ batches: [RecordBatch], _ options: ParquetWriteOptions) throws -> ParquetWriteResult {
        var writer = try ParquetWriter(schema: batches[0].schema, options: options)
        for batch in batches { try writer.write(batch) }
        return try writer.finish()
    }

    func smallPages() -> ParquetWriteOptions {
        var options = ParquetWriteOptions()
        options.rowGroupRows = 700
        options.pageBytes = 1500
        return options
    }

    /// Bytes taken as they are written (a large output streamed to disk), followed by what `finish` returns,
    /// are the file written in one piece, and the result's ranges still count from the file's start.
    @Test func takenBytesAndTheRestAreTheWholeFile() throws {
        var rng = SeededGenerator(seed: 41)
        let schema = Schema([Field("id", .int64, nullable: false), Field("x", .float32, nullable: false)])
        let batches = (0..<5).map { b in
            RecordBatch(schema: schema, columns: [
                Column(type: .int64, buffer: .int64((0..<900).map { Int64(b * 900 + $0) })),
                Column(type: .float32, buffer: .float32((0..<900).map { _ in Float(Int.random(in: 0...40, using: &rng)) })),
            ])
        }
        let whole = try write(batches, smallPages())
        var writer = try ParquetWriter(schema: schema, options: smallPages())
        var streamed: [UInt8] = []
        for batch in batches {
            try writer.write(batch)
            streamed += writer.takeWrittenBytes()
        }
        #expect(writer.takeWrittenBytes().isEmpty)
        let rest = try writer.finish()
        #expect(streamed.count > whole.bytes.count / 2)
        #expect(streamed + rest.bytes == whole.bytes)
        #expect(rest.footer == whole.footer && rest.columnIndex == whole.columnIndex && rest.offsetIndex == whole.offsetIndex)
    }

    /// The buffering path (pieces of several batches joined into one row group) must not change a byte.
    @Test func batchesOfAnySizeGiveTheSameFile() throws {
        let batch = WriterInteropTests.allTypes(rows: 2500, seed: 5)
        let whole = try write([batch], smallPages())
        var pieces: [RecordBatch] = []
        var start = 0
        for size in [1, 0, 698, 1, 350, 1000, 3, 0] + [Int.max] {
            let end = min(batch.rowCount, start + min(size, batch.rowCount))
            pieces.append(batch.slice(start..<end))
            start = end
            if start == batch.rowCount { break }
        }
        #expect(pieces.reduce(0) { $0 + $1.rowCount } == batch.rowCount)
        let pieced = try write(pieces, smallPages())
        #expect(pieced.rows == 2500)
        #expect(pieced.bytes == whole.bytes)
    }

    /// ColumnIndex structs, then OffsetIndex structs, back to back in row-group/column order, each exactly as long
    /// as the footer says; every page location is a data page header whose page fills the recorded size.
    @Test func pageIndexLiesExactlyWhereTheFooterSays() throws {
        let result = try write([WriterInteropTests.allTypes(rows: 3000, seed: 8)], smallPages())
        let bytes = result.bytes
        let metadata = try FileFooter.decode(Array(bytes[result.footer]))
        #expect(metadata.rowGroups.count == 5)
        let columnIndexRange = try #require(result.columnIndex), offsetIndexRange = try #require(result.offsetIndex)
        #expect(columnIndexRange.upperBound == offsetIndexRange.lowerBound)
        #expect(offsetIndexRange.upperBound == result.footer.lowerBound)

        var nextColumnIndex = columnIndexRange.lowerBound, nextOffsetIndex = offsetIndexRange.lowerBound
        var firstRowOfGroup = 0
        for group in metadata.rowGroups {
            for chunk in group.columns {
                let meta = try #require(chunk.metaData)
                let name = meta.pathInSchema.joined(separator: ".")
                // OffsetIndex: where the writer says, exactly as long as it says.
                #expect(Int(try #require(chunk.offsetIndexOffset)) == nextOffsetIndex, "\(name)")
                let offsetLength = Int(try #require(chunk.offsetIndexLength))
                var r = ThriftCompactReader(Array(bytes[nextOffsetIndex..<(nextOffsetIndex + offsetLength)]))
                let offsets = try OffsetIndex(from: &r)
                #expect(r.position == offsetLength, "\(name)")
                nextOffsetIndex += offsetLength

                // Pages: contiguous from data_page_offset, each a data page header plus its compressed body.
                let locations = offsets.pageLocations
                #expect(locations.first?.offset == meta.dataPageOffset, "\(name)")
                #expect(locations.first?.firstRowIndex == 0, "\(name)")
                var values: Int64 = 0
                for (i, location) in locations.enumerated() {
                    var h = ThriftCompactReader(bytes, position: Int(location.offset))
                    let header = try PageHeader(from: &h)
                    #expect(header.type == .dataPage, "\(name)")
                    #expect(h.position - Int(location.offset) + Int(header.compressedPageSize) == Int(location.compressedPageSize), "\(name)")
                    if i + 1 < locations.count {
                        #expect(location.offset + Int64(location.compressedPageSize) == locations[i + 1].offset, "\(name)")
                        #expect(Int64(header.dataPageHeader!.numValues) == locations[i + 1].firstRowIndex - location.firstRowIndex, "\(name)")
                    }
                    values += Int64(header.dataPageHeader!.numValues)
                }
                #expect(values == group.numRows, "\(name)")
                let chunkStart = meta.dictionaryPageOffset ?? meta.dataPageOffset
                #expect(chunkStart == chunk.fileOffset, "\(name)")
                let last = try #require(locations.last)
                #expect(last.offset + Int64(last.compressedPageSize) - chunkStart == meta.totalCompressedSize, "\(name)")
                if let dictionary = meta.dictionaryPageOffset {
                    var h = ThriftCompactReader(bytes, position: Int(dictionary))
                    #expect(try PageHeader(from: &h).type == .dictionaryPage, "\(name)")
                }

                // ColumnIndex: one entry per page, null counts adding up to the chunk's.
                guard let columnIndexOffset = chunk.columnIndexOffset else { continue }
                #expect(Int(columnIndexOffset) == nextColumnIndex, "\(name)")
                let columnLength = Int(try #require(chunk.columnIndexLength))
                var c = ThriftCompactReader(Array(bytes[nextColumnIndex..<(nextColumnIndex + columnLength)]))
                let index = try ColumnIndex(from: &c)
                #expect(c.position == columnLength, "\(name)")
                nextColumnIndex += columnLength
                #expect(index.nullPages.count == locations.count, "\(name)")
                #expect(index.minValues.count == locations.count && index.maxValues.count == locations.count, "\(name)")
                #expect(index.nullCounts?.reduce(0, +) == meta.statistics?.nullCount, "\(name)")
                for page in index.nullPages.indices where index.nullPages[page] {
                    #expect(index.minValues[page].isEmpty && index.maxValues[page].isEmpty, "\(name)")
                }
            }
            firstRowOfGroup += Int(group.numRows)
        }
        #expect(firstRowOfGroup == 3000)
        #expect(nextColumnIndex == columnIndexRange.upperBound)
        #expect(nextOffsetIndex == offsetIndexRange.upperBound)
    }

    @Test func boundaryOrderFollowsTheData() throws {
        let rows = 5000
        var g = SeededGenerator(seed: 2)
        let schema = Schema([Field("up", .int64, nullable: false), Field("down", .uint64), Field("random", .int32),
                             Field("text_down", .string), Field("same", .float64)])
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .int64, buffer: .int64((0..<rows).map { Int64($0) - 2500 })),
            // Descending in unsigned order across 2^63, where a signed comparison would call it unordered.
            Column(type: .uint64, buffer: .uint64((0..<rows).map { UInt64.max - UInt64($0) * (1 << 51) })),
            Column(type: .int32, buffer: .int32((0..<rows).map { _ in Int32.random(in: .min ... .max, using: &g) })),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<rows).map { String(format: "%06d", rows - $0) }))),
            Column(type: .float64, buffer: .float64(Array(repeating: 1.5, count: rows))),
        ])
        var options = ParquetWriteOptions()
        options.pageBytes = 2000
        options.dictionary = false
        let result = try write([batch], options)
        let metadata = try FileFooter.decode(Array(result.bytes[result.footer]))
        var orders: [BoundaryOrder] = []
        for chunk in metadata.rowGroups[0].columns {
            let start = Int(try #require(chunk.columnIndexOffset))
            var r = ThriftCompactReader(Array(result.bytes[start..<(start + Int(chunk.columnIndexLength!))]))
            let index = try ColumnIndex(from: &r)
            #expect(index.nullPages.count > 2)
            orders.append(index.boundaryOrder)
        }
        #expect(orders == [.ascending, .descending, .unordered, .descending, .ascending])
    }

    @Test func switchedOffIndexesAndStatisticsAreAbsent() throws {
        let batch = WriterInteropTests.allTypes(rows: 400, seed: 4)
        var noIndex = ParquetWriteOptions()
        noIndex.pageIndex = false
        let plain = try write([batch], noIndex)
        #expect(plain.columnIndex == nil && plain.offsetIndex == nil)
        var noStatistics = ParquetWriteOptions()
        noStatistics.statistics = false
        let bare = try write([batch], noStatistics)
        // Without statistics there is nothing to put in a ColumnIndex, but page locations still help readers.
        #expect(bare.columnIndex == nil && bare.offsetIndex != nil)
        for (result, hasStatistics) in [(plain, true), (bare, false)] {
            let metadata = try FileFooter.decode(Array(result.bytes[result.footer]))
            for chunk in metadata.rowGroups.flatMap(\.columns) {
                #expect(chunk.columnIndexOffset == nil)
                #expect((chunk.offsetIndexOffset != nil) == !hasStatistics)
                #expect((chunk.metaData?.statistics != nil) == hasStatistics)
            }
        }
        // File statistics for the manifest come back either way.
        #expect(bare.statistics == plain.statistics)
    }

    /// What a reader sees in the chunk metadata: bounds in the column's own order, −0.0/+0.0 and NaN rules,
    /// truncated (inexact) long strings, null counts, and a dictionary only where it pays.
    @Test func chunkMetadataAsPyarrowSeesIt() throws {
        let rows = 3000
        var g = SeededGenerator(seed: 6)
        let long = ["a" + String(repeating: "é", count: 40), String(repeating: "a", count: 100) + "z"]
        let schema = Schema([Field("u64", .uint64), Field("long", .string), Field("zeros", .float64), Field("nan", .float32),
                             Field("nulls", .int32), Field("category", .string), Field("random", .int64), Field("flag", .boolean)])
        let u64: [UInt64] = [1, (1 << 63) + 5, .max, 0]
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .uint64, buffer: .uint64((0..<rows).map { u64[$0 % 4] }), validity: (0..<rows).map { $0 % 4 != 3 }),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<rows).map { long[$0 % 2] }))),
            Column(type: .float64, buffer: .float64((0..<rows).map { $0 % 2 == 0 ? 0.0 : -0.0 })),
            Column(type: .float32, buffer: .float32(Array(repeating: .nan, count: rows))),
            Column(type: .int32, buffer: .int32(Array(repeating: 0, count: rows)), validity: Array(repeating: false, count: rows)),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<rows).map { "type_\($0 % 30)" }))),
            Column(type: .int64, buffer: .int64((0..<rows).map { _ in Int64.random(in: .min ... .max, using: &g) })),
            Column(type: .boolean, buffer: .boolean((0..<rows).map { $0 % 3 == 0 })),
        ])
        let dir = PythonOracle.temporaryDirectory()
        let result = try write([batch], ParquetWriteOptions())
        try Data(result.bytes).write(to: URL(fileURLWithPath: dir + "/meta.parquet"))

        // Exactness flags are not exposed by pyarrow: read them from our own footer.
        let metadata = try FileFooter.decode(Array(result.bytes[result.footer]))
        let longStatistics = try #require(metadata.rowGroups[0].columns[1].metaData?.statistics)
        #expect(longStatistics.isMinValueExact == false && longStatistics.isMaxValueExact == false)
        #expect(metadata.rowGroups[0].columns[0].metaData?.statistics?.isMaxValueExact == true)

        let script = PythonOracle.prelude + #"""
md = pq.ParquetFile(sys.argv[1]).metadata
out = {}
for i in range(md.num_columns):
    c = md.row_group(0).column(i)
    s = c.statistics
    out[c.path_in_schema] = {"has_min_max": s.has_min_max, "min": enc(s.min) if s.has_min_max else None,
        "max": enc(s.max) if s.has_min_max else None, "null_count": s.null_count,
        "dictionary": c.has_dictionary_page, "encodings": list(c.encodings),
        "column_index": c.has_column_index, "offset_index": c.has_offset_index}
print(json.dumps(out))
"""#
        let output = try PythonOracle.run(script, arguments: [dir + "/meta.parquet"])
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: [String: Any]]
        func column(_ name: String) -> [String: Any] { json[name] ?? [:] }

        #expect(column("u64")["min"] as? String == "i:1")
        #expect(column("u64")["max"] as? String == "i:\(UInt64.max)")
        #expect(column("u64")["null_count"] as? Int == rows / 4)

        // Truncated to 64 bytes: the min a prefix of the true min, the max above the true max.
        let minText = try #require(column("long")["min"] as? String), maxText = try #require(column("long")["max"] as? String)
        let minBytes = hexBytes(minText.dropFirst(2)), maxBytes = hexBytes(maxText.dropFirst(2))
        #expect(minBytes.count <= 64 && maxBytes.count <= 64)
        #expect(minBytes == Array(long[1].utf8.prefix(64)))
        #expect(Array(long[0].utf8).lexicographicallyPrecedes(maxBytes))
        #expect(String(validating: maxBytes, as: UTF8.self) != nil)

        #expect(column("zeros")["min"] as? String == "d:\(Int64(bitPattern: (-0.0).bitPattern))")
        #expect(column("zeros")["max"] as? String == "d:0")
        #expect(column("nan")["has_min_max"] as? Bool == false)
        #expect(column("nulls")["has_min_max"] as? Bool == false)
        #expect(column("nulls")["null_count"] as? Int == rows)

        #expect(column("category")["dictionary"] as? Bool == true)
        #expect((column("category")["encodings"] as? [String])?.contains("RLE_DICTIONARY") == true)
        for plain in ["random", "flag"] {
            #expect(column(plain)["dictionary"] as? Bool == false, "\(plain)")
            #expect((column(plain)["encodings"] as? [String])?.contains("RLE_DICTIONARY") == false, "\(plain)")
        }
        for name in ["u64", "long", "zeros", "nulls", "category", "random", "flag"] {
            #expect(column(name)["column_index"] as? Bool == true, "\(name)")
        }
        // A non-null page without bounds (all NaN) cannot be described in a ColumnIndex: none is written.
        #expect(column("nan")["column_index"] as? Bool == false)
        #expect(json.values.allSatisfy { $0["offset_index"] as? Bool == true })
    }

    private func hexBytes(_ hex: Substring) -> [UInt8] {
        var out: [UInt8] = []
        var i = hex.startIndex
        while i < hex.endIndex {
            let j = hex.index(i, offsetBy: 2)
            out.append(UInt8(hex[i..<j], radix: 16)!)
            i = j
        }
        return out
    }

    /// With a minimum gain, a chunk whose first page barely shrinks is written UNCOMPRESSED and one that
    /// shrinks keeps zstd; later row groups reuse the first's choice; everything reads back, here and in
    /// pyarrow and DuckDB.
    @Test func chunksThatBarelyShrinkAreWrittenUncompressed() throws {
        var rng = SeededGenerator(seed: 31)
        let rows = 6000
        let schema = Schema([Field("noise", .int64, nullable: false), Field("label", .string, nullable: false),
                             Field("count", .float32, nullable: false)])
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .int64, buffer: .int64((0..<rows).map { _ in Int64.random(in: .min ... .max, using: &rng) })),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<rows).map { "cell type \($0 % 7)" }))),
            Column(type: .float32, buffer: .float32((0..<rows).map { _ in Float(Int.random(in: 1...40, using: &rng) / Int.random(in: 1...8, using: &rng)) })),
        ])
        var options = ParquetWriteOptions()
        options.rowGroupRows = 2000
        options.minimumCompressionGain = 0.1
        let result = try write([batch], options)
        let metadata = try FileFooter.decode(Array(result.bytes[result.footer]))
        #expect(metadata.rowGroups.count == 3)
        for group in metadata.rowGroups {
            let codecs = group.columns.map { $0.metaData!.codec }
            #expect(codecs == [.uncompressed, .zstd, .zstd])
        }
        let dir = PythonOracle.temporaryDirectory()
        let path = dir + "/gain.parquet"
        try Data(result.bytes).write(to: URL(fileURLWithPath: path))
        let reader = try ParquetFileReader(source: FileByteSource(path: path))
        #expect(try reader.read().columns == batch.columns)
        try WriterInteropTests().compareValuesWithOracles(batch, path: path)
    }
}
