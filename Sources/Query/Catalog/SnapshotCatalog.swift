import Columnar
import Lake

/// The tables of a repository at one version: every stored table (`cells`, `var`, `genes`,
/// `expression`, `layer_<name>`, tables loaded from CSV or Parquet) and `datasets`, one row per
/// imported source.
public struct SnapshotCatalog: QueryCatalog {
    public let snapshot: Snapshot
    let records: [DatasetRecord]

    public init(snapshot: Snapshot) throws {
        self.snapshot = snapshot
        records = try snapshot.datasets()
    }

    public var tableNames: [String] {
        let stored = snapshot.tableNames
        return stored.contains(DatasetsTable.tableName) ? stored : (stored + [DatasetsTable.tableName]).sorted()
    }

    public func table(named name: String) throws -> (any QueryTable)? {
        if snapshot.tableNames.contains(name) {
            return SnapshotTable(name: name, schema: try snapshot.schema(of: name), snapshot: snapshot,
                                 records: Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0) }))
        }
        if name == DatasetsTable.tableName { return DatasetsTable(records: records, snapshot: snapshot) }
        return nil
    }
}

/// A version's catalog made when a subquery first reads it (an edit's condition rarely has one), once.
final class LazySnapshotCatalog: QueryCatalog {
    let snapshot: Snapshot
    private lazy var catalog = Result { try SnapshotCatalog(snapshot: snapshot) }

    init(snapshot: Snapshot) { self.snapshot = snapshot }

    var tableNames: [String] { (try? catalog.get().tableNames) ?? snapshot.tableNames }
    func table(named name: String) throws -> (any QueryTable)? { try catalog.get().table(named: name) }
}

/// A stored table, scanned with fragments skipped when their statistics (or, for ids computed from
/// dataset records, their cell ranges) rule out the query's constraints.
struct SnapshotTable: QueryTable {
    let name: String
    let schema: Schema
    let snapshot: Snapshot
    let records: [String: DatasetRecord]

    func scan(columns: [String], constraints: [ColumnConstraint], _ body: (RecordBatch) throws -> Void) throws {
        if isMatrix, try GeneIndexScan(table: self).run(columns: columns, constraints: constraints, body) { return }
        try scan(columns: columns, constraints: constraints, datasets: nil, body)
    }

    /// The scan over fragments, of the rows of `datasets` only when given.
    func scan(columns: [String], constraints: [ColumnConstraint], datasets: Set<String>?, _ body: (RecordBatch) throws -> Void) throws {
        let usable = constraints.filter { schema.field(named: $0.column) != nil }
        let include: ((Fragment) -> Bool)? = usable.isEmpty && datasets == nil ? nil : { fragment in
            (datasets.map { names in fragment.manifest.dataset.map(names.contains) ?? false } ?? true) && admits(fragment, usable)
        }
        try snapshot.scan(name, columns: columns, include: include,
                          prefilter: isMatrix ? MatrixPrefilter.make(usable, records: records) : nil, body)
    }

    /// Whether `fragment` may hold rows meeting every one of `constraints` (columns of this table).
    func admits(_ fragment: Fragment, _ constraints: [ColumnConstraint]) -> Bool {
        constraints.allSatisfy { constraint in
            guard let (min, max) = range(of: constraint.column, in: fragment) else { return true }
            return constraint.admits(min: min, max: max)
        }
    }

    private var isMatrix: Bool { name == "expression" || name.hasPrefix("layer_") }

    var estimatedRows: Int? { (try? snapshot.fragments(of: name))?.reduce(0) { $0 + $1.manifest.liveRows } }

    /// Fragments (and gene index chunks) decode on every core, a few ahead of the consumer; a table of one
    /// fragment decodes its columns side by side instead.
    var readsAhead: Bool { true }

    /// The smallest and largest value `column` takes in `fragment`, when known without reading it.
    private func range(of column: String, in fragment: Fragment) -> (Value, Value)? {
        let manifest = fragment.manifest
        let record = manifest.dataset.flatMap { records[$0] }
        switch column {
        case "dataset" where record != nil && (name == "cells" || name == "var"):
            return (.string(record!.name), .string(record!.name))
        case "cell_id" where record != nil && name == "cells":
            let first = record!.cellOffset + (manifest.datasetRow ?? 0)
            return (.int(Int64(first)), .int(Int64(first + manifest.rows - 1)))
        case "cell_id" where record != nil && isMatrix:
            guard let rows = manifest.statistics["row"], let low = rows.min.flatMap(Int64.init), let high = rows.max.flatMap(Int64.init) else { return nil }
            return (.int(Int64(record!.cellOffset) + low), .int(Int64(record!.cellOffset) + high))
        default:
            guard let field = schema.field(named: column), let stats = manifest.statistics[column],
                  let min = stats.min, let max = stats.max else { return nil }
            if field.type.isInteger {
                if let low = Int64(min), let high = Int64(max) { return (.int(low), .int(high)) }
                if let low = UInt64(min), let high = UInt64(max) { return (.uint(low), .uint(high)) }
                return nil
            }
            // Long strings may have been truncated in the statistics; only short bounds are exact.
            if field.type == .string, min.utf8.count < 60, max.utf8.count < 60 { return (.string(min), .string(max)) }
            return nil
        }
    }
}

/// `datasets`: one row per imported source, from the dataset records of the version.
struct DatasetsTable: QueryTable {
    static let tableName = "datasets"
    let records: [DatasetRecord]
    /// For counts after deletions (cells and entries a reader still sees).
    var snapshot: Snapshot? = nil
    var name: String { Self.tableName }

    var schema: Schema {
        Schema([Field("name", .string, nullable: false), Field("format", .string, nullable: false),
                Field("source", .string, nullable: false), Field("sha256", .string, nullable: false),
                Field("n_cells", .int64, nullable: false), Field("n_genes", .int64, nullable: false),
                Field("nnz", .int64, nullable: false), Field("value_type", .string, nullable: false),
                Field("first_cell_id", .int64, nullable: false)])
    }

    func scan(columns: [String], constraints: [ColumnConstraint], _ body: (RecordBatch) throws -> Void) throws {
        func strings(_ f: (DatasetRecord) -> String) -> Column { Column(type: .string, buffer: .bytes(VarBinary(strings: records.map(f)))) }
        func ints(_ f: (DatasetRecord) -> Int) -> Column { Column(type: .int64, buffer: .int64(records.map { Int64(f($0)) })) }
        let cells = try records.map { try snapshot?.liveCells(of: $0) ?? $0.cells }
        let nonZeros = try records.map { try snapshot?.liveNonZeros(of: $0) ?? $0.nonZeros }
        let all: [String: Column] = [
            "name": strings(\.name), "format": strings(\.format), "source": strings(\.source), "sha256": strings(\.sha256),
            "n_cells": Column(type: .int64, buffer: .int64(cells.map(Int64.init))), "n_genes": ints(\.genes),
            "nnz": Column(type: .int64, buffer: .int64(nonZeros.map(Int64.init))),
            "value_type": strings { $0.valueType.description }, "first_cell_id": ints(\.cellOffset),
        ]
        let fields = columns.compactMap { schema.field(named: $0) }
        try body(RecordBatch(schema: Schema(fields), columns: columns.compactMap { all[$0] }))
    }
}
