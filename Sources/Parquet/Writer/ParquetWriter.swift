import Columnar
import Dispatch

/// Writes a Parquet file (into memory, or handed out as it grows: `takeWrittenBytes`) from record batches:
/// row groups of `rowGroupRows` rows, each column chunk encoded by `ColumnChunkWriter` (columns in
/// parallel), then the page index and the footer.
public struct ParquetWriter {
    public let schema: Schema
    public let options: ParquetWriteOptions

    private let elements: [SchemaElement]
    private var out: [UInt8] = FileFooter.magic
    /// Bytes already handed out by `takeWrittenBytes` (they precede `out` in the file).
    private var taken = 0
    /// Where the next byte goes in the file.
    private var position: Int { taken + out.count }
    /// Rows waiting for the current row group: batches and the row range of each still to write.
    private var pending: [(batch: RecordBatch, rows: Range<Int>)] = []
    private var pendingRows = 0
    private var rowGroups: [RowGroup] = []
    private var columnIndexes: [[ColumnIndex?]] = []
    private var offsetIndexes: [[OffsetIndex]] = []
    private var fileStatistics: [ColumnStatisticsAccumulator]
    private var rows = 0
    /// Per column, how its chunks are compressed once the first chunk has decided (or as set beforehand,
    /// say from an earlier file of the same columns): later chunks skip trying.
    public var compression: [ChunkCompression?]

    public init(schema: Schema, options: ParquetWriteOptions = ParquetWriteOptions()) throws {
        guard !schema.fields.isEmpty else { throw ParquetError.invalidArgument("a Parquet file needs at least one column") }
        if let duplicate = Dictionary(grouping: schema.names, by: { $0 }).first(where: { $0.value.count > 1 })?.key {
            throw ParquetError.invalidArgument("column '\(duplicate)' appears twice")
        }
        guard options.rowGroupRows > 0, options.pageBytes > 0, options.maxPageRows > 0 else {
            throw ParquetError.invalidArgument("row group rows, page bytes and page rows must be positive")
        }
        switch options.compression {
        case .uncompressed, .zstd, .snappy, .gzip: break
        default: throw ParquetError.unsupported("compression codec \(options.compression)")
        }
        self.schema = schema
        self.options = options
        self.elements = ParquetSchemaBuilder.elements(for: schema)
        self.fileStatistics = schema.fields.map { ColumnStatisticsAccumulator(for: $0.type) }
        self.compression = Array(repeating: nil, count: schema.fields.count)
    }

    public mutating func write(_ batch: RecordBatch) throws {
        try write(batch, rows: 0..<batch.rowCount)
    }

    /// Writes rows `rows` of `batch`, without slicing it first.
    public mutating func write(_ batch: RecordBatch, rows: Range<Int>) throws {
        guard rows.lowerBound >= 0, rows.upperBound <= batch.rowCount else {
            throw ParquetError.invalidArgument("rows \(rows) of a batch of \(batch.rowCount)")
        }
        guard batch.schema.fields.count == schema.fields.count else {
            throw ParquetError.invalidArgument("batch has \(batch.schema.fields.count) columns, the file \(schema.fields.count)")
        }
        for (got, want) in zip(batch.schema.fields, schema.fields) where got.name != want.name || got.type != want.type {
            throw ParquetError.invalidArgument("batch column '\(got.name)' (\(got.type)) does not match file column '\(want.name)' (\(want.type))")
        }
        // Ranges, not slices: a large batch is cut into row groups without copying it. Every row group the
        // batch completes is encoded at once, so a large batch keeps all cores busy.
        var complete: [(batch: RecordBatch, rows: Range<Int>)] = []
        var start = rows.lowerBound
        while start < rows.upperBound {
            let take = min(rows.upperBound - start, options.rowGroupRows - pendingRows)
            pending.append((batch, start..<(start + take)))
            pendingRows += take
            start += take
            if pendingRows == options.rowGroupRows { complete.append(takePending()) }
        }
        try flush(complete)
    }

    /// Writes a row group copied from another file (`StoredRowGroup.copied`), after the rows written so far.
    public mutating func append(_ group: CopiedRowGroup) throws {
        guard group.chunks.count == schema.fields.count,
              zip(group.chunks, schema.fields).allSatisfy({ $0.metaData.pathInSchema == [$1.name] }) else {
            throw ParquetError.invalidArgument("a copied row group's columns differ from the file's")
        }
        if pendingRows > 0 { try flush([takePending()]) }
        place(group.chunks, rows: group.rows)
    }

    /// The bytes written so far and not taken before, dropped from memory: a caller streaming a large file
    /// to disk takes them after each write, and `finish` then returns only the rest.
    public mutating func takeWrittenBytes() -> [UInt8] {
        let bytes = out
        taken += out.count
        out = []
        return bytes
    }

    public mutating func finish() throws -> ParquetWriteResult {
        if pendingRows > 0 || rowGroups.isEmpty { try flush([takePending()]) }
        var columnIndexRange: Range<Int>?
        var offsetIndexRange: Range<Int>?
        if options.pageIndex {
            let start = position
            for g in rowGroups.indices {
                for c in rowGroups[g].columns.indices {
                    guard let index = columnIndexes[g][c] else { continue }
                    let offset = position
                    var w = ThriftCompactWriter()
                    index.encode(to: &w)
                    out.append(contentsOf: w.bytes)
                    rowGroups[g].columns[c].columnIndexOffset = Int64(offset)
                    rowGroups[g].columns[c].columnIndexLength = Int32(w.bytes.count)
                }
            }
            if position > start { columnIndexRange = start..<position }
            let offsetStart = position
            for g in rowGroups.indices {
                for c in rowGroups[g].columns.indices {
                    let offset = position
                    var w = ThriftCompactWriter()
                    offsetIndexes[g][c].encode(to: &w)
                    out.append(contentsOf: w.bytes)
                    rowGroups[g].columns[c].offsetIndexOffset = Int64(offset)
                    rowGroups[g].columns[c].offsetIndexLength = Int32(w.bytes.count)
                }
            }
            offsetIndexRange = offsetStart..<position
        }
        let metadata = FileMetaData(
            version: 2, schema: elements, numRows: Int64(rows), rowGroups: rowGroups,
            keyValueMetadata: options.keyValueMetadata.isEmpty ? nil
                : options.keyValueMetadata.sorted { $0.key < $1.key }.map { KeyValue(key: $0.key, value: $0.value) },
            createdBy: "cairn version 0.1.0", typeDefinedColumnOrders: schema.fields.count)
        let (footer, tail) = FileFooter.encode(metadata)
        let footerStart = position
        out.append(contentsOf: footer)
        out.append(contentsOf: tail)
        let statistics = zip(schema.fields, fileStatistics).map { field, stats in
            let (min, max) = stats.bounds(for: field.type)
            return ParquetColumnStatistics(min: min, max: max, nullCount: stats.nullCount)
        }
        let bytes = out
        out = []
        return ParquetWriteResult(bytes: bytes, rows: rows, footer: footerStart..<(footerStart + footer.count),
                                  columnIndex: columnIndexRange, offsetIndex: offsetIndexRange, statistics: statistics)
    }

    /// The pending rows as one batch and range, copied together only when they came in several pieces.
    private mutating func takePending() -> (batch: RecordBatch, rows: Range<Int>) {
        defer {
            pending.removeAll()
            pendingRows = 0
        }
        if pending.count == 1 { return pending[0] }
        var columns = schema.fields.map { Column.empty($0.type) }
        for (piece, rows) in pending {
            for i in columns.indices { columns[i].append(contentsOf: piece.columns[i].slice(rows)) }
        }
        return (RecordBatch(schema: schema, columns: columns), 0..<pendingRows)
    }

    /// Encodes row groups: every column chunk of every group is independent, so all are encoded
    /// concurrently, then placed in order.
    private mutating func flush(_ groups: [(batch: RecordBatch, rows: Range<Int>)]) throws {
        guard !groups.isEmpty else { return }
        let writers = zip(schema.fields, elements.dropFirst()).map { field, element in
            ColumnChunkWriter(field: field, physicalType: element.type!, options: options)
        }
        let columnCount = writers.count
        let results = ConcurrentSlots<EncodedColumnChunk>(count: groups.count * columnCount)
        let presets = compression
        DispatchQueue.concurrentPerform(iterations: groups.count * columnCount) { job in
            let (g, i) = job.quotientAndRemainder(dividingBy: columnCount)
            results.set(job, Result { try writers[i].write(groups[g].batch.columns[i], rows: groups[g].rows, compression: presets[i]) })
        }
        for (g, group) in groups.enumerated() {
            var chunks: [EncodedColumnChunk] = []
            for i in writers.indices {
                let encoded = try results.get(g * columnCount + i)
                if compression[i] == nil { compression[i] = encoded.compression }
                chunks.append(encoded)
            }
            place(chunks, rows: group.rows.count)
        }
    }

    /// Appends one row group's encoded chunks, in column order.
    private mutating func place(_ encodedChunks: [EncodedColumnChunk], rows groupRows: Int) {
        let groupStart = position
        var chunks: [ColumnChunk] = []
        var groupIndexes: [ColumnIndex?] = []
        var groupOffsets: [OffsetIndex] = []
        var uncompressedTotal: Int64 = 0
        for (i, chunk) in encodedChunks.enumerated() {
            var encoded = chunk
            let base = Int64(position)
            encoded.relocate(to: base)
            out.append(contentsOf: encoded.bytes)
            fileStatistics[i].merge(encoded.statistics)
            uncompressedTotal += encoded.metaData.totalUncompressedSize
            chunks.append(ColumnChunk(fileOffset: base, metaData: encoded.metaData))
            groupIndexes.append(encoded.columnIndex)
            groupOffsets.append(OffsetIndex(pageLocations: encoded.pageLocations))
        }
        rowGroups.append(RowGroup(columns: chunks, totalByteSize: uncompressedTotal, numRows: Int64(groupRows),
                                  fileOffset: Int64(groupStart), totalCompressedSize: Int64(position - groupStart),
                                  ordinal: Int16(truncatingIfNeeded: rowGroups.count)))
        columnIndexes.append(groupIndexes)
        offsetIndexes.append(groupOffsets)
        rows += groupRows
    }
}
