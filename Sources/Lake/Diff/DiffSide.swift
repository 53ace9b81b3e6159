import Columnar

/// One version of a table in a diff: its schema and how it derives ids, and reads of single fragments.
struct DiffSide {
    let snapshot: Snapshot
    let table: String
    let schema: Schema
    let records: [String: DatasetRecord]
    private let derivation: ColumnDerivation?

    /// nil when the table does not exist in this version.
    init?(snapshot: Snapshot, table: String) throws {
        guard snapshot.manifest.tables[table] != nil else { return nil }
        self.snapshot = snapshot
        self.table = table
        schema = try snapshot.schema(of: table)
        records = SingleCellTables.isDerived(table)
            ? Dictionary(uniqueKeysWithValues: try snapshot.datasets().map { ($0.name, $0) }) : [:]
        derivation = SingleCellTables.isDerived(table) ? SingleCellTables.derivation(for: table, records: records) : nil
    }

    /// The fragment's rows that are live here: nil when it has no deletion vector (all are).
    func liveMask(_ fragment: Fragment) throws -> [Bool]? {
        try snapshot.repository.liveMask(of: fragment.manifest)
    }

    /// `columns` of the fragment in one batch: every stored row (`includeDeleted`, so positions line up
    /// with another version of the same fragment) or only the live ones.
    func read(_ fragment: Fragment, columns: [String], includeDeleted: Bool) throws -> RecordBatch {
        var manifest = fragment.manifest
        if includeDeleted { manifest.deletionVector = nil }
        let source = Fragment(table: fragment.table, name: fragment.name, manifest: manifest)
        let fields = try columns.map { name in
            guard let field = schema.field(named: name) else { throw LakeError.unknownColumn(name, table: table) }
            return field
        }
        var batches: [RecordBatch] = []
        try FragmentReader(repository: snapshot.repository, fragment: source, schema: schema, derivation: derivation)
            .read(columns: columns) { batches.append($0) }
        return batches.count == 1 ? batches[0] : RecordBatch.concatenate(batches, schema: Schema(fields))
    }

    /// The object holding `column` in the fragment, nil when none does (the fragment predates the column).
    static func holder(of column: String, in fragment: Fragment) -> FragmentObject? {
        fragment.manifest.objects.first { $0.columns.contains(column) }
    }
}
