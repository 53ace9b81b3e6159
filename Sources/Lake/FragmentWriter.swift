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
    /// The columns that try dictionary encoding (nil: all).
    var dictionaryColumns: Set<String>? = nil

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

    /// Writes every page uncompressed instead of trying zstd on the first fragment's.
    mutating func leaveUncompressed() { compression = Self.uncompressed(schema) }

    /// Every column of `schema` uncompressed, as `encode` takes it.
    static func uncompressed(_ schema: Schema) -> [ChunkCompression?] {
        Array(repeating: ChunkCompression(codec: .uncompressed, entropyOnly: false), count: schema.fields.count)
    }

    /// Writes what is pending and returns every fragment written, rowOffset 0 (the commit assigns offsets),
    /// once all their objects are durable.
    mutating func finish() throws -> [FragmentManifest] {
        if pendingRows > 0 { try flush() }
        try finishStoring()
        return written
    }

    private mutating func flush() throws {
        let encoded = try Self.encode(pending, schema: schema, config: config, dictionaryColumns: dictionaryColumns, compression: &compression)
        pending.removeAll()
        pendingRows = 0
        try finishStoring()
        storing = (ObjectStoring(encoded.result.bytes, into: objects), encoded.manifest)
    }

    /// One fragment's object, encoded but not stored, and its manifest once stored.
    struct EncodedFragment {
        let result: ParquetWriteResult
        let manifest: ((hash: ObjectHash, blocks: BlockDigests?)) -> FragmentManifest

        /// Stores the object (durable on return) and gives the fragment's manifest (row offset 0).
        func store(into objects: ContentAddressedStore) throws -> FragmentManifest {
            manifest((try objects.put(result.bytes), BlockDigests.of(result.bytes)))
        }
    }

    /// Encodes `rows` of `batches` as one fragment's Parquet object, with the repository's layout; on any
    /// thread. `compression`, when set, is how columns compress (else decided here and set).
    static func encode(_ batches: [(batch: RecordBatch, rows: Range<Int>)], schema: Schema, config: RepositoryConfig,
                       dictionaryColumns: Set<String>?, compression: inout [ChunkCompression?]?) throws -> EncodedFragment {
        var options = ParquetWriteOptions()
        options.rowGroupRows = config.rowGroupRows
        options.pageBytes = config.pageBytes
        options.maxPageRows = config.pageRows
        // Bit-packed gene positions shrink by a few percent under zstd: not worth compressing at import
        // and decompressing on every read.
        options.minimumCompressionGain = 0.1
        options.dictionaryColumns = dictionaryColumns
        var writer = try ParquetWriter(schema: schema, options: options)
        if let compression { writer.compression = compression }
        for (batch, rows) in batches { try writer.write(batch, rows: rows) }
        let result = try writer.finish()
        compression = writer.compression
        let statistics = Dictionary(uniqueKeysWithValues: zip(schema.fields, result.statistics).enumerated().map { i, entry in
            let (field, stats) = entry
            // Whether float values are whole (counts as h5ad stores them): streams then send them as the
            // narrowest integers and tokenizers need not check each one.
            let integral = field.type.isFloatingPoint ? batches.allSatisfy { $0.batch.columns[i].holdsWholeNumbers($0.rows) } : nil
            return (field.name, ColumnStatistics(min: stats.min.map(\.description), max: stats.max.map(\.description), nullCount: stats.nullCount,
                                                 integral: integral))
        })
        let (bytes, rows, columns) = (result.bytes.count, result.rows, schema.names)
        let (footer, columnIndex, offsetIndex) = (ByteRange(result.footer), result.columnIndex.map(ByteRange.init), result.offsetIndex.map(ByteRange.init))
        return EncodedFragment(result: result) { stored in
            let object = FragmentObject(hash: stored.hash, bytes: bytes, columns: columns, footer: footer, columnIndex: columnIndex,
                                        offsetIndex: offsetIndex, blocks: stored.blocks)
            return FragmentManifest(rowOffset: 0, rows: rows, objects: [object], statistics: statistics)
        }
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
