import Columnar

/// Reads an .h5ad file: obs and var dataframes and the X matrix in row chunks, for every on-disk encoding
/// anndata writes (dataframe groups with typed columns; `__categories` categoricals of the 0.7 era).
public final class AnnDataFile {
    public let path: String
    let file: HDF5File
    public let cellCount: Int
    public let geneCount: Int
    public let matrix: AnnDataMatrix

    public init(path: String) throws {
        self.path = path
        file = try HDF5File(path: path)
        guard file.kind(of: "/X") != nil else { throw HDF5Error("\(path): no X matrix (is this an .h5ad file?)") }
        matrix = try AnnDataMatrix(file: file, object: "/X")
        cellCount = matrix.shape.rows
        geneCount = matrix.shape.columns
    }

    public func obs() throws -> AnnDataFrame {
        let frame = try readFrame("/obs")
        guard frame.rowCount == cellCount else {
            throw HDF5Error("\(path): /obs has \(frame.rowCount) rows but X has \(cellCount)")
        }
        return frame
    }

    public func varFrame() throws -> AnnDataFrame {
        let frame = try readFrame("/var")
        guard frame.rowCount == geneCount else {
            throw HDF5Error("\(path): /var has \(frame.rowCount) rows but X has \(geneCount) columns")
        }
        return frame
    }

    func readFrame(_ group: String) throws -> AnnDataFrame {
        guard let kind = file.kind(of: group) else { throw HDF5Error("\(path): \(group) is missing") }
        guard kind == .group else {
            throw HDF5Error("\(path): \(group) is a compound dataset (anndata < 0.7); re-save it with a current anndata to import")
        }
        let indexName = try file.attribute("_index", of: group)?.string ?? "_index"
        let members = try file.members(of: group)
        let order: [String]
        switch try file.attribute("column-order", of: group) {
        case .strings(let names)?: order = names
        default: order = members.filter { $0 != indexName && $0 != "__categories" }
        }
        guard members.contains(indexName) else { throw HDF5Error("\(path): \(group)/\(indexName) (the index) is missing") }
        let index = try file.readStrings("\(group)/\(indexName)")
        var columns: [Column] = []
        var categories: [String: AnnDataFrame.Categories] = [:]
        for name in order {
            let object = "\(group)/\(name)"
            let (column, category) = try AnnDataColumnReader(file: file, path: path).read(object, legacyCategories: "\(group)/__categories/\(name)")
            guard column.count == index.count else {
                throw HDF5Error("\(path): \(object) has \(column.count) values for \(index.count) rows")
            }
            columns.append(column)
            if let category { categories[name] = category }
        }
        return AnnDataFrame(indexName: indexName, index: index, names: order, columns: columns, categories: categories)
    }
}
