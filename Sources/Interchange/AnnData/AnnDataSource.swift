import Columnar
import Foundation
import Lake

/// An .h5ad file as a dataset to import.
public struct AnnDataSource: SingleCellSource {
    let file: AnnDataFile

    public init(path: String) throws {
        file = try AnnDataFile(path: path)
    }

    public var displayName: String { (file.path as NSString).lastPathComponent }
    public var path: String { file.path }
    public var format: String { "h5ad" }
    public var cellCount: Int { file.cellCount }
    public var featureCount: Int { file.geneCount }
    /// An AnnData without X imports as float32 with no stored values.
    public var valueType: DataType { file.matrix?.valueType ?? .float32 }

    public func observations() throws -> SourceFrame {
        let frame = try file.obs()
        return SourceFrame(batch: frame.batch(indexColumn: "obs_name"), indexName: frame.indexName,
                           categories: frame.categories)
    }

    public func features() throws -> SourceFrame {
        let frame = try file.varFrame()
        return SourceFrame(batch: frame.batch(indexColumn: "var_name"), indexName: frame.indexName,
                           categories: frame.categories)
    }

    public func forEachRowChunk(_ body: (SparseRows) throws -> Void) throws {
        try file.matrix?.forEachRowChunk(body)
    }

    public var layerNames: [String] { file.layerNames }

    public func auxiliaryElements() throws -> AuxiliaryElements? {
        let roots = ["/raw", "/obsm", "/varm", "/obsp", "/varp", "/uns", "/raw.X", "/raw.var", "/raw.varm"].filter { root in
            switch file.file.kind(of: root) {
            case .group?: return !((try? file.file.members(of: root)) ?? []).isEmpty
            case .dataset?: return true
            case nil: return false
            }
        }
        guard !roots.isEmpty else { return nil }
        let (archive, values) = try HDF5Archive.capture(file.file, roots: roots, excluding: file.categoriesTakenFromUns)
        return AuxiliaryElements(bytes: try archive.encoded(values: values), roots: roots, skipped: archive.skipped)
    }

    public func layerValueType(_ name: String) throws -> DataType { try file.layer(name).valueType }

    public func forEachLayerChunk(_ name: String, _ body: (SparseRows) throws -> Void) throws {
        try file.layer(name).forEachRowChunk(body)
    }
}
