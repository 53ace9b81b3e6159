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
            // obs_name (200k strings for 200k cells) only when cells are chosen by name.
            let keys = ["dataset", "cell_id"] + (obsNames == nil ? [] : ["obs_name"])
            let extra = used.sorted().map { scope.columns[$0].name }.filter { !keys.contains($0) }
            let columns = keys + extra
            var binder = ExpressionBinder(scope: BindingScope(columns.map { name in scope.columns.first { $0.name == name }! }))
            binder.subqueries = validator.subqueries
            let predicate = try syntax.map { try binder.bindCondition($0) }
            let snapshot = catalog.snapshot
            if predicate == nil, obsNames == nil, let all = try allCells(snapshot) { return all }
            let records = Dictionary(uniqueKeysWithValues: try snapshot.datasets().map { ($0.name, $0) })
            var rows: [String: [Int]] = [:]
            let evaluator = ExpressionEvaluator()
            try table.scan(columns: columns, constraints: ConstraintExtractor.constraints(from: predicate)) { batch in
                let kept = try predicate.map { try evaluator.selectedRows($0, on: batch) } ?? Array(0..<batch.rowCount)
                guard case .bytes(let datasets) = batch.columns[0].buffer, case .int64(let ids) = batch.columns[1].buffer else { return }
                let names: VarBinary? = if obsNames != nil, case .bytes(let names) = batch.columns[2].buffer { names } else { nil }
                // Cells come in runs of one dataset: its name is decoded and looked up once per run.
                var current: (bytes: ArraySlice<UInt8>, name: String, record: DatasetRecord?)?
                var chosen: [Int] = []
                func flush() {
                    if let current, !chosen.isEmpty { rows[current.name, default: []].append(contentsOf: chosen) }
                    chosen.removeAll(keepingCapacity: true)
                }
                for i in kept {
                    if let obsNames, let names, !obsNames.contains(names.string(at: i)) { continue }
                    let bytes = datasets.bytes[datasets.byteRange(i)]
                    if current == nil || !bytes.elementsEqual(current!.bytes) {
                        flush()
                        let name = String(decoding: bytes, as: UTF8.self)
                        current = (bytes, name, records[name])
                    }
                    guard let record = current!.record else { continue }
                    chosen.append(Int(ids[i]) - record.cellOffset)
                }
                flush()
            }
            return CellSelection(rows: rows.mapValues { $0.sorted() })
        } catch {
            throw QueryFailure(error, in: condition ?? "", context: "--where")
        }
    }

    /// Every cell, from the dataset records alone, when no cell of any dataset is deleted (else nil: the
    /// cells table says which are left).
    private func allCells(_ snapshot: Snapshot) throws -> CellSelection? {
        guard snapshot.tableNames.contains("cells"),
              try snapshot.fragments(of: "cells").allSatisfy({ $0.manifest.deletionVector == nil }) else { return nil }
        var rows: [String: [Int]] = [:]
        for record in try snapshot.datasets() where record.cells > 0 { rows[record.name] = Array(0..<record.cells) }
        return CellSelection(rows: rows)
    }
}
