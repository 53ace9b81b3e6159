import Columnar
import Lake

/// `cairn delete TABLE --where PRED`: rows vanish at the new version, through deletion vectors (the
/// data objects stay, older versions still read them). Deleting cells also deletes every entry of those
/// cells in every matrix (`expression`, each `layer_*`), found by reading only the `row` column of the
/// matrix fragments of the same dataset whose row range reaches a deleted cell.
public enum TableDelete {
    public struct Summary: Sendable {
        /// Rows of `table` deleted.
        public var rows: Int
        /// Matrix entries deleted with them (cells only), per matrix table.
        public var entries: [String: Int]
        /// Bytes of the new deletion vectors.
        public var bytes: Int
    }

    /// Stages the deletion on `edits` (deletion vectors written, nothing committed). Throws when the
    /// condition matches no row.
    public static func stage(_ edits: inout TableEdits, table name: String, where conditionText: String) throws -> Summary {
        let snapshot = edits.base
        let target = try EditTarget(snapshot, table: name, verb: "delete from")
        let table = target.table
        if table == "genes" || table == "var" {
            throw QueryFailure("cannot delete from table '\(table)': matrices refer to its genes (delete cells, or slice the genes you want)")
        }
        let condition = try target.condition(conditionText)
        let predicate: BoundExpression
        do {
            predicate = try target.binder(target.scope(condition.columns)).bindCondition(condition.syntax)
        } catch {
            throw QueryFailure(error, in: conditionText, context: "--where")
        }
        edits.noteRead(condition.columns, of: table)
        var summary = Summary(rows: 0, entries: [:], bytes: 0)
        let before = edits.bytesWritten
        /// Per dataset, the dataset-local rows of the deleted cells.
        var deletedCells: [String: [Int]] = [:]
        try target.forEachMatch(columns: condition.columns, predicate: predicate) { fragment, _, positions, kept in
            let rows = kept.map { positions[$0] }
            summary.rows += try edits.deleteRows(rows, of: fragment)
            if table == "cells", let dataset = fragment.manifest.dataset {
                let first = fragment.manifest.datasetRow ?? 0
                deletedCells[dataset, default: []].append(contentsOf: rows.map { first + $0 })
            }
        }
        guard summary.rows > 0 else {
            throw LakeError.invalidArgument("0 rows matched --where \(conditionText) in table '\(table)': nothing to delete, nothing committed")
        }
        if !deletedCells.isEmpty {
            for matrix in snapshot.tableNames where Snapshot.isMatrixTable(matrix) {
                let deleted = try deleteEntries(of: deletedCells, in: matrix, &edits)
                if deleted > 0 { summary.entries[matrix] = deleted }
            }
        }
        summary.bytes = edits.bytesWritten - before
        return summary
    }

    /// Deletes the entries of `cells` (dataset → dataset-local rows) from one matrix table.
    private static func deleteEntries(of cells: [String: [Int]], in matrix: String, _ edits: inout TableEdits) throws -> Int {
        let snapshot = edits.base
        edits.noteRead(["row"], of: matrix)
        var total = 0
        let sorted = cells.mapValues { Set($0).sorted() }
        for fragment in try snapshot.fragments(of: matrix) {
            guard let dataset = fragment.manifest.dataset, let rows = sorted[dataset], let lowest = rows.first, let highest = rows.last else { continue }
            if let stats = fragment.manifest.statistics["row"], let low = stats.min.flatMap(Int.init), let high = stats.max.flatMap(Int.init) {
                // The fragment's cells lie in low...high: skip it unless a deleted cell does too.
                if high < lowest || low > highest { continue }
                let first = lowerBound(rows, low)
                if first == rows.count || rows[first] > high { continue }
            }
            guard let stored = try snapshot.storedColumn("row", of: fragment), case .uint32(let entryRows) = stored.buffer else {
                throw LakeError.corruptManifest(path: "fragment \(matrix)/\(fragment.name)", detail: "no uint32 'row' column")
            }
            // A bitmap over the dataset's rows up to the largest deleted one: one lookup per entry.
            var isDeleted = [Bool](repeating: false, count: highest + 1)
            for row in rows { isDeleted[row] = true }
            var positions: [Int] = []
            entryRows.withUnsafeBufferPointer { entryRows in
                isDeleted.withUnsafeBufferPointer { isDeleted in
                    for i in 0..<entryRows.count {
                        let row = Int(entryRows[i])
                        if row < isDeleted.count && isDeleted[row] { positions.append(i) }
                    }
                }
            }
            if !positions.isEmpty { total += try edits.deleteRows(positions, of: fragment) }
        }
        return total
    }

    /// The first index of `sorted` whose value is at least `value`.
    private static func lowerBound(_ sorted: [Int], _ value: Int) -> Int {
        var low = 0, high = sorted.count
        while low < high {
            let middle = (low + high) / 2
            if sorted[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
