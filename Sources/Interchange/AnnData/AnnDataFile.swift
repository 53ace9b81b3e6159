import Columnar
import Lake

/// Reads an .h5ad file: obs and var dataframes and the X matrix in row chunks, for every on-disk encoding
/// anndata writes (dataframe groups with typed columns; `__categories` categoricals of the 0.7 era).
public final class AnnDataFile {
    public let path: String
    let file: HDF5File
    public let cellCount: Int
    public let geneCount: Int
    /// X; nil when the AnnData has none (X=None), which anndata allows.
    public let matrix: AnnDataMatrix?

    public init(path: String) throws {
        self.path = path
        file = try HDF5File(path: path)
        guard file.kind(of: "/obs") != nil, file.kind(of: "/var") != nil else {
            throw HDF5Error("\(path): no /obs or /var (is this an .h5ad file?)")
        }
        if file.kind(of: "/X") != nil {
            let matrix = try AnnDataMatrix(file: file, object: "/X")
            self.matrix = matrix
            cellCount = matrix.shape.rows
            geneCount = matrix.shape.columns
        } else {
            matrix = nil
            cellCount = try AnnDataFile.rowCount(of: "/obs", in: file)
            geneCount = try AnnDataFile.rowCount(of: "/var", in: file)
        }
    }

    /// Names of the matrices under /layers.
    public var layerNames: [String] {
        guard file.kind(of: "/layers") == .group else { return [] }
        return ((try? file.members(of: "/layers")) ?? []).sorted()
    }

    /// A layer, checked to have X's shape.
    public func layer(_ name: String) throws -> AnnDataMatrix {
        let matrix = try AnnDataMatrix(file: file, object: "/layers/\(name)")
        guard matrix.shape.rows == cellCount, matrix.shape.columns == geneCount else {
            throw HDF5Error("\(path): /layers/\(name) is \(matrix.shape.rows) × \(matrix.shape.columns), X is \(cellCount) × \(geneCount)")
        }
        return matrix
    }

    /// Rows of a dataframe, from its index, when there is no X to take the shape from.
    static func rowCount(of group: String, in file: HDF5File) throws -> Int {
        if file.kind(of: group) == .dataset { return try file.datasetInfo(group).shape.first ?? 0 }
        let index = try file.attribute("_index", of: group)?.string ?? "_index"
        return try file.datasetInfo("\(group)/\(index)").shape.first ?? 0
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
        if kind == .dataset { return try readLegacyFrame(group) }
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
        var categories: [String: CategoryOrder] = [:]
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

    /// Where a pre-0.7 compound column keeps its categories (`uns/<column>_categories`, for integer codes), if it does.
    private func legacyCategories(of member: HDF5CompoundMember) -> String? {
        guard case .integer = member.type, member.dims.isEmpty else { return nil }
        let path = "/uns/\(member.name)_categories"
        return file.kind(of: path) == .dataset ? path : nil
    }

    /// The `uns/<column>_categories` datasets that obs and var columns take their categories from: part of
    /// those columns now, so not of uns (anndata's own reader moves them out of uns too).
    var categoriesTakenFromUns: Set<String> {
        var taken = Set<String>()
        for frame in ["/obs", "/var"] where file.kind(of: frame) == .dataset {
            for member in (try? file.compoundMembers(frame)) ?? [] {
                if let path = legacyCategories(of: member) { taken.insert(path) }
            }
        }
        return taken
    }

    /// anndata < 0.7: the dataframe is one compound dataset; column `index` holds the names, and a
    /// categorical column stores codes whose categories sit in `uns/<column>_categories`.
    func readLegacyFrame(_ object: String) throws -> AnnDataFrame {
        let members = try file.compoundMembers(object)
        guard members.contains(where: { $0.name == "index" }), case .bytes(let index) = try file.readCompoundMember(object, member: "index") else {
            throw HDF5Error("\(path): \(object) has no string 'index' member")
        }
        var names: [String] = []
        var columns: [Column] = []
        var categories: [String: CategoryOrder] = [:]
        for member in members where member.name != "index" {
            let buffer = try file.readCompoundMember(object, member: member.name)
            if let legacy = legacyCategories(of: member) {
                let values = try file.readStrings(legacy)
                let codes: [Int]
                switch buffer {
                case .int8(let c): codes = c.map(Int.init)
                case .int16(let c): codes = c.map(Int.init)
                case .int32(let c): codes = c.map(Int.init)
                case .int64(let c): codes = c.map(Int.init)
                default: codes = []
                }
                var out = VarBinary()
                var valid = [Bool](repeating: true, count: codes.count)
                for (i, code) in codes.enumerated() {
                    guard code < values.count else { throw HDF5Error("\(path): \(object) column '\(member.name)' code \(code) is beyond its \(values.count) categories") }
                    if code < 0 { valid[i] = false; out.appendEmpty() } else { out.append(contentsOf: values.bytes[values.byteRange(code)]) }
                }
                columns.append(Column(type: .string, buffer: .bytes(out), validity: valid.contains(false) ? valid : nil))
                categories[member.name] = CategoryOrder(values: (0..<values.count).map { values.string(at: $0) }, ordered: false)
            } else if case .bytes(let text) = buffer {
                columns.append(Column(type: .string, buffer: .bytes(text)))
            } else {
                columns.append(Column(type: AnnDataColumnReader.dataType(of: buffer), buffer: buffer))
            }
            names.append(member.name)
        }
        return AnnDataFrame(indexName: "index", index: index, names: names, columns: columns, categories: categories)
    }
}
