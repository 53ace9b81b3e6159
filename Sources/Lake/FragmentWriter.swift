import Columnar
import Dispatch
import Foundation
import Parquet
import Storage

/// Cuts incoming batches into fragments of at most `config.fragmentRows` rows, writes each as one Parquet
/// object (all columns in one column group) into the content-addressed store, and returns their manifests.
/// Objects are durable before `finish` returns; until a commit names them they are unreachable, which is safe.
struct FragmentWriter {
    let schema: Schema
    let config: RepositoryConfig
    let objects: ContentAddressedStore

    /// Rows waiting for the current fragment: batches and the row range of each still to write.
    private var pending: [(batch: RecordBatch, rows: Range<Int>)] = []
    private var pendingRows = 0
    private(set) var written: [FragmentManifest] = []
    /// The last fragment's object, being hashed, written and fsynced on another thread while the next
    /// one is encoded (storing is mostly waiting on the disk); its manifest gets the hash once stored.
    private var storing: (object: ObjectStoring, manifest: ((hash: ObjectHash, blocks: BlockDigests?)) -> FragmentManifest)?
    /// How the first fragment's columns were compressed: later fragments do the same without trying.
    private var compression: [ChunkCompression?]? = nil

    init(schema: Schema, config: RepositoryConfig, objects: ContentAddressedStore) {
        self.schema = schema
        self.config = config
        self.objects = objects
    }

    mutating func append(_ batch: RecordBatch) throws {
        var start = 0
        while start < batch.rowCount {
            let take = min(batch.rowCount - start, config.fragmentRows - pendingRows)
            pending.append((batch, start..<(start + take)))
            pendingRows += take
            start += take
            if pendingRows == config.fragmentRows { try flush() }
        }
    }

    /// Writes what is pending and returns every fragment written, rowOffset 0 (the commit assigns offsets),
    /// once all their objects are durable.
    mutating func finish() throws -> [FragmentManifest] {
        if pendingRows > 0 { try flush() }
        try finishStoring()
        return written
    }

    private mutating func flush() throws {
        var options = ParquetWriteOptions()
        options.rowGroupRows = config.rowGroupRows
        options.pageBytes = config.pageBytes
        options.maxPageRows = config.pageRows
        // Bit-packed gene positions shrink by a few percent under zstd: not worth compressing at import
        // and decompressing on every read.
        options.minimumCompressionGain = 0.1
        var writer = try ParquetWriter(schema: schema, options: options)
        if let compression { writer.compression = compression }
        for (batch, rows) in pending { try writer.write(batch, rows: rows) }
        pending.removeAll()
        pendingRows = 0
        let result = try writer.finish()
        compression = writer.compression
        try finishStoring()
        let statistics = Dictionary(uniqueKeysWithValues: zip(schema.fields, result.statistics).map { field, stats in
            (field.name, ColumnStatistics(min: stats.min.map(\.description), max: stats.max.map(\.description), nullCount: stats.nullCount))
        })
        let (bytes, rows, columns) = (result.bytes.count, result.rows, schema.names)
        let (footer, columnIndex, offsetIndex) = (ByteRange(result.footer), result.columnIndex.map(ByteRange.init), result.offsetIndex.map(ByteRange.init))
        storing = (ObjectStoring(result.bytes, into: objects), { stored in
            let object = FragmentObject(hash: stored.hash, bytes: bytes, columns: columns, footer: footer, columnIndex: columnIndex,
                                        offsetIndex: offsetIndex, blocks: stored.blocks)
            return FragmentManifest(rowOffset: 0, rows: rows, objects: [object], statistics: statistics)
        })
    }

    /// Waits for the object in flight and records its fragment.
    private mutating func finishStoring() throws {
        guard let (object, manifest) = storing else { return }
        storing = nil
        written.append(manifest(try object.wait()))
    }
}

/// `ContentAddressedStore.put` of one object, and its block digests, on a thread of its own (not a shared
/// pool's: it mostly waits on fsync, and the pool's few threads are encoding); `wait` returns once it is
/// durable (or rethrows why it is not).
private final class ObjectStoring: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<(hash: ObjectHash, blocks: BlockDigests?), Error>?

    init(_ bytes: [UInt8], into objects: ContentAddressedStore) {
        Thread.detachNewThread {
            self.result = Result { (try objects.put(bytes), BlockDigests.of(bytes)) }
            self.done.signal()
        }
    }

    /// The object's hash and block digests, once it is durable.
    func wait() throws -> (hash: ObjectHash, blocks: BlockDigests?) {
        done.wait()
        done.signal()  // a second wait returns at once
        return try result!.get()
    }
}

extension ByteRange {
    init(_ range: Range<Int>) { self.init(offset: range.lowerBound, length: range.count) }
}
