import Columnar
import Parquet
import Storage

/// Cuts incoming batches into fragments of at most `config.fragmentRows` rows, writes each as one Parquet
/// object (all columns in one column group) into the content-addressed store, and returns their manifests.
/// Objects are durable before this returns; until a commit names them they are unreachable, which is safe.
struct FragmentWriter {
    let schema: Schema
    let config: RepositoryConfig
    let objects: ContentAddressedStore

    private var pending: [RecordBatch] = []
    private var pendingRows = 0
    private(set) var written: [FragmentManifest] = []

    init(schema: Schema, config: RepositoryConfig, objects: ContentAddressedStore) {
        self.schema = schema
        self.config = config
        self.objects = objects
    }

    mutating func append(_ batch: RecordBatch) throws {
        var start = 0
        while start < batch.rowCount {
            let take = min(batch.rowCount - start, config.fragmentRows - pendingRows)
            pending.append(start == 0 && take == batch.rowCount ? batch : batch.slice(start..<(start + take)))
            pendingRows += take
            start += take
            if pendingRows == config.fragmentRows { try flush() }
        }
    }

    /// Writes what is pending and returns every fragment written, rowOffset 0 (the commit assigns offsets).
    mutating func finish() throws -> [FragmentManifest] {
        if pendingRows > 0 { try flush() }
        return written
    }

    private mutating func flush() throws {
        var options = ParquetWriteOptions()
        options.rowGroupRows = config.rowGroupRows
        options.pageBytes = config.pageBytes
        options.maxPageRows = config.pageRows
        var writer = try ParquetWriter(schema: schema, options: options)
        for batch in pending { try writer.write(batch) }
        let result = try writer.finish()
        let hash = try objects.put(result.bytes)
        var statistics: [String: ColumnStatistics] = [:]
        for (field, stats) in zip(schema.fields, result.statistics) {
            statistics[field.name] = ColumnStatistics(min: stats.min.map(\.description), max: stats.max.map(\.description),
                                                      nullCount: stats.nullCount)
        }
        let object = FragmentObject(hash: hash, bytes: result.bytes.count, columns: schema.names,
                                    footer: ByteRange(result.footer), columnIndex: result.columnIndex.map(ByteRange.init),
                                    offsetIndex: result.offsetIndex.map(ByteRange.init))
        written.append(FragmentManifest(rowOffset: 0, rows: result.rows, objects: [object], statistics: statistics))
        pending.removeAll()
        pendingRows = 0
    }
}

extension ByteRange {
    init(_ range: Range<Int>) { self.init(offset: range.lowerBound, length: range.count) }
}
