import Columnar
import Lake

/// Chooses cells for `slice`: a SQL condition over the `cells` table (the expression language of
/// `query`), and/or a list of obs names. Only the columns the condition names are read, and fragments
/// its constraints rule out are skipped.
public struct CellSelector {
    let catalog: SnapshotCatalog

    public init(catalog: SnapshotCatalog) {
        self.catalog = catalog
    }

    public func select(where condition: String?, obsNames: Set<String>?) throws(QueryFailure) -> CellSelection {
        do {
            guard let table = try catalog.table(named: "cells") else { throw QueryFailure("no cells at \(catalog.snapshot.revision): import a dataset first") }
            let scope = BindingScope(schema: table.schema, qualifier: "cells")
            let syntax = try condition.map { try SQLParser.parseExpression($0) }
            if let syntax, ExpressionBinder.containsAggregate(syntax) {
                throw SQLBindingError("aggregate functions are not allowed in --where", offset: syntax.offset)
            }
            // Bound over every column first, so that an unknown name is reported with the nearest names.
            var validator = ExpressionBinder(scope: scope)
            validator.subqueries = SubqueryRunner(catalog: catalog)
            if let syntax { _ = try validator.bindCondition(syntax) }
            let used = scope.columns(namedIn: syntax.map { [$0] } ?? [])
            // obs_name (200k strings for 200k cells) only when cells are chosen by name; a cell's dataset
            // is found from its id (each dataset's cells hold the ids from its offset on), not read as a
            // column of its name repeated over every cell.
            let keys = ["cell_id"] + (obsNames == nil ? [] : ["obs_name"])
            let extra = used.sorted().map { scope.columns[$0].name }.filter { !keys.contains($0) }
            let columns = keys + extra
            var binder = ExpressionBinder(scope: BindingScope(columns.map { name in scope.columns.first { $0.name == name }! }))
            binder.subqueries = validator.subqueries
            let predicate = try syntax.map { try binder.bindCondition($0) }
            let snapshot = catalog.snapshot
            if predicate == nil, obsNames == nil, let all = try allCells(snapshot) { return all }
            let evaluator = ExpressionEvaluator()
            if obsNames == nil, let predicate, Set(columns).isSubset(of: ["dataset", "cell_id"]),
               let candidates = try candidateCells(snapshot, ConstraintExtractor.constraints(from: predicate)) {
                return try select(candidates, predicate: predicate, fields: columns.map { table.schema.field(named: $0)! }, evaluator: evaluator)
            }
            let records = try snapshot.datasets().filter { $0.cells > 0 }.sorted { $0.cellOffset < $1.cellOffset }
            var rows: [String: [Int]] = [:]
            try table.scan(columns: columns, constraints: ConstraintExtractor.constraints(from: predicate)) { batch in
                let kept = try predicate.map { try evaluator.selectedRows($0, on: batch) } ?? Array(0..<batch.rowCount)
                guard case .int64(let ids) = batch.columns[0].buffer else { return }
                let names: VarBinary? = if obsNames != nil, case .bytes(let names) = batch.columns[1].buffer { names } else { nil }
                // Cells come in runs of one dataset: its record is looked up once per run.
                var current: DatasetRecord?
                var chosen: [Int] = []
                func flush() {
                    if let current, !chosen.isEmpty { rows[current.name, default: []].append(contentsOf: chosen) }
                    chosen.removeAll(keepingCapacity: true)
                }
                for i in kept {
                    if let obsNames, let names, !obsNames.contains(names.string(at: i)) { continue }
                    let id = Int(ids[i])
                    if current.map({ id < $0.cellOffset || id >= $0.cellOffset + $0.cells }) ?? true {
                        flush()
                        // The last dataset starting at or before the id, if the id lies within it.
                        var low = 0, high = records.count
                        while low < high {
                            let middle = (low + high) / 2
                            if records[middle].cellOffset <= id { low = middle + 1 } else { high = middle }
                        }
                        current = low > 0 && id < records[low - 1].cellOffset + records[low - 1].cells ? records[low - 1] : nil
                    }
                    guard let record = current else { continue }
                    chosen.append(id - record.cellOffset)
                }
                flush()
            }
            return CellSelection(rows: rows.mapValues { $0.sorted() })
        } catch {
            throw QueryFailure(error, in: condition ?? "", context: "--where")
        }
    }

    /// The cells a condition on `cell_id` (and `dataset`) alone can keep, from the dataset records and its
    /// `cell_id` constraint — an IN list or both bounds — when no cell is deleted (ids are then every
    /// dataset's offset + row); nil when there is no such constraint, or it admits more than a table scan
    /// reads. The condition itself is still evaluated on them.
    private func candidateCells(_ snapshot: Snapshot, _ constraints: [ColumnConstraint]) throws -> [(record: DatasetRecord, ids: [Int64])]? {
        guard let constraint = constraints.first(where: { $0.column == "cell_id" }), try noCellDeleted(snapshot) else { return nil }
        let records = try snapshot.datasets().filter { $0.cells > 0 }
        let total = records.reduce(0) { $0 + $1.cells }
        var wanted: [Int64]
        if let values = constraint.values {
            // Any other kind of value (2.0 equals cell 2) is left to the scan.
            let ids = values.compactMap { if case .int(let id) = $0 { id } else { nil } }
            guard ids.count == values.count else { return nil }
            wanted = ids.sorted()
        } else if let lower = constraint.lower, let upper = constraint.upper, case .int(let low) = lower.value, case .int(let high) = upper.value {
            // Exclusive bounds at the ends of Int64 admit nothing past them.
            guard lower.inclusive || low < .max, upper.inclusive || high > .min else { return [] }
            let first = lower.inclusive ? low : low + 1, last = upper.inclusive ? high : high - 1
            guard first <= last else { return [] }
            let (span, overflow) = last.subtractingReportingOverflow(first)
            guard !overflow, span < Int64(total) else { return nil }
            wanted = Array(first...last)
        } else {
            return nil
        }
        guard wanted.count <= total else { return nil }
        return records.compactMap { record in
            let range = Int64(record.cellOffset)..<Int64(record.cellOffset + record.cells)
            let ids = wanted.filter { range.contains($0) }
            return ids.isEmpty ? nil : (record, ids)
        }
    }

    /// The candidates the condition keeps, evaluated on a batch of their `dataset` and `cell_id`.
    private func select(_ candidates: [(record: DatasetRecord, ids: [Int64])], predicate: BoundExpression, fields: [Field],
                        evaluator: ExpressionEvaluator) throws -> CellSelection {
        var rows: [String: [Int]] = [:]
        for (record, ids) in candidates {
            let columns = fields.map { field in
                field.name == "dataset" ? Column(type: field.type, buffer: .bytes(VarBinary(repeating: Array(record.name.utf8), count: ids.count)))
                    : Column(type: field.type, buffer: .int64(ids))
            }
            let kept = try evaluator.selectedRows(predicate, on: RecordBatch(schema: Schema(fields), columns: columns))
            let chosen = kept.map { Int(ids[$0]) - record.cellOffset }
            if !chosen.isEmpty { rows[record.name, default: []].append(contentsOf: chosen) }
        }
        return CellSelection(rows: rows.mapValues { Array(Set($0)).sorted() })
    }

    /// Every cell, from the dataset records alone, when no cell of any dataset is deleted (else nil: the
    /// cells table says which are left).
    private func allCells(_ snapshot: Snapshot) throws -> CellSelection? {
        guard snapshot.tableNames.contains("cells"), try noCellDeleted(snapshot) else { return nil }
        var rows: [String: [Int]] = [:]
        for record in try snapshot.datasets() where record.cells > 0 { rows[record.name] = Array(0..<record.cells) }
        return CellSelection(rows: rows)
    }

    /// Whether no fragment of `cells` has a deletion vector: every dataset's cells are then its rows 0..<cells.
    private func noCellDeleted(_ snapshot: Snapshot) throws -> Bool {
        try snapshot.fragments(of: "cells").allSatisfy { $0.manifest.deletionVector == nil }
    }
}
