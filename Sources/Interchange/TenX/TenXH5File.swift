import Columnar
import Foundation
import Lake

/// A Cell Ranger .h5 matrix (v3: `/matrix` with `features/`; v2: one group per genome with `genes`) as a
/// dataset. Its matrix is stored per barcode — compressed columns of features × barcodes, which are
/// compressed rows of cells × genes — so X streams in row chunks with no transposition.
public struct TenXH5File: SingleCellSource {
    public let path: String
    let file: HDF5File
    let matrix: TenXGenomeStack
    let barcodes: VarBinary
    let featureTable: RecordBatch

    public init(path: String) throws {
        self.path = path
        let file = try HDF5File(path: path)
        self.file = file
        if file.kind(of: "/matrix") == .group {
            let (barcodes, matrix, features) = try TenXH5File.genomeGroup(file, "/matrix", [
                ("var_name", "/matrix/features/name"), ("gene_ids", "/matrix/features/id"),
                ("feature_types", "/matrix/features/feature_type"), ("genome", "/matrix/features/genome")])
            self.barcodes = barcodes
            self.matrix = TenXGenomeStack([matrix])
            featureTable = features
            return
        }
        let genomes = try file.members(of: "/").filter { file.kind(of: "/\($0)/genes") == .dataset }
        guard !genomes.isEmpty else { throw SourceError("\(path): no /matrix group (v3) or genome group (v2): not a Cell Ranger .h5") }
        var groups: [(barcodes: VarBinary, matrix: AnnDataMatrix, features: RecordBatch)] = []
        for genome in genomes {
            let group = try TenXH5File.genomeGroup(file, "/\(genome)", [("var_name", "/\(genome)/gene_names"), ("gene_ids", "/\(genome)/genes")])
            if let first = groups.first {
                guard group.barcodes == first.barcodes else {
                    throw SourceError("\(path): genomes \(genomes[0]) and \(genome) list different barcodes; import each genome's matrix separately")
                }
                guard group.matrix.valueType == first.matrix.valueType else {
                    throw SourceError("\(path): genomes \(genomes[0]) and \(genome) store values as \(first.matrix.valueType) and \(group.matrix.valueType)")
                }
            }
            groups.append(group)
        }
        barcodes = groups[0].barcodes
        matrix = TenXGenomeStack(groups.map(\.matrix))
        // One genome: its table as is. Several: stacked, with the genome each feature belongs to.
        guard genomes.count > 1 else { featureTable = groups[0].features; return }
        let schema = Schema(groups[0].features.schema.fields + [Field("genome", .string)])
        var columns = groups[0].features.schema.fields.indices.map { i in
            groups.dropFirst().reduce(into: groups[0].features.columns[i]) { $0.append(contentsOf: $1.features.columns[i]) }
        }
        columns.append(Column(type: .string, buffer: .bytes(VarBinary(strings: zip(genomes, groups).flatMap { genome, group in
            repeatElement(genome, count: group.features.rowCount)
        }))))
        featureTable = RecordBatch(schema: schema, columns: columns)
    }

    /// One matrix group: its barcodes, its matrix (barcodes × features, stored per barcode) and its features.
    private static func genomeGroup(_ file: HDF5File, _ group: String, _ featureColumns: [(name: String, object: String)]) throws
        -> (barcodes: VarBinary, matrix: AnnDataMatrix, features: RecordBatch) {
        let path = file.path
        guard case .integers(let dims)? = try? file.readNumeric("\(group)/shape").asIntegers, dims.count == 2 else {
            throw SourceError("\(path): \(group)/shape is missing or not two integers")
        }
        let barcodes = try file.readStrings("\(group)/barcodes")
        guard barcodes.count == dims[1] else {
            throw SourceError("\(path): \(group)/barcodes has \(barcodes.count) entries, shape says \(dims[1])")
        }
        let matrix = try AnnDataMatrix(csr: file, object: group, shape: (dims[1], dims[0]))
        var fields: [Field] = []
        var values: [Column] = []
        for (name, object) in featureColumns where file.kind(of: object) == .dataset {
            let text = try file.readStrings(object)
            guard text.count == dims[0] else { throw SourceError("\(path): \(object) has \(text.count) entries, shape says \(dims[0]) features") }
            fields.append(Field(name, .string, nullable: name != "var_name"))
            values.append(Column(type: .string, buffer: .bytes(text)))
        }
        guard fields.first?.name == "var_name" else { throw SourceError("\(path): \(group): no feature names") }
        return (barcodes, matrix, RecordBatch(schema: Schema(fields), columns: values))
    }

    public var displayName: String { (path as NSString).lastPathComponent }
    public var format: String { "10x-h5" }
    public var cellCount: Int { barcodes.count }
    public var featureCount: Int { featureTable.rowCount }
    public var valueType: DataType { matrix.matrices[0].valueType }

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
