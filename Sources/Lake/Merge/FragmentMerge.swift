import Columnar

/// Three-way merge of one fragment that both sides changed since the merge base. Changes are tracked at
/// the granularity a write makes them: a column (the object that provides it) and the deletion vector.
/// A column only one side changed is taken from that side without reading it; a column both changed is
/// merged value by value, and only then is data read and a new one-column object written.
struct FragmentMerge {
    let repository: Repository
    let table: String
    /// The merged table's schema: the type every side's column is widened to.
    let schema: Schema
    let strategy: MergeStrategy?
    /// How a user names stored row `i` of the fragment (`cell_id 42`, `row 9`).
    let rowLabel: (_ fragment: FragmentManifest, _ position: Int) -> String

    /// Why a fragment cannot be merged column by column.
    struct Structural: Error { var reason: String }

    func merge(base: FragmentManifest, ours: FragmentManifest, theirs: FragmentManifest,
               conflicts: inout [MergeConflict]) throws -> FragmentManifest {
        guard base.rows == ours.rows, base.rows == theirs.rows,
              base.dataset == ours.dataset, base.dataset == theirs.dataset,
              base.datasetRow == ours.datasetRow, base.datasetRow == theirs.datasetRow else {
            throw Structural(reason: "its rows were rewritten on one side (compact?) and changed on the other")
        }
        var merged = ours
        var chosen: [(column: String, object: FragmentObject)] = []
        merged.statistics = [:]
        for field in schema.fields {
            let column = field.name
            let (b, o, t) = (base.provider(of: column), ours.provider(of: column), theirs.provider(of: column))
            let pick: (object: FragmentObject, statistics: ColumnStatistics?)?
            if o?.hash == b?.hash { pick = t.map { ($0, theirs.statistics[column]) } }
            else if t?.hash == b?.hash || t?.hash == o?.hash { pick = o.map { ($0, ours.statistics[column]) } }
            else { pick = try mergeValues(field, base: base, ours: ours, theirs: theirs, conflicts: &conflicts) }
            if let pick {
                chosen.append((column, pick.object))
                merged.statistics[column] = pick.statistics
            }
        }
        // Objects keep their bytes; each now lists only the columns it provides in the merge.
        var objects: [FragmentObject] = []
        for (column, object) in chosen {
            if let i = objects.firstIndex(where: { $0.hash == object.hash }) { objects[i].columns.append(column) }
            else { var copy = object; copy.columns = [column]; objects.append(copy) }
        }
        merged.objects = objects
        merged.deletionVector = try mergeDeletions(base: base, ours: ours, theirs: theirs)
        return merged
    }

    /// Both sides rewrote `field`: each row takes the side that changed it; rows changed differently on
    /// both sides are conflicts (or settled by the strategy). Returns the new column's object.
    private func mergeValues(_ field: Field, base: FragmentManifest, ours: FragmentManifest, theirs: FragmentManifest,
                             conflicts: inout [MergeConflict]) throws -> (object: FragmentObject, statistics: ColumnStatistics?)? {
        let b = try column(field, of: base), o = try column(field, of: ours), t = try column(field, of: theirs)
        var picks: [Int] = []  // index into ours ++ theirs
        picks.reserveCapacity(base.rows)
        var fromTheirs = false
        for i in 0..<base.rows {
            let (bv, ov, tv) = (b.value(at: i), o.value(at: i), t.value(at: i))
            if ov == bv && tv != bv {
                picks.append(base.rows + i)
                fromTheirs = true
            } else if tv == bv || ov == tv {
                picks.append(i)
            } else {
                switch strategy {
                case .ours: picks.append(i)
                case .theirs: picks.append(base.rows + i); fromTheirs = true
                case nil:
                    conflicts.append(MergeConflict(table: table, row: rowLabel(base, i), column: field.name, base: bv, ours: ov, theirs: tv))
                    picks.append(i)
                }
            }
        }
        if !fromTheirs { return ours.provider(of: field.name).map { ($0, ours.statistics[field.name]) } }
        var both = o
        both.append(contentsOf: t)
        let values = both.gather(picks)
        let schema = Schema([Field(field.name, field.type, nullable: field.nullable || values.nullCount > 0)])
        let (object, statistics) = try repository.writeColumnObject(RecordBatch(schema: schema, columns: [values]), path: "fragment of \(table)")
        return (object, statistics[field.name])
    }

    /// All stored rows of one column of a fragment, in the table's type; nulls where the fragment predates it.
    private func column(_ field: Field, of fragment: FragmentManifest) throws -> Column {
        guard let stored = try repository.storedColumn(field.name, of: fragment, path: "fragment of \(table)") else {
            return Column.nulls(field.type, count: fragment.rows)
        }
        guard let widened = stored.widened(to: field.type) else {
            throw LakeError.corruptManifest(path: "fragment of \(table)", detail: "column '\(field.name)' is \(stored.type), the table holds \(field.type)")
        }
        return widened
    }

    /// Row by row: deleted if it was deleted on the side that changed it (a delete on either side wins over
    /// no change; an undelete — a revert — wins likewise).
    private func mergeDeletions(base: FragmentManifest, ours: FragmentManifest, theirs: FragmentManifest) throws -> DeletionVectorReference? {
        if ours.deletionVector == base.deletionVector { return theirs.deletionVector }
        if theirs.deletionVector == base.deletionVector || theirs.deletionVector == ours.deletionVector { return ours.deletionVector }
        let b = Set(try repository.deletedPositions(of: base)), o = Set(try repository.deletedPositions(of: ours)),
            t = Set(try repository.deletedPositions(of: theirs))
        let result = o.subtracting(b).union(t.subtracting(b)).union(b.intersection(o).intersection(t))
        return result.isEmpty ? nil : try repository.writeDeletionVector(result)
    }
}

extension FragmentManifest {
    /// The object that provides `column`, if the fragment stores it.
    func provider(of column: String) -> FragmentObject? {
        objects.first { $0.columns.contains(column) }
    }
}
