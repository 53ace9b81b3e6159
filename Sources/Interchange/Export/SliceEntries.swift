import Columnar

/// Entries of a slice in output order: the output row and column of each stored value, and the values.
struct SliceEntries {
    var rows: [Int32] = []
    var columns: [Int32] = []
    var values: Column

    init(values: Column) {
        self.values = values
    }

    init(rows: [Int32], columns: [Int32], values: Column) {
        self.rows = rows
        self.columns = columns
        self.values = values
    }

    var count: Int { rows.count }

    mutating func append(_ other: SliceEntries) {
        rows.append(contentsOf: other.rows)
        columns.append(contentsOf: other.columns)
        values.append(contentsOf: other.values)
    }

    /// Entries `range`.
    func slice(_ range: Range<Int>) -> SliceEntries {
        SliceEntries(rows: Array(rows[range]), columns: Array(columns[range]), values: values.slice(range))
    }

    /// The entries in (row, column) order (output rows below `rows`, columns below `columns`): two
    /// stable counting sorts, by column then by row, linear in entries (gene-major entries from an index
    /// become cell-major).
    func sortedByRowThenColumn(rows rowCount: Int, columns columnCount: Int) -> SliceEntries {
        let n = count
        guard n > 1 else { return self }
        func countingSort(_ keys: [Int32], _ keyCount: Int, _ order: [Int]) -> [Int] {
            var starts = [Int](repeating: 0, count: keyCount + 1)
            for key in keys { starts[Int(key) + 1] += 1 }
            for k in 0..<keyCount { starts[k + 1] += starts[k] }
            var sorted = [Int](repeating: 0, count: order.count)
            for i in order {
                let key = Int(keys[i])
                sorted[starts[key]] = i
                starts[key] += 1
            }
            return sorted
        }
        // Entries an index read come by column already: the first sort would leave them as they are.
        let byColumn = zip(columns, columns.dropFirst()).allSatisfy { $0 <= $1 } ? Array(0..<n) : countingSort(columns, columnCount, Array(0..<n))
        let order = countingSort(rows, rowCount, byColumn)
        return SliceEntries(rows: order.map { rows[$0] }, columns: order.map { columns[$0] }, values: values.gather(order))
    }
}

/// Picks one dataset's slice entries out of its expression batches (dataset-local `row`, panel `col`,
/// `value`): the chosen rows, the kept genes, renumbered to output rows and columns.
struct SliceEntryPicker {
    /// Dataset row → output row; -1 for a row not chosen.
    let outRow: [Int32]
    /// Panel position → output column; -1 for a gene not kept.
    let outColumn: [Int32]
    /// Whether kept genes keep their panel order, so that entries come out sorted within each row.
    let ordered: Bool
    /// Whether every panel position is kept as the output column of the same number (one dataset over
    /// its own genes): a chosen cell's entries are then copied whole.
    let identity: Bool
    let dataset: String

    init(dataset: String, cells: Int, chosenRows: [Int], firstOutputRow: Int, columns: [Int32?]) {
        var outRow = [Int32](repeating: -1, count: cells)
        for (i, row) in chosenRows.enumerated() where row < cells { outRow[row] = Int32(firstOutputRow + i) }
        self.outRow = outRow
        self.outColumn = columns.map { $0 ?? -1 }
        let kept = outColumn.filter { $0 >= 0 }
        self.ordered = zip(kept, kept.dropFirst()).allSatisfy { $0 < $1 }
        self.identity = outColumn.enumerated().allSatisfy { $0.element == Int32($0.offset) }
        self.dataset = dataset
    }

    func pick(_ batch: RecordBatch, valueType: DataType) throws -> SliceEntries {
        guard case .uint32(let r) = batch.columns[0].buffer, case .uint32(let c) = batch.columns[1].buffer,
              let values = batch.columns[2].widened(to: valueType) else {
            throw SourceError("dataset \(dataset): expression fragments do not match its record")
        }
        let n = r.count
        // The entries kept: runs of whole cells when every gene is kept, else one by one.
        var keepRuns: [Range<Int>] = [], keep: [Int] = [], rows: [Int32] = [], columns: [Int32] = []
        var outside = false
        if !identity { keep.reserveCapacity(n) }
        rows.reserveCapacity(n)
        columns.reserveCapacity(n)
        outRow.withUnsafeBufferPointer { outRow in
            outColumn.withUnsafeBufferPointer { outColumn in
                r.withUnsafeBufferPointer { r in
                    c.withUnsafeBufferPointer { c in
                        // Entries come in runs of one cell: a cell not chosen is skipped whole.
                        var i = 0
                        while i < n {
                            let row = Int(r[i])
                            guard row < outRow.count else {
                                outside = true
                                return
                            }
                            let end = r.endOfRun(from: i, before: n)
                            let outputRow = outRow[row]
                            if outputRow < 0 {
                                i = end
                                continue
                            }
                            if identity {
                                // Positions still need their bounds checked; then the run is kept whole.
                                var largest: UInt32 = 0
                                for k in i..<end { largest = max(largest, c[k]) }
                                guard Int(largest) < outColumn.count else {
                                    outside = true
                                    return
                                }
                                if let last = keepRuns.last, last.upperBound == i { keepRuns[keepRuns.count - 1] = last.lowerBound..<end }
                                else { keepRuns.append(i..<end) }
                                rows.append(contentsOf: repeatElement(outputRow, count: end - i))
                                columns.append(contentsOf: UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(c)[(i * 4)..<(end * 4)])
                                    .assumingMemoryBound(to: Int32.self))
                                i = end
                                continue
                            }
                            for k in i..<end {
                                let position = Int(c[k])
                                guard position < outColumn.count else {
                                    outside = true
                                    return
                                }
                                let outputColumn = outColumn[position]
                                if outputColumn >= 0 {
                                    keep.append(k)
                                    rows.append(outputRow)
                                    columns.append(outputColumn)
                                }
                            }
                            i = end
                        }
                    }
                }
            }
        }
        if outside {
            throw SourceError("dataset \(dataset): an entry lies outside its \(outRow.count) × \(outColumn.count) matrix")
        }
        if rows.count == n { return SliceEntries(rows: rows, columns: columns, values: values) }
        return SliceEntries(rows: rows, columns: columns, values: identity ? values.gather(runs: keepRuns) : values.gather(keep))
    }
}

/// Puts picked entries in (row, column) order as they stream by. Rows already arrive in order; columns
/// need sorting only when named genes are asked in another order than the panel's, and then the entries
/// of the last row of a piece wait for the next piece, which may continue that row.
struct SliceEntryOrdering {
    private var held: SliceEntries?

    /// The entries of `piece` that are final, in order (`ordered`: the piece is sorted within rows already).
    mutating func next(_ piece: SliceEntries, ordered: Bool) -> SliceEntries {
        if ordered && held == nil { return piece }
        var entries = held ?? SliceEntries(values: Column.empty(piece.values.type))
        held = nil
        entries.append(piece)
        guard let lastRow = entries.rows.last else { return entries }
        var cut = entries.count
        while cut > 0 && entries.rows[cut - 1] == lastRow { cut -= 1 }
        held = entries.slice(cut..<entries.count)
        return Self.sortedWithinRows(entries.slice(0..<cut))
    }

    /// What is still held, in order; the stream has ended.
    mutating func finish() -> SliceEntries? {
        defer { held = nil }
        return held.map(Self.sortedWithinRows)
    }

    private static func sortedWithinRows(_ entries: SliceEntries) -> SliceEntries {
        var order = Array(0..<entries.count)
        var start = 0
        var sorted = true
        while start < entries.count {
            var end = start + 1
            while end < entries.count && entries.rows[end] == entries.rows[start] { end += 1 }
            if zip(entries.columns[start..<(end - 1)], entries.columns[(start + 1)..<end]).contains(where: { $0 > $1 }) {
                order[start..<end].sort { entries.columns[$0] < entries.columns[$1] }
                sorted = false
            }
            start = end
        }
        if sorted { return entries }
        return SliceEntries(rows: entries.rows, columns: order.map { entries.columns[$0] }, values: entries.values.gather(order))
    }
}
