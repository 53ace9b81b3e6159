import Columnar
import History

/// What changed between two versions, computed from their manifests (see `Repository.diff`).
public struct SnapshotDiff: Sendable {
    public var old: ObjectID
    public var new: ObjectID
    /// Datasets whose record exists only in the new / only in the old version, by name.
    public var datasetsAdded: [String] = []
    public var datasetsRemoved: [String] = []
    /// Every dataset with cells, genes or non-zeros added or removed, by name.
    public var datasets: [DatasetDelta] = []
    /// Every table that changed, by name.
    public var tables: [TableDiff] = []
    /// Gene indexes built, rebuilt or dropped, by table and dataset.
    public var geneIndexes: [GeneIndexDelta] = []

    public init(old: ObjectID, new: ObjectID) {
        self.old = old
        self.new = new
    }

    /// Nothing changed (the same commit, or commits with equal manifests).
    public var isEmpty: Bool { datasetsAdded.isEmpty && datasetsRemoved.isEmpty && datasets.isEmpty && tables.isEmpty && geneIndexes.isEmpty }
}

/// One dataset's gene index of one matrix table, as it changed: entries indexed on each side (nil: none).
public struct GeneIndexDelta: Hashable, Sendable {
    public enum Status: String, Sendable { case added, removed, rebuilt }

    public var table: String
    public var dataset: String
    public var status: Status
    public var oldEntries: Int?
    public var newEntries: Int?
}

/// Rows (cells, genes or matrix entries) of one dataset a diff found added and removed.
public struct DatasetDelta: Hashable, Sendable {
    public enum Status: String, Sendable { case added, removed, modified }

    public var name: String
    public var status: Status
    public var cellsAdded = 0, cellsRemoved = 0
    public var genesAdded = 0, genesRemoved = 0
    public var nonZerosAdded = 0, nonZerosRemoved = 0

    public init(name: String, status: Status) {
        self.name = name
        self.status = status
    }
}

/// Rows added and removed.
public struct RowCounts: Hashable, Sendable {
    public var added = 0
    public var removed = 0

    public init(added: Int = 0, removed: Int = 0) {
        self.added = added
        self.removed = removed
    }

    public var isEmpty: Bool { added == 0 && removed == 0 }
}

/// How one table differs.
public struct TableDiff: Hashable, Sendable {
    public enum Status: String, Sendable { case added, removed, modified }

    public var table: String
    public var status: Status
    public var schema = SchemaDiff()
    /// Live rows (entries, for a matrix) only in the new / only in the old version; a row hidden by a
    /// deletion vector counts as removed.
    public var rowsAdded = 0
    public var rowsRemoved = 0
    /// Rows in both versions with at least one column value that differs.
    public var rowsChanged = 0
    /// Fragment manifests only in the new / only in the old version (a rewritten one counts on both sides).
    public var fragmentsAdded = 0
    public var fragmentsRemoved = 0
    /// Added and removed rows per dataset (single-cell tables; plain tables have none).
    public var datasets: [String: RowCounts] = [:]
    /// Per column whose values changed, in table order.
    public var columns: [ColumnDiff] = []
    /// The columns that identify a row in examples (`cell_id`, `gene_id`, `dataset`; empty: row position).
    public var keyColumns: [String] = []

    public init(table: String, status: Status) {
        self.table = table
        self.status = status
    }

    var isEmpty: Bool {
        status == .modified && schema.isEmpty && rowsAdded == 0 && rowsRemoved == 0 && rowsChanged == 0
            && fragmentsAdded == 0 && fragmentsRemoved == 0
    }
}

/// Columns added, removed and retyped between two schemas of a table.
public struct SchemaDiff: Hashable, Sendable {
    public struct Retype: Hashable, Sendable {
        public var column: String
        public var old: DataType
        public var new: DataType
    }

    public var added: [Field] = []
    public var removed: [Field] = []
    public var retyped: [Retype] = []

    public init() {}

    /// The difference from `old` to `new` (nil: the table does not exist on that side).
    public init(old: Schema?, new: Schema?) {
        let before = old?.fields ?? [], after = new?.fields ?? []
        added = after.filter { field in !before.contains { $0.name == field.name } }
        removed = before.filter { field in !after.contains { $0.name == field.name } }
        retyped = after.compactMap { field in
            guard let previous = before.first(where: { $0.name == field.name }), previous.type != field.type else { return nil }
            return Retype(column: field.name, old: previous.type, new: field.type)
        }
    }

    public var isEmpty: Bool { added.isEmpty && removed.isEmpty && retyped.isEmpty }
}

/// How the values of one column changed in rows present in both versions.
public struct ColumnDiff: Hashable, Sendable {
    public var column: String
    public var changedRows: Int
    /// A few changed rows, in row order: their key, old and new value.
    public var examples: [ValueChange]
    /// For categorical columns (strings and booleans with few distinct changes): old → new and how many
    /// rows made that change, most frequent first. Empty for other columns.
    public var transitions: [Transition]
}

/// One changed value: the row's key (values of the table's key columns, or its position) and the values.
public struct ValueChange: Hashable, Sendable {
    public var key: [Value]
    public var old: Value
    public var new: Value
}

/// Rows whose value went from `old` to `new`.
public struct Transition: Hashable, Sendable {
    public var old: Value
    public var new: Value
    public var rows: Int
}
