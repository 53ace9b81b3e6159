import Columnar
import Dispatch
import Synchronization

/// Reads a flat Parquet file through ranged reads of a `ParquetByteSource`: the footer once, then only the
/// column chunks (or, for row ranges, only the pages) a call needs. Columns decode in parallel.
public final class ParquetFileReader {
    public let metadata: FileMetaData
    public let schema: Schema
    let source: any ParquetByteSource
    let columns: [ColumnDescriptor]
    /// Whether the columns of one read decode on several threads. A caller that already reads many
    /// files at once turns it off: for small row ranges the hand-off costs more than it saves.
    public var decodesColumnsConcurrently = true

    /// Per column chunk (row group × column): what row-range reads of it share.
    private struct ChunkCache {
        var pageLocations: [Int: [PageLocation]] = [:]
        var dictionaries: [Int: PhysicalValues] = [:]
        /// The bytes of `pageIndexSpan`, once read.
        var pageIndex: [UInt8]?
    }
    private let cache = Mutex(ChunkCache())
    /// Where every chunk's column and offset index lie, when writers put them side by side as usual
    /// (before the footer) and the span is small: a scattered read asks for three or four of them per row
    /// group, and one read of the span replaces those reads.
    private let pageIndexSpan: Range<Int>?

    /// `footer`: the FileMetaData byte range when the caller knows it (cairn's manifests record it), so that
    /// opening costs one ranged read; otherwise the 8-byte tail is read first.
    public init(source: any ParquetByteSource, footer: Range<Int>? = nil) throws {
        self.source = source
        let size = source.size
        let range: Range<Int>
        if let footer {
            guard footer.lowerBound >= 4, footer.upperBound + 8 == size else {
                throw ParquetError.corrupt("footer range \(footer.lowerBound)..<\(footer.upperBound) does not end 8 bytes before the end of the \(size)-byte file")
            }
            range = footer
        } else {
            guard size >= 12 else { throw ParquetError.corrupt("not a Parquet file: \(size) bytes is too short to hold PAR1 magic and a footer") }
            range = try FileFooter.metadataRange(tail: try source.read((size - 8)..<size), fileSize: size)
        }
        let metadata = try FileFooter.decode(try source.read(range))
        self.metadata = metadata
        columns = try ParquetSchemaMapping.columns(of: metadata.schema)
        schema = Schema(columns.map(\.field))
        var total: Int64 = 0
        for (g, group) in metadata.rowGroups.enumerated() {
            guard group.columns.count == columns.count else {
                throw ParquetError.corrupt("row group \(g) has \(group.columns.count) column chunks for \(columns.count) columns")
            }
            let (sum, overflow) = total.addingReportingOverflow(group.numRows)
            guard !overflow else { throw ParquetError.corrupt("row counts overflow") }
            total = sum
        }
        guard total == metadata.numRows else {
            throw ParquetError.corrupt("row groups hold \(total) rows, the footer says \(metadata.numRows)")
        }
        var low = Int64.max, high = Int64.min
        for chunk in metadata.rowGroups.lazy.flatMap(\.columns) {
            for (offset, length) in [(chunk.columnIndexOffset, chunk.columnIndexLength), (chunk.offsetIndexOffset, chunk.offsetIndexLength)] {
                guard let offset, let length, offset >= 0, length > 0 else { continue }
                let (end, overflow) = offset.addingReportingOverflow(Int64(length))
                guard !overflow else { continue }
                low = min(low, offset)
                high = max(high, end)
            }
        }
        pageIndexSpan = low < high && high <= Int64(size) && high - low <= 4 << 20 ? Int(low)..<Int(high) : nil
    }

    public var rowCount: Int { Int(metadata.numRows) }
    public var rowGroupCount: Int { metadata.rowGroups.count }

    /// Rows of each row group, in order.
    public var rowGroupRows: [Int] { metadata.rowGroups.map { Int($0.numRows) } }

    public func readRowGroup(_ index: Int, columns names: [String]? = nil) throws -> RecordBatch {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError.invalidArgument("no row group \(index) (the file has \(rowGroupCount))")
        }
        let selected = try resolve(names)
        let rows = Int(metadata.rowGroups[index].numRows)
        let decoded = try decodeConcurrently(selected) { c in
            let (_, meta) = try self.chunk(index, c)
            let bytes = try self.source.read(try self.chunkRange(meta, column: c))
            return try ColumnChunkReader(descriptor: self.columns[c], codec: meta.codec).read(bytes, rows: rows)
        }
        return RecordBatch(schema: Schema(selected.map { self.columns[$0].field }), columns: decoded)
    }

    /// Row group `index`'s chunks of the named columns, as stored (to copy into another file).
    public func storedRowGroup(_ index: Int, columns names: [String]) throws -> StoredRowGroup {
        guard metadata.rowGroups.indices.contains(index) else {
            throw ParquetError.invalidArgument("no row group \(index) (the file has \(rowGroupCount))")
        }
        let chunks = try resolve(names).map { c in
            let (_, meta) = try chunk(index, c)
            return StoredRowGroup.Chunk(field: columns[c].field, physicalType: columns[c].physicalType, metaData: meta,
                                        bytes: try source.read(try chunkRange(meta, column: c)))
        }
        return StoredRowGroup(rows: Int(metadata.rowGroups[index].numRows), chunks: chunks)
    }

    /// Rows `rows` (default all) of the named columns (default all, in schema order). With a page index,
    /// only the pages overlapping the range are fetched and decoded.
    public func read(columns names: [String]? = nil, rows: Range<Int>? = nil) throws -> RecordBatch {
        let selected = try resolve(names)
        let wanted = rows ?? 0..<rowCount
        guard wanted.lowerBound >= 0, wanted.upperBound <= rowCount else {
            throw ParquetError.invalidArgument("rows \(wanted.lowerBound)..<\(wanted.upperBound) outside the file's \(rowCount) rows")
        }
        let outSchema = Schema(selected.map { columns[$0].field })
        var parts: [RecordBatch] = []
        var groupStart = 0
        for (g, group) in metadata.rowGroups.enumerated() {
            let groupRows = Int(group.numRows)
            defer { groupStart += groupRows }
            let lo = max(wanted.lowerBound, groupStart) - groupStart
            let hi = min(wanted.upperBound, groupStart + groupRows) - groupStart
            guard lo < hi else { continue }
            if lo == 0 && hi == groupRows {
                parts.append(try readRowGroup(g, columns: names))
                continue
            }
            let decoded = try decodeConcurrently(selected) { c in try self.readRanges([lo..<hi], group: g, column: c) }
            parts.append(RecordBatch(schema: outSchema, columns: decoded))
        }
        if parts.count == 1 { return parts[0] }
        return RecordBatch.concatenate(parts, schema: outSchema)
    }

    /// Rows `ranges` of row group `group` (group-local, ascending, not overlapping) of the named columns,
    /// one after another. With a page index, only the pages holding them are fetched and decompressed,
    /// each once however many ranges it holds, and a page is decoded up to its last wanted row: a
    /// scattered read decodes little more than it keeps.
    public func read(columns names: [String]? = nil, group: Int, ranges: [Range<Int>]) throws -> RecordBatch {
        guard metadata.rowGroups.indices.contains(group) else {
            throw ParquetError.invalidArgument("no row group \(group) (the file has \(rowGroupCount))")
        }
        let groupRows = Int(metadata.rowGroups[group].numRows)
        var previous = 0
        for range in ranges {
            guard range.lowerBound >= previous, range.upperBound <= groupRows else {
                throw ParquetError.invalidArgument("row ranges must ascend within the row group's \(groupRows) rows")
            }
            previous = range.upperBound
        }
        let ranges = ranges.filter { !$0.isEmpty }
        if ranges == [0..<groupRows] { return try readRowGroup(group, columns: names) }
        let selected = try resolve(names)
        let decoded = try decodeConcurrently(selected) { c in try self.readRanges(ranges, group: group, column: c) }
        return RecordBatch(schema: Schema(selected.map { columns[$0].field }), columns: decoded)
    }

    /// The rows (row-group-local) each page of one column chunk covers, with the page's min and max
    /// statistics when the chunk has a ColumnIndex; nil when the chunk has no page index.
    public func pages(group: Int, column name: String) throws -> [(rows: Range<Int>, min: [UInt8]?, max: [UInt8]?)]? {
        try pages(group: group, column: name) { thrift -> [(min: [UInt8], max: [UInt8])?] in
            let index = try ColumnIndex(from: &thrift)
            return index.nullPages.indices.map { index.nullPages[$0] ? nil : (index.minValues[$0], index.maxValues[$0]) }
        }.map { pages in pages.map { ($0.rows, $0.bounds?.min, $0.bounds?.max) } }
    }

    /// As `pages`, each page's statistics read as the little-endian integers of a fixed-width column (no
    /// array per page: a scattered read of a large file asks for thousands).
    public func integerPages(group: Int, column name: String) throws -> [(rows: Range<Int>, min: UInt64?, max: UInt64?)]? {
        try pages(group: group, column: name) { try ColumnIndex.integerBounds(from: &$0) }
            .map { pages in pages.map { ($0.rows, $0.bounds?.min, $0.bounds?.max) } }
    }

    private func pages<Bound>(group: Int, column name: String, bounds decode: (inout ThriftCompactReader) throws -> [(min: Bound, max: Bound)?])
        throws -> [(rows: Range<Int>, bounds: (min: Bound, max: Bound)?)]? {
        guard let c = columns.firstIndex(where: { $0.field.name == name }) else {
            throw ParquetError.invalidArgument("no column '\(name)'")
        }
        let (chunk, _) = try self.chunk(group, c)
        guard let offset = chunk.offsetIndexOffset, let length = chunk.offsetIndexLength, length > 0 else { return nil }
        let locations = try pageLocations(group: group, column: c, offset: offset, length: length)
        var bounds: [(min: Bound, max: Bound)?]?
        if let offset = chunk.columnIndexOffset, let length = chunk.columnIndexLength, length > 0 {
            var thrift = ThriftCompactReader(try pageIndexBytes(try checkedRange(offset, Int64(length), what: "column index")))
            bounds = try decode(&thrift)
            if bounds?.count != locations.count { bounds = nil }
        }
        let groupRows = Int(metadata.rowGroups[group].numRows)
        return try locations.indices.map { i in
            let start = Int(locations[i].firstRowIndex)
            let end = i + 1 < locations.count ? Int(locations[i + 1].firstRowIndex) : groupRows
            guard start <= end, end <= groupRows else { throw ParquetError.corrupt("column '\(name)': offset index rows out of order") }
            return (start..<end, bounds?[i] ?? nil)
        }
    }

    /// Rows `ranges` (non-empty, ascending) of one column chunk: the pages holding them, fetched a run of
    /// adjacent pages at a time.
    private func readRanges(_ ranges: [Range<Int>], group: Int, column c: Int) throws -> Column {
        let (chunk, meta) = try self.chunk(group, c)
        let reader = ColumnChunkReader(descriptor: columns[c], codec: meta.codec)
        let groupRows = Int(metadata.rowGroups[group].numRows)
        guard !ranges.isEmpty else { return Column.empty(columns[c].field.type) }
        guard let offset = chunk.offsetIndexOffset, let length = chunk.offsetIndexLength, length > 0 else {
            let bytes = try source.read(try chunkRange(meta, column: c))
            return try reader.read(bytes, rows: groupRows).gather(runs: ranges)
        }
        let locations = try pageLocations(group: group, column: c, offset: offset, length: length)
        let chunkBytes = try chunkRange(meta, column: c)
        let dictionary = try self.dictionary(group: group, column: c, meta: meta, before: locations.first, reader: reader)
        // Each page's kept rows; pages keeping none split the chunk into runs fetched one read each.
        var runs: [PageRun] = []
        var span: Range<Int>?
        var pageRows: [Int] = [], kept: [[Range<Int>]] = []
        func closeRun() throws {
            guard let bytes = span else { return }
            runs.append(PageRun(bytes: try source.read(bytes), pageRows: pageRows, kept: kept))
            (span, pageRows, kept) = (nil, [], [])
        }
        var next = 0
        for (i, location) in locations.enumerated() {
            let start = Int(location.firstRowIndex)
            let end = i + 1 < locations.count ? Int(locations[i + 1].firstRowIndex) : groupRows
            guard start <= end, end <= groupRows, (i == 0) == (start == 0) || i > 0 else {
                throw ParquetError.corrupt("column '\(columns[c].field.name)': offset index rows out of order")
            }
            while next < ranges.count && ranges[next].upperBound <= start { next += 1 }
            var keep: [Range<Int>] = []
            var k = next
            while k < ranges.count && ranges[k].lowerBound < end {
                keep.append((max(ranges[k].lowerBound, start) - start)..<(min(ranges[k].upperBound, end) - start))
                k += 1
            }
            guard !keep.isEmpty else {
                try closeRun()
                continue
            }
            // Checked before the range is formed: a hostile offset or size must not overflow or invert it.
            let offset = Int(location.offset), size = Int(location.compressedPageSize)
            guard offset >= chunkBytes.lowerBound, size > 0, size <= chunkBytes.upperBound - offset else {
                throw ParquetError.corrupt("column '\(columns[c].field.name)': offset index points outside its column chunk")
            }
            let bytes = offset..<(offset + size)
            if let open = span, open.upperBound == bytes.lowerBound { span = open.lowerBound..<bytes.upperBound }
            else {
                try closeRun()
                span = bytes
            }
            pageRows.append(end - start)
            kept.append(keep)
        }
        try closeRun()
        let covered = runs.reduce(0) { $0 + $1.keptRows }
        guard covered == ranges.reduce(0, { $0 + $1.count }) else {
            throw ParquetError.corrupt("column '\(columns[c].field.name)': offset index covers fewer rows than requested")
        }
        return try reader.read(kept: runs, dictionary: dictionary)
    }

    /// The chunk's dictionary (decoded once per chunk and shared by its range reads), when it has a
    /// dictionary page before its first data page.
    private func dictionary(group: Int, column c: Int, meta: ColumnMetaData, before first: PageLocation?,
                            reader: ColumnChunkReader) throws -> PhysicalValues? {
        guard let first, let dictionaryOffset = meta.dictionaryPageOffset, dictionaryOffset > 0, Int(dictionaryOffset) < Int(first.offset) else {
            return nil
        }
        let dictionaryRange = Int(dictionaryOffset)..<Int(first.offset)
        guard dictionaryRange.lowerBound >= (try chunkRange(meta, column: c)).lowerBound else {
            throw ParquetError.corrupt("column '\(columns[c].field.name)': dictionary page outside its column chunk")
        }
        let key = group * columns.count + c
        if let cached = cache.withLock({ $0.dictionaries[key] }) { return cached }
        let dictionary = try reader.readDictionary(try source.read(dictionaryRange))
        cache.withLock { $0.dictionaries[key] = dictionary }
        return dictionary
    }

    /// A chunk's OffsetIndex, decoded once: reading many row ranges of one row group (a scattered slice)
    /// would otherwise fetch and parse it again for every range, and the dictionary page likewise.
    private func pageLocations(group: Int, column c: Int, offset: Int64, length: Int32) throws -> [PageLocation] {
        let key = group * columns.count + c
        if let cached = cache.withLock({ $0.pageLocations[key] }) { return cached }
        var thrift = ThriftCompactReader(try pageIndexBytes(try checkedRange(offset, Int64(length), what: "offset index")))
        let locations = try OffsetIndex(from: &thrift).pageLocations
        cache.withLock { $0.pageLocations[key] = locations }
        return locations
    }

    /// Bytes `range` of a column or offset index: from the span read whole on first use when it holds them.
    private func pageIndexBytes(_ range: Range<Int>) throws -> [UInt8] {
        guard let span = pageIndexSpan, span.lowerBound <= range.lowerBound, range.upperBound <= span.upperBound else {
            return try source.read(range)
        }
        // Read under the lock: the columns of one row group are decoded side by side, and each would
        // otherwise read the whole span on first use.
        let bytes = try cache.withLock { cache -> [UInt8] in
            if let cached = cache.pageIndex { return cached }
            let bytes = try source.read(span)
            cache.pageIndex = bytes
            return bytes
        }
        return Array(bytes[(range.lowerBound - span.lowerBound)..<(range.upperBound - span.lowerBound)])
    }

    private func resolve(_ names: [String]?) throws -> [Int] {
        guard let names else { return Array(columns.indices) }
        return try names.map { name in
            guard let i = columns.firstIndex(where: { $0.field.name == name }) else { throw ParquetError.invalidArgument("no column '\(name)'") }
            return i
        }
    }

    private func chunk(_ group: Int, _ column: Int) throws -> (ColumnChunk, ColumnMetaData) {
        let chunk = metadata.rowGroups[group].columns[column]
        guard let meta = chunk.metaData else {
            throw ParquetError.unsupported("column chunk of '\(columns[column].field.name)' without inline metadata")
        }
        guard chunk.filePath == nil else { throw ParquetError.unsupported("column chunks in other files") }
        guard meta.type == columns[column].physicalType else {
            throw ParquetError.corrupt("column '\(columns[column].field.name)': chunk type \(meta.type) differs from the schema")
        }
        guard meta.numValues == metadata.rowGroups[group].numRows else {
            throw ParquetError.corrupt("column '\(columns[column].field.name)': \(meta.numValues) values in a row group of \(metadata.rowGroups[group].numRows) rows")
        }
        return (chunk, meta)
    }

    /// The chunk's bytes: from its dictionary page (when it has one) or first data page, for its compressed size.
    private func chunkRange(_ meta: ColumnMetaData, column: Int) throws -> Range<Int> {
        var start = meta.dataPageOffset
        // Some writers put 0 in dictionary_page_offset when there is none.
        if let dictionary = meta.dictionaryPageOffset, dictionary > 0, dictionary < start { start = dictionary }
        return try checkedRange(start, meta.totalCompressedSize, what: "column chunk '\(columns[column].field.name)'")
    }

    private func checkedRange(_ offset: Int64, _ length: Int64, what: String) throws -> Range<Int> {
        let (end, overflow) = offset.addingReportingOverflow(length)
        guard offset >= 0, length >= 0, !overflow, end <= Int64(source.size) else {
            throw ParquetError.corrupt("\(what) at \(offset)+\(length) lies outside the \(source.size)-byte file")
        }
        return Int(offset)..<Int(end)
    }

    /// Runs `body` for each selected column on both cores and returns the columns in order.
    private func decodeConcurrently(_ selected: [Int], _ body: @escaping @Sendable (Int) throws -> Column) throws -> [Column] {
        if selected.count == 1 || !decodesColumnsConcurrently { return try selected.map { try body($0) } }
        let results = ConcurrentSlots<Column>(count: selected.count)
        DispatchQueue.concurrentPerform(iterations: selected.count) { i in
            results.set(i, Result { try body(selected[i]) })
        }
        return try (0..<selected.count).map { try results.get($0) }
    }
}

extension ParquetFileReader: @unchecked Sendable {}
