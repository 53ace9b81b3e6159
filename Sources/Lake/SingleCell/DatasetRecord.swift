import Columnar

/// `datasets/<name>.json`: one imported source and everything needed to turn its fragments' local rows and
/// panel positions into global ids, and to export it back as it was.
public struct DatasetRecord: Codable, Hashable, Sendable {
    public static let formatVersion = 1

    public var formatVersion: Int
    public var name: String
    public var format: String
    public var source: String
    public var sha256: String
    public var cells: Int
    public var genes: Int
    public var nonZeros: Int
    /// The `cell_id` of this dataset's first cell; its cells are `cellOffset ..< cellOffset + cells`.
    public var cellOffset: Int
    /// Panel position → `gene_id` in the global registry.
    public var panel: [Int] {
        get { storedPanel.ids }
        set { storedPanel.ids = newValue }
    }
    var storedPanel: GenePanel
    /// The stored type of X.
    public var valueType: DataType
    public var obsIndexName: String
    public var varIndexName: String
    /// Source column types and category orders, for a faithful export.
    public var obsColumns: [Field]
    public var varColumns: [Field]
    public var categories: [String: CategoryOrder]
    public var duplicateObsNames: Int
    /// AnnData layers: each stored like X, in its own table (`layer_<name>`).
    public var layers: [LayerRecord]?
    /// The data object archiving the source's other elements (raw, obsm, varm, obsp, varp, uns).
    public var auxiliary: AuxiliaryRecord?
    /// Which feature attribute joined its genes to the registry (absent: auto).
    public var featureKey: FeatureKeyMode?

    enum CodingKeys: String, CodingKey {
        case formatVersion = "format_version", name, format, source, sha256, cells, genes, nonZeros = "non_zeros"
        case cellOffset = "cell_offset", storedPanel = "panel", valueType = "value_type", obsIndexName = "obs_index_name"
        case varIndexName = "var_index_name", obsColumns = "obs_columns", varColumns = "var_columns", categories
        case duplicateObsNames = "duplicate_obs_names", layers, auxiliary, featureKey = "feature_key"
    }
}

/// One layer of a dataset: its name in the source, the table holding it, its value type and size.
public struct LayerRecord: Codable, Hashable, Sendable {
    public var name: String
    public var table: String
    public var valueType: DataType
    public var nonZeros: Int

    enum CodingKeys: String, CodingKey { case name, table, valueType = "value_type", nonZeros = "non_zeros" }
}

/// An archive of AnnData elements kept as one data object.
public struct AuxiliaryRecord: Codable, Hashable, Sendable {
    public var sha256: String
    public var bytes: Int
    /// Top-level elements it holds, e.g. `/obsm`, `/uns`.
    public var roots: [String]
    /// Objects the archive could not keep (reported at import).
    public var skipped: [String]
}
