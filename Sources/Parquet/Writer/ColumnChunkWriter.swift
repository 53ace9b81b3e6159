import Columnar

/// One column chunk, encoded on its own (so columns can be encoded in parallel): its pages with offsets
/// relative to the chunk's start, the metadata, and the page index entries.
struct EncodedColumnChunk {
    var bytes: [UInt8]
    var metaData: ColumnMetaData
    var columnIndex: ColumnIndex?
    var pageLocations: [PageLocation]
    var statistics: ColumnStatisticsAccumulator
    /// How its pages were compressed, for later chunks of the column to reuse.
    var compression: ChunkCompression

    /// Moves every recorded offset by `base` once the chunk's place in the file is known.
    mutating func relocate(to base: Int64) {
        metaData.dataPageOffset += base
        metaData.dictionaryPageOffset = metaData.dictionaryPageOffset.map { $0 + base }
        for i in pageLocations.indices { pageLocations[i].offset += base }
    }
}

/// Encodes rows of one column: an optional dictionary page, then data pages (v1) of about `pageBytes` each,
/// with definition levels for optional columns, per-page statistics and page-index entries.
struct ColumnChunkWriter {
    let field: Field
    let physicalType: PhysicalType
    let options: ParquetWriteOptions

    /// `compression`: how an earlier chunk of the column was compressed, to do the same without trying
    /// again; nil: decided on this chunk's first page.
    func write(_ column: Column, rows: Range<Int>, compression preset: ChunkCompression? = nil) throws -> EncodedColumnChunk {
        if !field.nullable && column.validity.map({ $0[rows].contains(false) }) == true {
            throw ParquetError.invalidArgument("column '\(field.name)' holds nulls but is not nullable")
        }
        let (values, span, validity) = PhysicalValues.extract(column, rows: rows)
        let triesDictionary = options.dictionary && (options.dictionaryColumns?.contains(field.name) ?? true)
        let dictionary = triesDictionary ? ChunkDictionary.build(values, span, policy: DictionaryFallbackPolicy()) : nil
        var out: [UInt8] = []
        out.reserveCapacity(values.plainSize(span) / 2 + 1024)
        var totalUncompressed = 0
        var encodingStats: [PageEncodingStats] = []
        var dictionaryOffset: Int64?
        // Decided on the first data page (the dictionary page waits for it): see `chunkCodec`.
        var codec = preset?.codec ?? options.compression
        var entropyOnly = preset?.entropyOnly ?? false
        var dataPageOffset: Int64 = 0
        let valueEncoding: Encoding
        switch values {
        case _ where dictionary != nil: valueEncoding = .rleDictionary
        case .int32, .int64: valueEncoding = .deltaBinaryPacked
        default: valueEncoding = .plain
        }
        var chunkStatistics = ColumnStatisticsAccumulator(for: field.type)
        var locations: [PageLocation] = []
        var nullPages: [Bool] = [], mins: [[UInt8]] = [], maxs: [[UInt8]] = [], nullCounts: [Int64] = []
        var everyPageBounded = true
        let utf8 = field.type == .string
        var firstRow = 0, firstValue = 0
        var body: [UInt8] = []
        for pageRows in pageSizes(rows: rows.count, values: values, span, validity: validity, dictionary: dictionary) {
            let pageRowRange = firstRow..<(firstRow + pageRows)
            let validCount = validity.map { v in v[pageRowRange].reduce(0) { $0 + ($1 ? 1 : 0) } } ?? pageRows
            let valueRange = firstValue..<(firstValue + validCount)
            let valueSpan = (span.lowerBound + firstValue)..<(span.lowerBound + firstValue + validCount)

            body.removeAll(keepingCapacity: true)
            if field.nullable {
                let mask = validity.map { Array($0[pageRowRange]) } ?? Array(repeating: true, count: pageRows)
                body.append(contentsOf: RLEHybridEncoder.encodeValidity(mask, lengthPrefixed: true))
            }
            if let dictionary {
                dictionary.indices.withUnsafeBufferPointer { indices in
                    RLEHybridEncoder.encodeDictionaryIndices(UnsafeBufferPointer(rebasing: indices[valueRange]),
                                                             dictionarySize: dictionary.size, into: &body)
                }
            } else if valueEncoding == .deltaBinaryPacked {
                values.deltaEncode(valueSpan, into: &body)
            } else {
                values.plainEncode(valueSpan, into: &body)
            }

            var pageStatistics = ColumnStatisticsAccumulator(for: field.type)
            pageStatistics.update(values, valueSpan)
            pageStatistics.addNulls(pageRows - validCount)
            chunkStatistics.merge(pageStatistics)
            let encoded = pageStatistics.encoded(truncatingTo: options.statisticsTruncateLength, utf8: utf8)

            let header = PageHeader(type: .dataPage, uncompressedPageSize: Int32(body.count), compressedPageSize: 0,
                                    dataPageHeader: DataPageHeader(numValues: Int32(pageRows), encoding: valueEncoding,
                                                                   statistics: options.statistics ? Statistics(encoded) : nil))
            var compressed: [UInt8]?
            if locations.isEmpty {
                if preset == nil { (codec, entropyOnly, compressed) = try chunkCodec(firstPage: body) }
                if let dictionary {
                    dictionaryOffset = 0
                    let header = PageHeader(type: .dictionaryPage, uncompressedPageSize: Int32(dictionary.page.count), compressedPageSize: 0,
                                            dictionaryPageHeader: DictionaryPageHeader(numValues: Int32(dictionary.size), encoding: .plain))
                    totalUncompressed += try appendPage(header, body: dictionary.page, codec: codec, entropyOnly: entropyOnly, to: &out)
                    encodingStats.append(PageEncodingStats(pageType: .dictionaryPage, encoding: .plain, count: 1))
                }
                dataPageOffset = Int64(out.count)
            }
            let start = out.count
            totalUncompressed += try appendPage(header, body: body, codec: codec, entropyOnly: entropyOnly, compressed: compressed, to: &out)
            locations.append(PageLocation(offset: Int64(start), compressedPageSize: Int32(out.count - start), firstRowIndex: Int64(firstRow)))
            if validCount > 0 && !encoded.hasMinMax { everyPageBounded = false }
            nullPages.append(validCount == 0)
            mins.append(validCount == 0 ? [] : encoded.min ?? [])
            maxs.append(validCount == 0 ? [] : encoded.max ?? [])
            nullCounts.append(Int64(pageRows - validCount))
            firstRow += pageRows
            firstValue += validCount
        }
        encodingStats.append(PageEncodingStats(pageType: .dataPage, encoding: valueEncoding, count: Int32(locations.count)))

        let chunkEncoded = chunkStatistics.encoded(truncatingTo: options.statisticsTruncateLength, utf8: utf8)
        let metaData = ColumnMetaData(
            type: physicalType, encodings: dictionary == nil ? [valueEncoding, .rle] : [.plain, .rle, .rleDictionary],
            pathInSchema: [field.name], codec: codec, numValues: Int64(rows.count),
            totalUncompressedSize: Int64(totalUncompressed), totalCompressedSize: Int64(out.count),
            dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryOffset,
            statistics: options.statistics ? Statistics(chunkEncoded) : nil, encodingStats: encodingStats)
        // A non-null page without bounds (all NaN, or an untruncatable max) cannot be described in a
        // ColumnIndex, and a wrong bound would make readers skip rows: then the chunk gets none.
        let columnIndex = options.pageIndex && options.statistics && everyPageBounded
            ? ColumnIndex(nullPages: nullPages, minValues: mins, maxValues: maxs,
                          boundaryOrder: Self.boundaryOrder(nullPages: nullPages, mins: mins, maxs: maxs, kind: chunkStatistics),
                          nullCounts: nullCounts)
            : nil
        return EncodedColumnChunk(bytes: out, metaData: metaData, columnIndex: columnIndex, pageLocations: locations,
                                  statistics: chunkStatistics, compression: ChunkCompression(codec: codec, entropyOnly: entropyOnly))
    }

    /// Rows per data page: about `pageBytes` of encoded values, at most `maxPageRows` rows.
    private func pageSizes(rows: Int, values: PhysicalValues, _ span: Range<Int>, validity: [Bool]?, dictionary: ChunkDictionary?) -> [Int] {
        guard rows > 0 else { return [0] }
        let bytesPerRow: Double
        if let dictionary {
            bytesPerRow = Double(max(1, RLEHybridEncoder.bitWidth(forMaxValue: UInt32(max(dictionary.size - 1, 0))))) / 8
        } else {
            bytesPerRow = span.isEmpty ? 1 : Double(values.plainSize(span)) / Double(span.count)
        }
        let perPage = max(1, min(options.maxPageRows, Int(Double(options.pageBytes) / max(bytesPerRow, 0.125))))
        return stride(from: 0, to: rows, by: perPage).map { min(perPage, rows - $0) }
    }

    static func boundaryOrder(nullPages: [Bool], mins: [[UInt8]], maxs: [[UInt8]], kind: ColumnStatisticsAccumulator) -> BoundaryOrder {
        let pages = nullPages.indices.filter { !nullPages[$0] }
        guard pages.count > 1 else { return .ascending }
        var ascending = true, descending = true
        for (a, b) in zip(pages, pages.dropFirst()) {
            let minOrder = kind.compare(mins[a], mins[b]), maxOrder = kind.compare(maxs[a], maxs[b])
            if minOrder > 0 || maxOrder > 0 { ascending = false }
            if minOrder < 0 || maxOrder < 0 { descending = false }
        }
        return ascending ? .ascending : descending ? .descending : .unordered
    }

    /// The codec for the whole chunk, whether zstd codes it by entropy alone, and the first page compressed
    /// so. zstd tries both ways on the first page and codes by entropy alone unless matching makes the page
    /// clearly (an eighth) smaller: entropy alone is several times faster both ways, and on bit-packed
    /// values the two differ by a few percent either way from page to page. The chunk stays uncompressed
    /// when the first page shrinks by less than `options.minimumCompressionGain` (nothing is then spent
    /// compressing, or on every read decompressing, pages that do not shrink).
    private func chunkCodec(firstPage body: [UInt8]) throws -> (CompressionCodec, entropyOnly: Bool, [UInt8]?) {
        guard options.compression != .uncompressed else { return (.uncompressed, false, nil) }
        var compressed = try PageCodec.compress(body, codec: options.compression, level: options.compressionLevel)
        var entropyOnly = false
        if options.compression == .zstd, let entropy = try PageCodec.compressZstdEntropyOnly(body),
           entropy.count <= compressed.count + compressed.count / 8 {
            compressed = entropy
            entropyOnly = true
        }
        if options.minimumCompressionGain > 0 && Double(compressed.count) > Double(body.count) * (1 - options.minimumCompressionGain) {
            return (.uncompressed, false, nil)
        }
        return (options.compression, entropyOnly, compressed)
    }

    /// Compresses `body` (unless `compressed` holds it already), writes header and page, and returns the
    /// uncompressed size including the header.
    private func appendPage(_ header: PageHeader, body: [UInt8], codec: CompressionCodec, entropyOnly: Bool,
                            compressed done: [UInt8]? = nil, to out: inout [UInt8]) throws -> Int {
        let compressed = codec == .uncompressed ? body
            : try done ?? (entropyOnly ? PageCodec.compressZstdEntropyOnly(body) : nil)
                ?? PageCodec.compress(body, codec: codec, level: options.compressionLevel)
        var header = header
        header.compressedPageSize = Int32(compressed.count)
        var thrift = ThriftCompactWriter()
        header.encode(to: &thrift)
        out.append(contentsOf: thrift.bytes)
        out.append(contentsOf: compressed)
        return thrift.bytes.count + body.count
    }
}

/// How a column chunk's pages are compressed: the codec, and for zstd whether by entropy coding alone.
public struct ChunkCompression: Hashable, Sendable {
    public var codec: CompressionCodec
    public var entropyOnly: Bool

    public init(codec: CompressionCodec, entropyOnly: Bool) {
        self.codec = codec
        self.entropyOnly = entropyOnly
    }
}

extension Statistics {
    init(_ encoded: EncodedStatistics) {
        self.init(minValue: encoded.min, maxValue: encoded.max, nullCount: Int64(encoded.nullCount),
                  isMinValueExact: encoded.min == nil ? nil : encoded.isMinExact,
                  isMaxValueExact: encoded.max == nil ? nil : encoded.isMaxExact)
    }
}
