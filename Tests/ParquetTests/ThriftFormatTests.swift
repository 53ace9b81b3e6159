import Testing
@testable import Parquet

/// The Thrift compact protocol and the metadata structures: round trips, and hostile bytes that must throw.
@Suite struct ThriftFormatTests {
    func sampleMetadata() -> FileMetaData {
        let stats = Statistics(minValue: [1, 0, 0, 0], maxValue: [9, 0, 0, 0], nullCount: 2, isMinValueExact: true, isMaxValueExact: false)
        let meta = ColumnMetaData(type: .int32, encodings: [.plain, .rle, .rleDictionary], pathInSchema: ["age"], codec: .zstd,
                                  numValues: 100, totalUncompressedSize: 1234, totalCompressedSize: 567, dataPageOffset: 40,
                                  dictionaryPageOffset: 4, statistics: stats,
                                  encodingStats: [PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1)])
        var chunk = ColumnChunk(fileOffset: 4, metaData: meta)
        chunk.columnIndexOffset = 700
        chunk.columnIndexLength = 40
        chunk.offsetIndexOffset = 740
        chunk.offsetIndexLength = 30
        let schema = [
            SchemaElement(name: "schema", numChildren: 3),
            SchemaElement(name: "age", type: .int32, repetition: .optional, convertedType: .int16,
                          logicalType: .integer(bitWidth: 16, signed: true)),
            SchemaElement(name: "when", type: .int64, repetition: .required, logicalType: .timestamp(utc: true, unit: .nanos)),
            SchemaElement(name: "name", type: .byteArray, repetition: .optional, convertedType: .utf8, logicalType: .string),
        ]
        return FileMetaData(schema: schema, numRows: 100,
                            rowGroups: [RowGroup(columns: [chunk], totalByteSize: 1234, numRows: 100, fileOffset: 4,
                                                 totalCompressedSize: 567, ordinal: 0)],
                            keyValueMetadata: [KeyValue(key: "k", value: "v é")], createdBy: "cairn test",
                            typeDefinedColumnOrders: 3)
    }

    @Test func fileMetadataRoundTrips() throws {
        let metadata = sampleMetadata()
        let (bytes, tail) = FileFooter.encode(metadata)
        #expect(try FileFooter.decode(bytes) == metadata)
        let file = [UInt8](repeating: 0, count: 4) + bytes + tail
        #expect(try FileFooter.metadataRange(tail: Array(file.suffix(8)), fileSize: file.count) == 4..<(4 + bytes.count))
    }

    @Test func pageStructuresRoundTrip() throws {
        let headers = [
            PageHeader(type: .dataPage, uncompressedPageSize: 100, compressedPageSize: 50,
                       dataPageHeader: DataPageHeader(numValues: 10, encoding: .rleDictionary,
                                                      statistics: Statistics(minValue: [], maxValue: [0xFF], nullCount: 0))),
            PageHeader(type: .dictionaryPage, uncompressedPageSize: 7, compressedPageSize: 7,
                       dictionaryPageHeader: DictionaryPageHeader(numValues: 3, isSorted: false)),
            PageHeader(type: .dataPageV2, uncompressedPageSize: 9, compressedPageSize: 8,
                       dataPageHeaderV2: DataPageHeaderV2(numValues: 5, numNulls: 1, numRows: 5, encoding: .deltaBinaryPacked,
                                                          definitionLevelsByteLength: 2, repetitionLevelsByteLength: 0, isCompressed: false,
                                                          statistics: Statistics(minValue: [1, 2, 3], maxValue: [4], nullCount: 1))),
        ]
        for header in headers {
            var w = ThriftCompactWriter()
            header.encode(to: &w)
            var r = ThriftCompactReader(w.bytes)
            #expect(try PageHeader(from: &r) == header)
            #expect(r.remaining == 0)
            // A reader of values skips the page statistics, and everything else still reads the same.
            var withoutStatistics = header
            withoutStatistics.dataPageHeader?.statistics = nil
            withoutStatistics.dataPageHeaderV2?.statistics = nil
            var s = ThriftCompactReader(w.bytes)
            #expect(try PageHeader(from: &s, statistics: false) == withoutStatistics)
            #expect(s.remaining == 0)
            // Statistics cut short are still refused when skipped.
            var cut = ThriftCompactReader(Array(w.bytes.prefix(w.bytes.count - 3)))
            if header.type != .dictionaryPage {
                #expect(throws: ParquetError.self) { try PageHeader(from: &cut, statistics: false) }
            }
        }
        let index = ColumnIndex(nullPages: [false, true] + Array(repeating: false, count: 20),
                                minValues: Array(repeating: [1, 2], count: 22), maxValues: Array(repeating: [3], count: 22),
                                boundaryOrder: .ascending, nullCounts: Array(repeating: 7, count: 22))
        var w = ThriftCompactWriter()
        index.encode(to: &w)
        var r = ThriftCompactReader(w.bytes)
        #expect(try ColumnIndex(from: &r) == index)
        let offsets = OffsetIndex(pageLocations: (0..<40).map { PageLocation(offset: Int64($0) * 1000, compressedPageSize: 999, firstRowIndex: Int64($0) * 20_000) })
        var w2 = ThriftCompactWriter()
        offsets.encode(to: &w2)
        var r2 = ThriftCompactReader(w2.bytes)
        #expect(try OffsetIndex(from: &r2) == offsets)
    }

    @Test func unknownFieldsAreSkipped() throws {
        // A newer writer's struct: field 1 (i32), then unknown fields of every type, then field 3.
        var w = ThriftCompactWriter()
        w.beginStruct()
        w.writeI32(field: 1, 7)
        w.writeDouble(field: 50, 1.5)
        w.writeString(field: 51, "future")
        w.beginList(field: 52, elementType: .i64, count: 20)
        for i in 0..<20 { w.writeI64Element(Int64(i) << 40) }
        w.writeStructFieldHeader(53)
        w.beginStruct(); w.writeBool(field: 1, true); w.endStruct()
        w.endStruct()
        var r = ThriftCompactReader(w.bytes)
        try r.beginStruct()
        var seen: [Int16] = []
        while let f = try r.nextField() {
            seen.append(f.id)
            if f.id == 1 { #expect(try r.readI32() == 7) } else { try r.skip(f.type) }
        }
        r.endStruct()
        #expect(seen == [1, 50, 51, 52, 53])
        #expect(r.remaining == 0)
    }

    @Test func hostileBytesThrowInsteadOfTrapping() {
        let good = FileFooter.encode(sampleMetadata()).metadata
        var generator = SeededGenerator(seed: 42)
        for i in 0..<4000 {
            var bytes = good
            switch i % 4 {
            case 0: bytes = Array(good.prefix(Int(generator.next() % UInt64(good.count))))
            case 1: for _ in 0..<3 { bytes[Int(generator.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: generator.next()) }
            case 2: bytes = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            default: bytes.insert(0xF9, at: Int(generator.next() % UInt64(bytes.count)))  // a huge list header
            }
            _ = try? FileFooter.decode(bytes)
            var r = ThriftCompactReader(bytes)
            _ = try? PageHeader(from: &r)
        }
        // Deep nesting is refused, not recursed into without bound.
        let nested = [UInt8](repeating: 0x1C, count: 10_000)
        #expect(throws: ParquetError.self) { try FileFooter.decode(nested) }
        // A list that claims more elements than there are bytes.
        #expect(throws: ParquetError.self) { try FileFooter.decode([0x19, 0xFC, 0xFF, 0xFF, 0xFF, 0x0F]) }
        // Varints longer than 10 bytes.
        #expect(throws: ParquetError.self) { try FileFooter.decode([0x15] + [UInt8](repeating: 0xFF, count: 12)) }
    }

    @Test func tailValidation() {
        #expect(throws: ParquetError.corrupt("not a Parquet file: missing PAR1 magic at the end")) {
            try FileFooter.metadataRange(tail: Array("12345678".utf8), fileSize: 100)
        }
        #expect(throws: ParquetError.corrupt("footer length 1000 exceeds file size 100")) {
            try FileFooter.metadataRange(tail: [0xE8, 0x03, 0, 0] + Array("PAR1".utf8), fileSize: 100)
        }
        #expect(throws: ParquetError.unsupported("encrypted footer (PARE)")) {
            try FileFooter.metadataRange(tail: [1, 0, 0, 0] + Array("PARE".utf8), fileSize: 100)
        }
        #expect(throws: ParquetError.self) { try FileFooter.metadataRange(tail: [], fileSize: 3) }
    }

    @Test(arguments: [CompressionCodec.uncompressed, .zstd, .snappy, .gzip])
    func codecsRoundTripAndRejectLies(codec: CompressionCodec) throws {
        var generator = SeededGenerator(seed: 7)
        let input = (0..<100_000).map { i in UInt8(truncatingIfNeeded: i % 251 == 0 ? generator.next() : UInt64(i / 100)) }
        let compressed = try PageCodec.compress(input, codec: codec)
        #expect(try PageCodec.decompress(compressed, codec: codec, uncompressedSize: input.count) == input)
        #expect(throws: ParquetError.self) { try PageCodec.decompress(compressed, codec: codec, uncompressedSize: input.count + 1) }
        #expect(throws: ParquetError.self) { try PageCodec.decompress(compressed, codec: codec, uncompressedSize: 1 << 40) }
        if codec != .uncompressed {
            #expect(throws: ParquetError.self) {
                try PageCodec.decompress(Array(compressed.prefix(compressed.count / 2)), codec: codec, uncompressedSize: input.count)
            }
        }
        #expect(try PageCodec.decompress(try PageCodec.compress([], codec: codec), codec: codec, uncompressedSize: 0) == [])
    }

    @Test func unsupportedCodecsAreNamed() {
        #expect(throws: ParquetError.unsupported("compression codec LZ4")) {
            try PageCodec.decompress([1, 2, 3], codec: .lz4, uncompressedSize: 3)
        }
        #expect(throws: ParquetError.unsupported("compression codec BROTLI")) { try PageCodec.compress([1], codec: .brotli) }
    }
}

