import Columnar
import History

/// Three-way merge of the dataset records (`datasets/<name>.json`).
///
/// A dataset the other side imported is added with its cell ids moved past this side's, if they would
/// overlap, and its panel mapped to the merged gene ids: only manifests are renumbered, never data.
/// A record both sides changed merges the parts curation changes (category orders, obs/var column
/// lists: new values and columns are added after this side's); anything else differing is a conflict.
struct DatasetRecordMerge {
    /// Records to write (name → record) and names to remove.
    private(set) var upserts: [String: DatasetRecord] = [:]
    private(set) var removals: [String] = []
    private(set) var structural: [String] = []

    init(_ changes: [TreeChange], ours oursChanges: [String: TreeChange], oursRecords: [DatasetRecord],
         renumberedGenes: [Int: Int], decode: (ObjectID, String) throws -> DatasetRecord) throws {
        var added: [DatasetRecord] = []
        for change in changes {
            let name = String(change.path.dropFirst("\(ManifestPaths.datasetsDirectory)/".count).dropLast(".json".count))
            let mine = oursChanges[change.path]
            if let mine, mine.newBlob == change.newBlob { continue }  // the same change on both sides
            switch (change.oldBlob, change.newBlob) {
            case (nil, let theirs?):
                if mine != nil { structural.append("dataset '\(name)' was imported on both sides with different contents"); continue }
                added.append(try decode(theirs, change.path))
            case (_?, nil):
                if mine != nil { structural.append("dataset '\(name)' was removed on one side and changed on the other"); continue }
                removals.append(name)
            case (let base?, let theirs?):
                guard let mine else { upserts[name] = try decode(theirs, change.path); continue }
                guard let oursBlob = mine.newBlob else {
                    structural.append("dataset '\(name)' was removed on one side and changed on the other"); continue
                }
                if let merged = Self.merge(base: try decode(base, change.path), ours: try decode(oursBlob, change.path),
                                           theirs: try decode(theirs, change.path)) {
                    upserts[name] = merged
                } else {
                    structural.append("dataset '\(name)' changed on both sides in ways that do not merge")
                }
            case (nil, nil):
                continue
            }
        }
        // Cell ids: the other side's new datasets keep their relative layout, moved past this side's cells.
        let oursEnd = oursRecords.map { $0.cellOffset + $0.cells }.max() ?? 0
        let firstNew = added.map(\.cellOffset).min() ?? oursEnd
        let shift = max(0, oursEnd - firstNew)
        for var record in added {
            record.cellOffset += shift
            record.panel = record.panel.map { renumberedGenes[$0] ?? $0 }
            upserts[record.name] = record
        }
    }

    /// Both sides' record with the curation parts merged, or nil when other parts differ on both sides.
    static func merge(base: DatasetRecord, ours: DatasetRecord, theirs: DatasetRecord) -> DatasetRecord? {
        func rest(_ record: DatasetRecord) -> DatasetRecord {
            var copy = record
            copy.categories = [:]
            copy.obsColumns = []
            copy.varColumns = []
            return copy
        }
        var merged = ours
        if rest(ours) != rest(theirs) {
            if rest(ours) == rest(base) { merged = theirs } else if rest(theirs) != rest(base) { return nil }
        }
        merged.categories = mergeCategories(base: base.categories, ours: ours.categories, theirs: theirs.categories)
        merged.obsColumns = mergeFields(base: base.obsColumns, ours: ours.obsColumns, theirs: theirs.obsColumns)
        merged.varColumns = mergeFields(base: base.varColumns, ours: ours.varColumns, theirs: theirs.varColumns)
        return merged
    }

    private static func mergeCategories(base: [String: CategoryOrder], ours: [String: CategoryOrder],
                                        theirs: [String: CategoryOrder]) -> [String: CategoryOrder] {
        var merged = ours
        for (key, order) in theirs where order != base[key] {
            guard let mine = ours[key], mine != base[key] else { merged[key] = order; continue }
            var union = mine
            union.values += order.values.filter { !mine.values.contains($0) }
            merged[key] = union
        }
        for key in base.keys where theirs[key] == nil && ours[key] == base[key] { merged[key] = nil }
        return merged
    }

    private static func mergeFields(base: [Field], ours: [Field], theirs: [Field]) -> [Field] {
        if theirs == base { return ours }
        if ours == base { return theirs }
        var merged = ours.filter { field in !(base.contains(field) && !theirs.contains { $0.name == field.name }) }
        merged += theirs.filter { field in !merged.contains { $0.name == field.name } && !base.contains { $0.name == field.name } }
        return merged
    }
}
