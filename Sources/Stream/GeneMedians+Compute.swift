import Columnar
import Foundation
import Lake
import Storage

extension GeneMedians {
    /// The medians of matrix `matrix` at `snapshot`, from the cache when this version's tree has them,
    /// else computed and cached (`<repository>/cache/gene-medians/<tree>-<table>.json`, written atomically).
    /// The stream pipeline's entry point: no commit is made, so it works at any tag or commit.
    public static func cached(snapshot: Snapshot, matrix: String = "X") throws -> GeneMedians {
        let path = try cachePath(snapshot: snapshot, matrix: matrix)
        if FileManager.default.fileExists(atPath: path), let medians = try? load(path: path) {
            return medians
        }
        let medians = try compute(snapshot: snapshot, matrix: matrix)
        try FileManager.default.createDirectory(atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try medians.write(to: path)
        return medians
    }

    /// Where the medians of `matrix` at `snapshot` are cached.
    public static func cachePath(snapshot: Snapshot, matrix: String) throws -> String {
        let table = try snapshot.matrixTable(matrix).table
        return snapshot.repository.path + "/cache/gene-medians/\(try snapshot.treeID().hex)-\(table).json"
    }

    /// Computes every gene's exact non-zero median of `value / total * 10,000` over the live cells of
    /// `matrix` at `snapshot` (a cell's total: the sum of its values in the matrix), as Geneformer's median
    /// estimation normalizes (it then approximates the median with a t-digest; cairn's is exact). Reads
    /// the matrix a few times (see `NonZeroMedianSelection`); memory does not grow with the cell count.
    public static func compute(snapshot: Snapshot, matrix: String = "X") throws -> GeneMedians {
        let table = try snapshot.matrixTable(matrix).table
        let features = try snapshot.registryFeatures()
        var selection = NonZeroMedianSelection(geneCount: features.count)
        repeat {
            try forEachCell(snapshot: snapshot, table: table) { genes, values in
                var total = 0.0
                for x in values { total += x }
                for (gene, x) in zip(genes, values) where x != 0 && gene < features.count {
                    let normalized = x / total * 10_000
                    if normalized.isFinite { selection.observe(gene: gene, value: normalized) }
                }
            }
            selection.endPass()
        } while selection.needsPass
        var values: [String: Double] = [:]
        for (gene, median) in selection.medians.enumerated() where !features[gene].isEmpty {
            if let median, median > 0 { values[features[gene]] = median }
        }
        return GeneMedians(values: values)
    }

    /// Calls `body` with each cell's gene ids and values, cell by cell (a cell's entries are contiguous in
    /// the scan, though they may straddle batches).
    private static func forEachCell(snapshot: Snapshot, table: String, _ body: ([Int], [Double]) -> Void) throws {
        var cell: Int64 = -1
        var genes: [Int] = [], values: [Double] = []
        try snapshot.scan(table, columns: ["cell_id", "gene_id", "value"]) { batch in
            guard case .int64(let cells) = batch.columns[0].buffer, case .int64(let geneIDs) = batch.columns[1].buffer else { return }
            let numbers = batch.columns[2].doubles
            for i in 0..<batch.rowCount {
                if cells[i] != cell {
                    if !genes.isEmpty { body(genes, values) }
                    genes.removeAll(keepingCapacity: true)
                    values.removeAll(keepingCapacity: true)
                    cell = cells[i]
                }
                genes.append(Int(geneIDs[i]))
                values.append(numbers[i])
            }
        }
        if !genes.isEmpty { body(genes, values) }
    }
}
