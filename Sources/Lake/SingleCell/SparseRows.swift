import Columnar

/// Whole rows of a sparse matrix in CSR form, local to a chunk: entries
/// `rowPointers[i]..<rowPointers[i+1]` of `columnIndices` and `values` belong to row `rows.lowerBound + i`.
public struct SparseRows: Sendable {
    public var rows: Range<Int>
    public var rowPointers: [Int]
    public var columnIndices: [UInt32]
    public var values: Column

    public init(rows: Range<Int>, rowPointers: [Int], columnIndices: [UInt32], values: Column) {
        self.rows = rows
        self.rowPointers = rowPointers
        self.columnIndices = columnIndices
        self.values = values
    }
}
