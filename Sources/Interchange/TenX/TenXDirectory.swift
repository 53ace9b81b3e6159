import Columnar
import Foundation
import Lake

/// A Cell Ranger matrix directory (v3: `features.tsv.gz`, v2: `genes.tsv`), gzipped or not, as a dataset:
/// cells are barcodes, var holds feature ids, names, types (and genome when given), X comes from
/// `matrix.mtx` (features × barcodes, transposed here into rows of cells).
public struct TenXDirectory: SingleCellSource {
    public let path: String
    let barcodes: VarBinary
    let featureTable: RecordBatch
    let matrixPath: String
    let shape: (features: Int, cells: Int, entries: Int)
    let integral: Bool

    public init(path: String) throws {
        let directory = path.hasSuffix("/") ? String(path.dropLast()) : path
        self.path = directory
        func find(_ names: [String]) -> String? {
            for name in names where FileManager.default.fileExists(atPath: "\(directory)/\(name)") { return "\(directory)/\(name)" }
            return nil
        }
        guard let barcodesPath = find(["barcodes.tsv.gz", "barcodes.tsv"]) else { throw SourceError("\(directory)/: missing barcodes.tsv or barcodes.tsv.gz") }
        guard let featuresPath = find(["features.tsv.gz", "features.tsv", "genes.tsv.gz", "genes.tsv"]) else {
            throw SourceError("\(directory)/: missing features.tsv.gz (v3) or genes.tsv (v2)")
        }
        guard let matrixPath = find(["matrix.mtx.gz", "matrix.mtx"]) else { throw SourceError("\(directory)/: missing matrix.mtx or matrix.mtx.gz") }
        self.matrixPath = matrixPath
        barcodes = try TenXDirectory.readBarcodes(barcodesPath)
        featureTable = try TenXDirectory.readFeatures(featuresPath)
        let header = try MatrixMarketHeader(reader: GzipLineReader(path: matrixPath))
        shape = (header.rows, header.columns, header.entries)
        integral = header.field != .real
        guard header.rows == featureTable.rowCount else {
            throw SourceError("\(matrixPath): \(header.rows) rows but \((featuresPath as NSString).lastPathComponent) lists \(featureTable.rowCount) features")
        }
        guard header.columns == barcodes.count else {
            throw SourceError("\(matrixPath): \(header.columns) columns but \((barcodesPath as NSString).lastPathComponent) lists \(barcodes.count) barcodes")
        }
    }

    public var displayName: String { (path as NSString).lastPathComponent + "/" }
    public var format: String { "10x-mtx" }
    public var cellCount: Int { shape.cells }
    public var featureCount: Int { shape.features }
    public var valueType: DataType { integral ? .int32 : .float64 }

    public func observations() throws -> SourceFrame {
        SourceFrame(batch: RecordBatch(schema: Schema([Field("obs_name", .string, nullable: false)]),
                                       columns: [Column(type: .string, buffer: .bytes(barcodes))]),
                    indexName: "barcode", categories: [:])
    }

    public func features() throws -> SourceFrame {
        SourceFrame(batch: featureTable, indexName: "gene_symbols", categories: [:])
    }

    /// Reads the entries (features × barcodes, in whatever order the file has them) and hands out rows
    /// of cells, transposed through sorted runs on disk so memory stays bounded.
    public func forEachRowChunk(_ body: (SparseRows) throws -> Void) throws {
        let transposer = try SpillingTransposer(valueType: valueType)
        var cells = [UInt32](), genes = [UInt32](), counts = [Int32](), reals = [Double]()
        func flush() throws {
            let values = integral ? Column(type: .int32, buffer: .int32(counts)) : Column(type: .float64, buffer: .float64(reals))
            try transposer.add(rows: cells, columns: genes, values: values)
            cells.removeAll(keepingCapacity: true); genes.removeAll(keepingCapacity: true)
            counts.removeAll(keepingCapacity: true); reals.removeAll(keepingCapacity: true)
        }
        try MatrixMarketEntries.read(matrixPath, shape: shape, integral: integral) { feature, cell, integer, real in
            genes.append(feature)
            cells.append(cell)
            if integral { counts.append(integer) } else { reals.append(real) }
            if cells.count == 1 << 20 { try flush() }
        }
        try flush()
        try transposer.finish(rowCount: shape.cells, body)
    }

    static func readBarcodes(_ path: String) throws -> VarBinary {
        let reader = try GzipLineReader(path: path)
        var out = VarBinary()
        while let line = try reader.nextLine() {
            guard let text = String(validating: line, as: UTF8.self) else {
                throw SourceError("\(path):\(reader.lineNumber): barcode is not valid UTF-8")
            }
            let barcode = text.split(separator: "\t", omittingEmptySubsequences: false).first.map(String.init) ?? text
            if barcode.isEmpty { continue }
            out.append(barcode)
        }
        return out
    }

    /// v3: id, name, feature type[, genome…]; v2: id, name.
    static func readFeatures(_ path: String) throws -> RecordBatch {
        let reader = try GzipLineReader(path: path)
        var ids: [String] = [], names: [String] = [], types: [String] = [], genomes: [String] = []
        while let line = try reader.nextLine() {
            guard let text = String(validating: line, as: UTF8.self) else {
                throw SourceError("\(path):\(reader.lineNumber): not valid UTF-8")
            }
            if text.isEmpty { continue }
            let fields = text.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            guard fields.count >= 2 else { throw SourceError("\(path):\(reader.lineNumber): expected at least 2 tab-separated fields") }
            ids.append(fields[0])
            names.append(fields[1])
            types.append(fields.count >= 3 ? fields[2] : "Gene Expression")
            genomes.append(fields.count >= 4 ? fields[3] : "")
        }
        var fields = [Field("var_name", .string, nullable: false), Field("gene_ids", .string), Field("feature_types", .string)]
        var columns = [Column(type: .string, buffer: .bytes(VarBinary(strings: names))),
                       Column(type: .string, buffer: .bytes(VarBinary(strings: ids))),
                       Column(type: .string, buffer: .bytes(VarBinary(strings: types)))]
        if genomes.contains(where: { !$0.isEmpty }) {
            fields.append(Field("genome", .string))
            columns.append(Column(type: .string, buffer: .bytes(VarBinary(strings: genomes))))
        }
        return RecordBatch(schema: Schema(fields), columns: columns)
    }
}
