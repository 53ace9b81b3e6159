import Columnar

/// A single-cell file to import as one dataset (an .h5ad, a 10x matrix directory or .h5).
public protocol SingleCellSource {
    /// The file name, for messages.
    var displayName: String { get }
    /// The path recorded in provenance (its bytes are hashed).
    var path: String { get }
    /// "h5ad", "10x-mtx", "10x-h5".
    var format: String { get }
    var cellCount: Int { get }
    var featureCount: Int { get }
    /// The stored type of X, kept as it is.
    var valueType: DataType { get }
    /// obs: `obs_name` first, then every obs column in order.
    func observations() throws -> SourceFrame
    /// var: `var_name` first, then every var column in order.
    func features() throws -> SourceFrame
    /// X in chunks of whole rows, in row order.
    func forEachRowChunk(_ body: (SparseRows) throws -> Void) throws
    /// Other matrices of the same shape (AnnData layers), by name, in a stable order.
    var layerNames: [String] { get }
    func layerValueType(_ name: String) throws -> DataType
    func forEachLayerChunk(_ name: String, _ body: (SparseRows) throws -> Void) throws
    /// Everything else the file holds that an export should give back (AnnData's raw, obsm, varm, obsp,
    /// varp, uns) as an opaque archive, with the top-level names it covers and what it could not keep.
    func auxiliaryElements() throws -> AuxiliaryElements?
}

public struct AuxiliaryElements: Sendable {
    public var bytes: [UInt8]
    public var roots: [String]
    public var skipped: [String]

    public init(bytes: [UInt8], roots: [String], skipped: [String]) {
        self.bytes = bytes
        self.roots = roots
        self.skipped = skipped
    }
}

extension SingleCellSource {
    public var layerNames: [String] { [] }
    public func layerValueType(_ name: String) throws -> DataType { valueType }
    public func forEachLayerChunk(_ name: String, _ body: (SparseRows) throws -> Void) throws {}
    public func auxiliaryElements() throws -> AuxiliaryElements? { nil }
}

/// obs or var as read from a source: the rows, the index's original name, and category orders.
public struct SourceFrame: Sendable {
    public var batch: RecordBatch
    public var indexName: String
    public var categories: [String: CategoryOrder]

    public init(batch: RecordBatch, indexName: String, categories: [String: CategoryOrder]) {
        self.batch = batch
        self.indexName = indexName
        self.categories = categories
    }
}

public struct CategoryOrder: Hashable, Sendable, Codable {
    public var values: [String]
    public var ordered: Bool

    public init(values: [String], ordered: Bool) {
        self.values = values
        self.ordered = ordered
    }
}
