import Columnar
import Foundation
import Lake

/// A Cell Ranger .h5 matrix (v3: `/matrix` with `features/`; v2: one group per genome with `genes`) as a
/// dataset. Its matrix is stored per barcode — compressed columns of features × barcodes, which are
/// compressed rows of cells × genes — so X streams in row chunks with no transposition.
public struct TenXH5File: SingleCellSource {
    public let path: String
    let file: HDF5File
    let matrix: AnnDataMatrix
    let barcodes: VarBinary
    let featureTable: RecordBatch

    public init(path: String) throws {
        self.path = path
        let file = try HDF5File(path: path)
        self.file = file
        let group: String
        var columns: [(name: String, object: String)]
        if file.kind(of: "/matrix") == .group {
            group = "/matrix"
            columns = [("var_name", "/matrix/features/name"), ("gene_ids", "/matrix/features/id"),
                       ("feature_types", "/matrix/features/feature_type"), ("genome", "/matrix/features/genome")]
        } else {
            let genomes = try file.members(of: "/").filter { file.kind(of: "/\($0)/genes") == .dataset }
            guard let genome = genomes.first else { throw SourceError("\(path): no /matrix group (v3) or genome group (v2): not a Cell Ranger .h5") }
            guard genomes.count == 1 else {
                throw SourceError("\(path): a Cell Ranger v2 file with several genomes (\(genomes.joined(separator: ", "))) is not supported yet")
            }
            group = "/\(genome)"
            columns = [("var_name", "\(group)/gene_names"), ("gene_ids", "\(group)/genes")]
        }
        guard case .integers(let dims)? = try? file.readNumeric("\(group)/shape").asIntegers, dims.count == 2 else {
            throw SourceError("\(path): \(group)/shape is missing or not two integers")
        }
        barcodes = try file.readStrings("\(group)/barcodes")
        guard barcodes.count == dims[1] else {
            throw SourceError("\(path): \(group)/barcodes has \(barcodes.count) entries, shape says \(dims[1])")
        }
        matrix = try AnnDataMatrix(csr: file, object: group, shape: (dims[1], dims[0]))
        columns = columns.filter { file.kind(of: $0.object) == .dataset }
        var fields: [Field] = []
        var values: [Column] = []
        for (name, object) in columns {
            let text = try file.readStrings(object)
            guard text.count == dims[0] else { throw SourceError("\(path): \(object) has \(text.count) entries, shape says \(dims[0]) features") }
            fields.append(Field(name, .string, nullable: name != "var_name"))
            values.append(Column(type: .string, buffer: .bytes(text)))
        }
        guard fields.first?.name == "var_name" else { throw SourceError("\(path): no feature names") }
        featureTable = RecordBatch(schema: Schema(fields), columns: values)
    }

    public var displayName: String { (path as NSString).lastPathComponent }
    public var format: String { "10x-h5" }
    public var cellCount: Int { barcodes.count }
    public var featureCount: Int { featureTable.rowCount }
    public var valueType: DataType { matrix.valueType }

    public func observations() throws -> SourceFrame {
        SourceFrame(batch: RecordBatch(schema: Schema([Field("obs_name", .string, nullable: false)]),
                                       columns: [Column(type: .string, buffer: .bytes(barcodes))]),
                    indexName: "barcode", categories: [:])
    }

    public func features() throws -> SourceFrame {
        SourceFrame(batch: featureTable, indexName: "gene_symbols", categories: [:])
    }

    public func forEachRowChunk(_ body: (SparseRows) throws -> Void) throws {
        try matrix.forEachRowChunk(body)
    }
}

private enum IntegerList { case integers([Int]) }

extension ColumnBuffer {
    /// Small integer arrays (shapes) as Ints.
    fileprivate var asIntegers: IntegerList? {
        switch self {
        case .int32(let v): return .integers(v.map(Int.init))
        case .int64(let v): return .integers(v.map(Int.init))
        case .uint32(let v): return .integers(v.map(Int.init))
        case .uint64(let v): return .integers(v.compactMap { Int(exactly: $0) })
        default: return nil
        }
    }
}
