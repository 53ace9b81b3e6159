import Columnar

/// Rows to append to a table, delivered in batches so memory stays bounded by one batch.
public protocol BatchSource {
    /// How errors and provenance name the source, e.g. the file name.
    var displayName: String { get }
    /// The source file path recorded in provenance, if any.
    var path: String? { get }
    var schema: Schema { get }
    func forEachBatch(_ body: (RecordBatch) throws -> Void) throws
}
