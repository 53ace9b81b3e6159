import Columnar
import Parquet

/// Which fragments of one table `compact` rewrites, and into what.
///
/// The table's fragments are cut into pieces of rows; consecutive pieces that may share a fragment form a
/// segment, and a segment is rewritten when that changes something (it holds a deletion vector or several
/// column-group objects, or pieces of two or more fragments). Fragments already fine — one object, no
/// deletions, and not small or with no small neighbour they could merge with — are never rewritten, so a
/// second `compact` finds nothing to do.
///
/// Ids stay put (docs/format.md §4.5): in `cells` and `var` a row's id is its position in its dataset
/// (`dataset_row` + position), so there a piece is a run of consecutive live rows, and only pieces that
/// continue each other's dataset rows merge; a deletion gap ends a fragment. Where a fragment's deletions
/// are so scattered that its runs would average fewer than `targetRows / 64` rows, its deletion vector is
/// kept instead (only its column groups are collapsed). Other tables store what their ids derive from
/// (`row`, `col`) or have no ids, so their pieces are whole fragments, deleted rows dropped.
struct CompactionPlan {
    struct Piece {
        var fragment: Int
        /// Stored rows of the fragment this piece covers: a run of live rows (ids by position), or all
        /// stored rows, with the deletion vector filtering them on read.
        var rows: Range<Int>
        var liveRows: Int
        /// Scattered deletions in an id-by-position table: all stored rows kept, deletion vector too.
        var keepsDeletions: Bool
    }

    struct Segment {
        var pieces: [Piece]
        var schema: Schema
        var rewritten: Bool
        var liveRows: Int { pieces.reduce(0) { $0 + $1.liveRows } }
        /// Rows of each output fragment: the segment split into as few parts of at most `target` rows as
        /// possible, their sizes differing by at most one — so with two or more parts each holds at least
        /// `target / 2` rows, is not small, and a second compaction leaves it alone.
        func outputSizes(target: Int) -> [Int] {
            let total = pieces.first?.keepsDeletions == true ? pieces[0].rows.count : liveRows
            guard total > 0 else { return [] }
            let parts = (total + target - 1) / target
            return (0..<parts).map { total / parts + ($0 < total % parts ? 1 : 0) }
        }
    }

    let table: String
    let fragments: [Fragment]
    /// Each fragment's stored columns (the column each object lists, with its stored type).
    let schemas: [Schema]
    let segments: [Segment]
    /// Fragments replaced by the rewritten segments' output (or dropped: all rows deleted).
    let replaced: Set<Int>

    var isEmpty: Bool { replaced.isEmpty }

    init(table: String, fragments: [Fragment], tableSchema: Schema, targetRows: Int, repository: Repository) throws {
        self.table = table
        self.fragments = fragments
        let positional = table == SingleCellTables.cells || table == SingleCellTables.variables
        let schemas = try fragments.map { try CompactionPlan.storedSchema(of: $0, tableSchema: tableSchema, repository: repository) }
        self.schemas = schemas
        var pieces: [Piece] = []
        var dirty = Set<Int>()
        for (i, fragment) in fragments.enumerated() {
            let manifest = fragment.manifest
            if manifest.objects.count > 1 { dirty.insert(i) }
            guard manifest.deletionVector != nil else {
                pieces.append(Piece(fragment: i, rows: 0..<manifest.rows, liveRows: manifest.rows, keepsDeletions: false))
                continue
            }
            guard positional && manifest.dataset != nil else {
                dirty.insert(i)
                if manifest.liveRows > 0 {
                    pieces.append(Piece(fragment: i, rows: 0..<manifest.rows, liveRows: manifest.liveRows, keepsDeletions: false))
                }
                continue
            }
            let runs = CompactionPlan.liveRuns(rows: manifest.rows, deleted: try repository.deletionVector(of: manifest)?.positions ?? [])
            let live = runs.reduce(0) { $0 + $1.count }
            if !runs.isEmpty, live / runs.count < max(1, targetRows / 64) {
                pieces.append(Piece(fragment: i, rows: 0..<manifest.rows, liveRows: live, keepsDeletions: true))
            } else {
                dirty.insert(i)
                pieces += runs.map { Piece(fragment: i, rows: $0, liveRows: $0.count, keepsDeletions: false) }
            }
        }
        // Consecutive pieces join while both may merge and they continue each other.
        func mayMerge(_ piece: Piece) -> Bool {
            !piece.keepsDeletions && (dirty.contains(piece.fragment) || fragments[piece.fragment].manifest.liveRows < targetRows / 2)
        }
        func continues(_ previous: Piece, _ next: Piece) -> Bool {
            let a = fragments[previous.fragment].manifest, b = fragments[next.fragment].manifest
            guard mayMerge(previous), mayMerge(next), a.dataset == b.dataset, schemas[previous.fragment] == schemas[next.fragment] else { return false }
            guard positional && a.dataset != nil else { return true }
            return (a.datasetRow ?? 0) + previous.rows.upperBound == (b.datasetRow ?? 0) + next.rows.lowerBound
        }
        var segments: [Segment] = []
        for piece in pieces {
            if let last = segments.last?.pieces.last, continues(last, piece) {
                segments[segments.count - 1].pieces.append(piece)
            } else {
                segments.append(Segment(pieces: [piece], schema: schemas[piece.fragment], rewritten: false))
            }
        }
        var replaced = dirty
        for s in segments.indices {
            let sources = Set(segments[s].pieces.map(\.fragment))
            segments[s].rewritten = sources.count > 1 || !sources.isDisjoint(with: dirty)
            if segments[s].rewritten { replaced.formUnion(sources) }
        }
        self.segments = segments
        self.replaced = replaced
    }

    /// Runs of consecutive rows not in `deleted` (ascending).
    static func liveRuns(rows: Int, deleted: [UInt64]) -> [Range<Int>] {
        var runs: [Range<Int>] = []
        var start = 0
        for position in deleted {
            let p = Int(position)
            if p > start { runs.append(start..<p) }
            start = p + 1
        }
        if start < rows { runs.append(start..<rows) }
        return runs
    }

    /// The columns a fragment stores, each with the type of the object that lists it: columns the table
    /// derives or stores outside its schema (`row`, `col`) first, then the table's order.
    static func storedSchema(of fragment: Fragment, tableSchema: Schema, repository: Repository) throws -> Schema {
        var fields: [Field] = []
        for object in fragment.manifest.objects {
            let reader = try ParquetFileReader(source: try ObjectByteSource(repository: repository, object: object), footer: object.footer.range)
            for name in object.columns {
                guard let field = reader.schema.field(named: name) else {
                    throw LakeError.corruptManifest(path: "fragment \(fragment.table)/\(fragment.name)", detail: "object \(object.hash.hex) has no column '\(name)'")
                }
                fields.append(field)
            }
        }
        let order = { (field: Field) in tableSchema.index(of: field.name) ?? -1 }
        let sorted = fields.enumerated().sorted { (order($0.element), $0.offset) < (order($1.element), $1.offset) }.map(\.element)
        return Schema(sorted)
    }
}
