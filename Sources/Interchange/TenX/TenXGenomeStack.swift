import Columnar
import Lake

/// A Cell Ranger v2 .h5 of several genomes (a barnyard run) read as one matrix: each genome group holds
/// its own features over the same barcodes, so a cell's row is its rows in each genome, side by side,
/// with each genome's feature positions shifted past the genomes before it.
struct TenXGenomeStack {
    let matrices: [AnnDataMatrix]
    let featureOffsets: [Int]

    init(_ matrices: [AnnDataMatrix]) {
        self.matrices = matrices
        var offsets = [0]
        for matrix in matrices.dropLast() { offsets.append(offsets.last! + matrix.shape.columns) }
        featureOffsets = offsets
    }

    var rowCount: Int { matrices.first?.shape.rows ?? 0 }

    /// Calls `body` with chunks of whole rows holding about `targetNonZeros` values across all genomes.
    func forEachRowChunk(targetNonZeros: Int = 4_000_000, _ body: (SparseRows) throws -> Void) throws {
        let pointers = try matrices.map { try $0.csrRowPointers() }
        func nonZeros(_ rows: Range<Int>) -> Int { pointers.reduce(0) { $0 + $1[rows.upperBound] - $1[rows.lowerBound] } }
        var start = 0
        while start < rowCount {
            var end = start + 1
            while end < rowCount && nonZeros(start..<(end + 1)) <= targetNonZeros { end += 1 }
            let parts = try zip(matrices, pointers).map { try $0.csrRows(start..<end, pointers: $1) }
            try body(interleave(parts, rows: start..<end))
            start = end
        }
    }

    /// One chunk from the genomes' chunks of the same rows: row by row, genome after genome.
    private func interleave(_ parts: [SparseRows], rows: Range<Int>) -> SparseRows {
        if parts.count == 1 { return parts[0] }
        var values = parts[0].values
        var bases = [0]
        for part in parts.dropFirst() {
            bases.append(values.count)
            values.append(contentsOf: part.values)
        }
        var order = [Int]()
        var columns = [UInt32]()
        var rowPointers = [0]
        order.reserveCapacity(values.count)
        columns.reserveCapacity(values.count)
        for row in 0..<rows.count {
            for (g, part) in parts.enumerated() {
                for k in part.rowPointers[row]..<part.rowPointers[row + 1] {
                    order.append(bases[g] + k)
                    columns.append(part.columnIndices[k] + UInt32(featureOffsets[g]))
                }
            }
            rowPointers.append(columns.count)
        }
        return SparseRows(rows: rows, rowPointers: rowPointers, columnIndices: columns, values: values.gather(order))
    }
}
