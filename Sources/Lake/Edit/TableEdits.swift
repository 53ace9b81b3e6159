import Columnar
import Foundation
import History
import Storage

/// Changes to rows of existing tables, staged against one version and committed together: columns of
/// fragments rewritten (copy-on-write: one new object holding only the changed columns of a fragment),
/// rows deleted (a deletion vector per fragment), tables growing new columns, dataset records extended.
///
/// Data objects are written while the edits are staged; `Repository.commit(_:message:)` then edits the
/// manifests on the branch's current head. If the branch moved since `base`, the edits are re-applied when
/// they commute with what happened there, and refused as a conflict when the columns they rewrote or read
/// changed (see `EditMerge`).
public struct TableEdits {
    /// The version the edits were computed on (the branch's head when they began).
    public let base: Snapshot
    let branch: BranchHead
    /// Per table, per fragment name: what changes in that fragment.
    var fragments: [String: [String: FragmentEdit]] = [:]
    /// Per table: columns the table grows (nullable; fragments without them read nulls).
    var addedColumns: [String: [Field]] = [:]
    /// Per table: the columns whose values decided the edits (a WHERE, a SET's inputs, a join key).
    var reads: [String: Set<String>] = [:]
    /// Per dataset: additions to its record.
    var records: [String: DatasetRecordEdit] = [:]

    init(base: Snapshot, branch: BranchHead) {
        self.base = base
        self.branch = branch
    }

    /// Whether nothing would change.
    public var isEmpty: Bool { fragments.values.allSatisfy(\.isEmpty) && addedColumns.values.allSatisfy(\.isEmpty) }

    /// Bytes of the data objects staged so far (new column objects and deletion vectors).
    public var bytesWritten: Int {
        fragments.values.reduce(0) { total, edits in
            edits.values.reduce(total) { $0 + $1.objects.reduce(0) { $0 + $1.bytes } + ($1.deletionVector?.bytes ?? 0) }
        }
    }

    /// Tables with staged changes, sorted.
    public var tables: [String] { Set(fragments.keys).union(addedColumns.keys).sorted() }

    /// Writes `columns` (every stored row of `fragment`, deleted rows included, in the fragment's
    /// physical types) as one new data object that replaces those columns in the fragment.
    public mutating func replaceColumns(_ columns: RecordBatch, of fragment: Fragment) throws {
        let path = "fragment \(fragment.table)/\(fragment.name)"
        guard columns.rowCount == fragment.manifest.rows else {
            throw LakeError.invalidArgument("\(path): \(columns.rowCount) rows for a fragment of \(fragment.manifest.rows)")
        }
        var edit = fragments[fragment.table]?[fragment.name] ?? FragmentEdit(base: fragment.manifest)
        for name in columns.schema.names where edit.rewrittenColumns.contains(name) {
            throw LakeError.invalidArgument("\(path): column '\(name)' rewritten twice in one commit")
        }
        let (object, statistics) = try base.repository.writeColumnObject(columns, path: path)
        edit.objects.append(object)
        edit.statistics.merge(statistics) { _, new in new }
        fragments[fragment.table, default: [:]][fragment.name] = edit
    }

    /// Deletes the rows at `positions` (fragment-local, any order) of `fragment`, on top of those its
    /// deletion vector already names; returns how many rows were newly deleted (0 writes nothing).
    @discardableResult
    public mutating func deleteRows(_ positions: [Int], of fragment: Fragment) throws -> Int {
        let manifest = fragment.manifest
        var deleted = Set(try base.deletedPositions(of: fragment))
        let before = deleted.count
        for p in positions {
            guard p >= 0 && p < manifest.rows else {
                throw LakeError.invalidArgument("fragment \(fragment.table)/\(fragment.name): row \(p) beyond its \(manifest.rows) rows")
            }
            deleted.insert(p)
        }
        let added = deleted.count - before
        guard added > 0 else { return 0 }
        var edit = fragments[fragment.table]?[fragment.name] ?? FragmentEdit(base: manifest)
        edit.deletionVector = try base.repository.writeDeletionVector(deleted)
        fragments[fragment.table, default: [:]][fragment.name] = edit
        return added
    }

    /// Grows `table` by `field` (made nullable): fragments that never get a value read nulls.
    public mutating func addColumn(_ field: Field, to table: String) {
        var field = field
        field.nullable = true
        if !(addedColumns[table] ?? []).contains(where: { $0.name == field.name }) { addedColumns[table, default: []].append(field) }
    }

    /// Records that the values of `columns` of `table` decided these edits: a commit refuses them if
    /// those columns changed on the branch meanwhile.
    public mutating func noteRead(_ columns: some Sequence<String>, of table: String) {
        reads[table, default: []].formUnion(columns)
    }

    /// Appends the strings of `column` that the category order `known` of `key` (`obs/<column>`) in
    /// `dataset`'s record lacks, in first-seen order; nothing when there are none.
    public mutating func extendCategories(of dataset: String, key: String, known: CategoryOrder, with column: Column) {
        guard case .bytes(let strings) = column.buffer, column.type == .string else { return }
        var edit = records[dataset] ?? DatasetRecordEdit()
        var list = edit.categories[key] ?? []
        var seen = Set(list).union(known.values)
        for i in 0..<column.count where !column.isNull(i) {
            let value = strings.string(at: i)
            if seen.insert(value).inserted { list.append(value) }
        }
        if list.isEmpty { return }
        edit.categories[key] = list
        records[dataset] = edit
    }

    /// Adds `field` to the obs columns `dataset` exports (when it lacks it).
    public mutating func addObsColumn(_ field: Field, to dataset: String) {
        var edit = records[dataset] ?? DatasetRecordEdit()
        if !edit.obsColumns.contains(where: { $0.name == field.name }) { edit.obsColumns.append(field) }
        records[dataset] = edit
    }

    /// Adds `field` to the var columns `dataset` exports (when it lacks it).
    public mutating func addVarColumn(_ field: Field, to dataset: String) {
        var edit = records[dataset] ?? DatasetRecordEdit()
        if !edit.varColumns.contains(where: { $0.name == field.name }) { edit.varColumns.append(field) }
        records[dataset] = edit
    }
}

/// What changes in one fragment: new objects (each holding columns that leave the older objects), their
/// statistics, and a replacement deletion vector.
struct FragmentEdit {
    /// The manifest as the edit read it.
    var base: FragmentManifest
    var objects: [FragmentObject] = []
    var statistics: [String: ColumnStatistics] = [:]
    var deletionVector: DeletionVectorReference?

    var rewrittenColumns: Set<String> { Set(objects.flatMap(\.columns)) }

    /// `current` (the fragment on the branch now) with this edit applied: rewritten columns leave the
    /// objects that held them (an object left with no column is dropped), the new objects join.
    func applied(to current: FragmentManifest) -> FragmentManifest {
        var manifest = current
        let rewritten = rewrittenColumns
        if !rewritten.isEmpty {
            manifest.objects = manifest.objects.compactMap { object in
                var object = object
                object.columns.removeAll { rewritten.contains($0) }
                return object.columns.isEmpty ? nil : object
            } + objects
            manifest.statistics.merge(statistics) { _, new in new }
        }
        if let deletionVector { manifest.deletionVector = deletionVector }
        return manifest
    }
}

/// Additions to one dataset record: categories appended to orders, obs and var columns it now exports.
public struct DatasetRecordEdit: Sendable {
    public var categories: [String: [String]] = [:]
    public var obsColumns: [Field] = []
    public var varColumns: [Field] = []

    func applied(to record: DatasetRecord) -> DatasetRecord {
        var record = record
        for (key, values) in categories {
            var order = record.categories[key] ?? CategoryOrder(values: [], ordered: false)
            for value in values where !order.values.contains(value) { order.values.append(value) }
            record.categories[key] = order
        }
        for field in obsColumns where !record.obsColumns.contains(where: { $0.name == field.name }) {
            record.obsColumns.append(field)
        }
        for field in varColumns where !record.varColumns.contains(where: { $0.name == field.name }) {
            record.varColumns.append(field)
        }
        return record
    }
}
