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

    /// Cell `i`'s total count as `total(of:)` gives it, for values that are whole numbers: summed in four
    /// lanes, which for whole numbers is the same sum (every partial sum is exact below 2^53) and several
    /// times faster than one chain of dependent additions.
    public func wholeTotal(of i: Int) -> Double {
        if let totals { return totals[i] }
        return laneSum(entries(of: i), summingFractions: false).sum
    }

    /// `wholeTotal(of:)`, and whether every value of the cell is a whole number, checked in the same pass
    /// (a tokenizer that refuses normalized input need not ask again of each value).
    public func checkedWholeTotal(of i: Int) -> (total: Double, whole: Bool) {
        let (sum, fractions) = laneSum(entries(of: i), summingFractions: true)
        return (totals?[i] ?? sum, fractions == 0)
    }

    /// The values of `range` summed in four lanes and, when asked, their distances to the nearest integer
    /// (each at most 1/2; NaN once any value is NaN). Inlined, so the unasked sum costs nothing.
    @inline(__always)
    private func laneSum(_ range: Range<Int>, summingFractions: Bool) -> (sum: Double, fractions: Double) {
        values.withUnsafeBufferPointer { v in
            var (a, b, c, d) = (0.0, 0.0, 0.0, 0.0)
            // Fractions in lanes too: one running sum would make each group of four wait on the last.
            var (fa, fb, fc, fd) = (0.0, 0.0, 0.0, 0.0)
            var k = range.lowerBound
            while k &+ 4 <= range.upperBound {
                a += v[k]
                b += v[k &+ 1]
                c += v[k &+ 2]
                d += v[k &+ 3]
                if summingFractions {
                    fa += v[k].fraction
                    fb += v[k &+ 1].fraction
                    fc += v[k &+ 2].fraction
                    fd += v[k &+ 3].fraction
                }
                k &+= 4
            }
            while k < range.upperBound {
                a += v[k]
                if summingFractions { fa += v[k].fraction }
                k &+= 1
            }
            return ((a + b) + (c + d), (fa + fb) + (fc + fd))
        }
    }

    public var count: Int { cellIDs.count }

    /// Cell `i`'s entries.
    public func entries(of i: Int) -> Range<Int> { offsets[i]..<offsets[i + 1] }
}
