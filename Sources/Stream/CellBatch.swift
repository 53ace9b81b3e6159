import Columnar

/// The non-zeros of a batch of cells in CSR form: what every tokenizer reads.
public struct CellBatch: Sendable {
    public var cellIDs: [Int64]
    /// Cell `i`'s entries are `offsets[i] ..< offsets[i + 1]` of `genes` and `values`.
    public var offsets: [Int]
    /// Registry gene ids (`gene_id`), ascending within each cell.
    public var genes: [Int32]
    /// The stored values, exactly (every stored type up to int64 / float64 fits a Double except integers
    /// beyond 2^53, which counts never reach).
    public var values: [Double]
    /// The matrix's stored value type (raw batches send values in it).
    public var valueType: DataType
    /// Each cell's total count when the user names an obs column for it (`--n-counts-column`); nil: the
    /// sum of the cell's values.
    public var totals: [Double]?

    public init(cellIDs: [Int64], offsets: [Int], genes: [Int32], values: [Double], valueType: DataType, totals: [Double]? = nil) {
        self.cellIDs = cellIDs
        self.offsets = offsets
        self.genes = genes
        self.values = values
        self.valueType = valueType
        self.totals = totals
    }

    /// Cell `i`'s total count: the named column's value, or the sum of its values.
    public func total(of i: Int) -> Double {
        if let totals { return totals[i] }
        var sum = 0.0
        for k in entries(of: i) { sum += values[k] }
        return sum
    }

    public var count: Int { cellIDs.count }

    /// Cell `i`'s entries.
    public func entries(of i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }
}
