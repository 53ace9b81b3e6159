import Columnar

/// A row group's column chunks exactly as a file stores them — pages still encoded and compressed — to be
/// written into another file without decoding them (`copied(as:adding:)`, then `ParquetWriter.append`).
/// A slice of whole row groups costs a copy of their bytes instead of a decode and an encode.
public struct StoredRowGroup: Sendable {
    public let rows: Int
    let chunks: [Chunk]

    struct Chunk: Sendable {
        var field: Field
        var physicalType: PhysicalType
        var metaData: ColumnMetaData
        /// From the dictionary page (if any) to the end of the last data page.
        var bytes: [UInt8]
    }

    /// The stored type of each chunk's values.
    public var types: [DataType] { chunks.map(\.field.type) }

    /// The smallest and largest value of integer chunk `i`, from its statistics.
    public func integerBounds(_ i: Int) -> (min: Int64, max: Int64)? {
        guard let statistics = chunks[i].metaData.statistics,
              case .integers(let low, let high, _) = Bounds(statistics, of: chunks[i].field.type, physicalType: chunks[i].physicalType) else { return nil }
        return (low, high)
    }

    /// The chunks as columns of `schema` (one per chunk, in order), each integer chunk's values plus
    /// `adding[i]`; nil when some chunk cannot be carried over in its encoding:
    /// - a column that may hold nulls, a data page v2 or an index page, a chunk without statistics;
    /// - a different physical type, except INT32 as INT64;
    /// - a changed type or a non-zero addend, except on dictionary-encoded pages (the PLAIN dictionary is
    ///   rewritten, the indices kept) and DELTA_BINARY_PACKED ones (only the first value is absolute;
    ///   widened, only for values in 0..<2^31, where a 32-bit delta never wraps);
    /// - values the addend would carry past the target type.
    public func copied(as schema: Schema, adding: [Int64]) throws -> CopiedRowGroup? {
        guard schema.fields.count == chunks.count, adding.count == chunks.count else {
            throw ParquetError.invalidArgument("a stored row group of \(chunks.count) columns copied as \(schema.fields.count)")
        }
        let elements = ParquetSchemaBuilder.elements(for: schema).dropFirst()
        var copied: [EncodedColumnChunk] = []
        for ((chunk, field), (element, add)) in zip(zip(chunks, schema.fields), zip(elements, adding)) {
            guard let target = element.type,
                  let encoded = try Self.copy(chunk, as: field, physicalType: target, adding: add, rows: rows) else { return nil }
            copied.append(encoded)
        }
        return CopiedRowGroup(rows: rows, chunks: copied)
    }

    private static func copy(_ chunk: Chunk, as field: Field, physicalType target: PhysicalType, adding add: Int64,
                             rows: Int) throws -> EncodedColumnChunk? {
        let source = chunk.physicalType
        let widened = source == .int32 && target == .int64
        guard !chunk.field.nullable, !field.nullable, source == target || widened,
              let statistics = chunk.metaData.statistics,
              let bounds = Bounds(statistics, of: chunk.field.type, physicalType: source) else { return nil }
        let deltaWidens: Bool
        if case .integers(let low, let high, _) = bounds { deltaWidens = low >= 0 && high < 1 << 31 } else { deltaWidens = false }
        guard let chunkBounds = bounds.adding(add, fitting: target) else { return nil }

        var out: [UInt8] = []
        out.reserveCapacity(chunk.bytes.count + 64)
        var locations: [PageLocation] = []
        var mins: [[UInt8]] = [], maxs: [[UInt8]] = []
        var everyPageBounded = true
        var dictionaryOffset: Int64?
        var dataPageOffset: Int64?
        var uncompressedTotal = 0
        var firstRow = 0
        var at = 0
        let bytes = chunk.bytes
        while at < bytes.count {
            var reader = ThriftCompactReader(bytes, position: at)
            var header = try PageHeader(from: &reader)
            let bodyStart = reader.position
            let (bodyEnd, overflow) = bodyStart.addingReportingOverflow(Int(header.compressedPageSize))
            guard header.compressedPageSize >= 0, !overflow, bodyEnd <= bytes.count else {
                throw ParquetError.corrupt("column '\(chunk.field.name)': a page runs past its chunk")
            }
            var body = bytes[bodyStart..<bodyEnd]
            at = bodyEnd
            let start = out.count
            switch header.type {
            case .dictionaryPage:
                guard dataPageOffset == nil, let page = header.dictionaryPageHeader else { return nil }
                if widened || add != 0 {
                    // The dictionary's PLAIN values are rewritten; the data pages' indices stay as they are.
                    guard page.encoding == .plain || page.encoding == .plainDictionary else { return nil }
                    guard let rewritten = try rewrite(body, of: &header, codec: chunk.metaData.codec, {
                        PlainIntegers.adding(add, to: $0, count: Int(page.numValues), from: chunk.field.type,
                                             width: source == .int32 ? 4 : 8, to: target == .int32 ? 4 : 8)
                    }) else { return nil }
                    body = rewritten
                }
                dictionaryOffset = Int64(start)
            case .dataPage:
                guard var page = header.dataPageHeader, page.numValues >= 0 else { return nil }
                let indices = page.encoding == .rleDictionary || page.encoding == .plainDictionary
                if (widened || add != 0) && !indices {
                    guard page.encoding == .deltaBinaryPacked, !widened || deltaWidens else { return nil }
                }
                if add != 0 && !indices {
                    // Only the page's first value is stored absolutely; deltas are unchanged.
                    body = try rewrite(body, of: &header, codec: chunk.metaData.codec) { try DeltaFirstValue.adding(add, to: $0) }!
                }
                let pageBounds = page.statistics.flatMap { Bounds($0, of: chunk.field.type, physicalType: source) }?.adding(add, fitting: target)
                page.statistics = pageBounds.map { Statistics(minValue: $0.minBytes, maxValue: $0.maxBytes, nullCount: 0,
                                                              isMinValueExact: true, isMaxValueExact: true) }
                header.dataPageHeader = page
                if dataPageOffset == nil { dataPageOffset = Int64(start) }
                locations.append(PageLocation(offset: Int64(start), compressedPageSize: 0, firstRowIndex: Int64(firstRow)))
                firstRow += Int(page.numValues)
                if let pageBounds {
                    mins.append(pageBounds.minBytes)
                    maxs.append(pageBounds.maxBytes)
                } else {
                    everyPageBounded = false
                }
            default:
                return nil
            }
            var thrift = ThriftCompactWriter()
            header.encode(to: &thrift)
            out.append(contentsOf: thrift.bytes)
            out.append(contentsOf: body)
            uncompressedTotal += thrift.bytes.count + Int(header.uncompressedPageSize)
            if header.type == .dataPage { locations[locations.count - 1].compressedPageSize = Int32(out.count - start) }
        }
        guard let dataPageOffset, firstRow == rows else {
            throw ParquetError.corrupt("column '\(chunk.field.name)': its pages hold \(firstRow) values in a row group of \(rows) rows")
        }
        var accumulator = ColumnStatisticsAccumulator(for: field.type)
        chunkBounds.accumulate(into: &accumulator)
        let metaData = ColumnMetaData(
            type: target, encodings: chunk.metaData.encodings, pathInSchema: [field.name], codec: chunk.metaData.codec,
            numValues: Int64(rows), totalUncompressedSize: Int64(uncompressedTotal), totalCompressedSize: Int64(out.count),
            dataPageOffset: dataPageOffset, dictionaryPageOffset: dictionaryOffset,
            statistics: Statistics(minValue: chunkBounds.minBytes, maxValue: chunkBounds.maxBytes, nullCount: 0,
                                   isMinValueExact: true, isMaxValueExact: true),
            encodingStats: chunk.metaData.encodingStats)
        let columnIndex = everyPageBounded
            ? ColumnIndex(nullPages: Array(repeating: false, count: mins.count), minValues: mins, maxValues: maxs,
                          boundaryOrder: ColumnChunkWriter.boundaryOrder(nullPages: Array(repeating: false, count: mins.count),
                                                                         mins: mins, maxs: maxs, kind: accumulator),
                          nullCounts: Array(repeating: 0, count: mins.count))
            : nil
        return EncodedColumnChunk(bytes: out, metaData: metaData, columnIndex: columnIndex, pageLocations: locations,
                                  statistics: accumulator, compression: ChunkCompression(codec: chunk.metaData.codec, entropyOnly: false))
    }
}

/// A page's body changed by `change` (on its uncompressed bytes; nil: it cannot be), compressed again,
/// with `header`'s sizes to match and its checksum dropped.
private func rewrite(_ body: ArraySlice<UInt8>, of header: inout PageHeader, codec: CompressionCodec,
                     _ change: ([UInt8]) throws -> [UInt8]?) throws -> ArraySlice<UInt8>? {
    let plain = codec == .uncompressed ? Array(body)
        : try PageCodec.decompress(Array(body), codec: codec, uncompressedSize: Int(header.uncompressedPageSize))
    guard let changed = try change(plain) else { return nil }
    let stored = codec == .uncompressed ? changed : try PageCodec.compress(changed, codec: codec)
    header.uncompressedPageSize = Int32(changed.count)
    header.compressedPageSize = Int32(stored.count)
    header.crc = nil
    return ArraySlice(stored)
}

/// Row groups copied from another file, ready for `ParquetWriter.append`.
public struct CopiedRowGroup: Sendable {
    public let rows: Int
    let chunks: [EncodedColumnChunk]
}

/// A chunk's or page's min and max: integers as exact values with their stored width in bytes, or
/// floating-point values as their PLAIN bytes, carried over unchanged.
private enum Bounds {
    case integers(Int64, Int64, width: Int)
    case floats(min: [UInt8], max: [UInt8])

    init?(_ statistics: Statistics, of type: DataType, physicalType: PhysicalType) {
        guard let min = statistics.minValue ?? statistics.min, let max = statistics.maxValue ?? statistics.max else { return nil }
        // Legacy min/max of unsigned columns were ordered as signed: only the typed ones are trusted there.
        if type.isInteger && !type.isSigned && statistics.minValue == nil { return nil }
        switch physicalType {
        case .int32:
            guard min.count == 4, max.count == 4 else { return nil }
            let low = min.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }, high = max.withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }
            self = type.isInteger && !type.isSigned
                ? .integers(Int64(low), Int64(high), width: 4) : .integers(Int64(Int32(bitPattern: low)), Int64(Int32(bitPattern: high)), width: 4)
        case .int64:
            guard min.count == 8, max.count == 8, !type.isInteger || type.isSigned else { return nil }
            self = .integers(min.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }, max.withUnsafeBytes { $0.loadUnaligned(as: Int64.self) }, width: 8)
        case .float:
            guard min.count == 4, max.count == 4 else { return nil }
            self = .floats(min: min, max: max)
        case .double:
            guard min.count == 8, max.count == 8 else { return nil }
            self = .floats(min: min, max: max)
        default:
            return nil
        }
    }

    /// The bounds of the values plus `add`, as stored in `target`; nil when they leave its range.
    func adding(_ add: Int64, fitting target: PhysicalType) -> Bounds? {
        switch self {
        case .integers(let low, let high, _):
            let (newLow, o1) = low.addingReportingOverflow(add), (newHigh, o2) = high.addingReportingOverflow(add)
            guard !o1, !o2 else { return nil }
            if target == .int64 { return .integers(newLow, newHigh, width: 8) }
            guard target == .int32, newLow >= Int64(Int32.min), newHigh <= Int64(Int32.max) else { return nil }
            return .integers(newLow, newHigh, width: 4)
        case .floats:
            return add == 0 ? self : nil
        }
    }

    var minBytes: [UInt8] {
        switch self {
        case .integers(let low, _, let width): return Swift.withUnsafeBytes(of: low.littleEndian) { Array($0.prefix(width)) }
        case .floats(let min, _): return min
        }
    }

    var maxBytes: [UInt8] {
        switch self {
        case .integers(_, let high, let width): return Swift.withUnsafeBytes(of: high.littleEndian) { Array($0.prefix(width)) }
        case .floats(_, let max): return max
        }
    }

    func accumulate(into accumulator: inout ColumnStatisticsAccumulator) {
        func load<T>(_ bytes: [UInt8], _: T.Type) -> T { bytes.withUnsafeBytes { $0.loadUnaligned(as: T.self) } }
        switch (self, accumulator) {
        case (.integers(let low, let high, _), .int64(var s)): s.update([low, high]); accumulator = .int64(s)
        case (.integers(let low, let high, _), .int32(var s)):
            s.update([Int32(truncatingIfNeeded: low), Int32(truncatingIfNeeded: high)])
            accumulator = .int32(s)
        case (.floats(let min, let max), .float(var s)):
            s.update([Float(bitPattern: load(min, UInt32.self)), Float(bitPattern: load(max, UInt32.self))])
            accumulator = .float(s)
        case (.floats(let min, let max), .double(var s)):
            s.update([Double(bitPattern: load(min, UInt64.self)), Double(bitPattern: load(max, UInt64.self))])
            accumulator = .double(s)
        default:
            break
        }
    }
}

/// PLAIN integers (a dictionary page's values) plus a constant, at another width.
enum PlainIntegers {
    /// `count` values of `width` bytes, read as `type` (signed or not), plus `add`, at `targetWidth`
    /// bytes; nil when the bytes hold another count or a value leaves the target's range.
    static func adding(_ add: Int64, to plain: [UInt8], count: Int, from type: DataType, width: Int, to targetWidth: Int) -> [UInt8]? {
        guard plain.count == count * width else { return nil }
        var out = [UInt8](repeating: 0, count: count * targetWidth)
        let unsigned = type.isInteger && !type.isSigned
        let fits = plain.withUnsafeBytes { source in
            out.withUnsafeMutableBytes { target in
                for i in 0..<count {
                    let value: Int64
                    if width == 4 {
                        let bits = source.loadUnaligned(fromByteOffset: i * 4, as: UInt32.self)
                        value = unsigned ? Int64(bits) : Int64(Int32(bitPattern: bits))
                    } else {
                        value = source.loadUnaligned(fromByteOffset: i * 8, as: Int64.self)
                    }
                    let (sum, overflow) = value.addingReportingOverflow(add)
                    if overflow { return false }
                    if targetWidth == 4 {
                        guard let narrow = Int32(exactly: sum) else { return false }
                        target.storeBytes(of: narrow.littleEndian, toByteOffset: i * 4, as: Int32.self)
                    } else {
                        target.storeBytes(of: sum.littleEndian, toByteOffset: i * 8, as: Int64.self)
                    }
                }
                return true
            }
        }
        return fits ? out : nil
    }
}

/// The first value of a DELTA_BINARY_PACKED page, which is all that adding a constant to its values changes.
enum DeltaFirstValue {
    static func adding(_ add: Int64, to page: [UInt8]) throws -> [UInt8] {
        try page.withUnsafeBytes { raw in
            var cursor = ByteCursor(raw)
            _ = try cursor.readULEB128("delta block size")
            _ = try cursor.readULEB128("delta miniblocks")
            _ = try cursor.readULEB128("delta value count")
            let headerEnd = cursor.position
            let first = try cursor.readZigZag("delta first value")
            var out = Array(page[..<headerEnd])
            out.reserveCapacity(page.count + 10)
            ByteWriter.appendZigZag(first &+ add, to: &out)
            out.append(contentsOf: page[cursor.position...])
            return out
        }
    }
}
