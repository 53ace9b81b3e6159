import Columnar
import Parquet
import Storage

/// Columns a table computes instead of storing (single-cell ids: DESIGN §4), given the fragment and the
/// physical columns it asks for.
struct ColumnDerivation {
    /// Physical columns `name` is computed from (empty when it needs none); nil when `name` is not derived.
    var inputs: (_ name: String) -> [String]?
    /// Computes `name` for rows `rows` (fragment-local) from the physical `inputs` of those rows.
    var compute: (_ name: String, _ fragment: Fragment, _ rows: Range<Int>, _ inputs: [Column]) throws -> Column
}

/// Reads a fragment's live rows: finds the object holding each wanted column, reads them (using the footer
/// offsets the manifest records, so no tail read), computes derived columns, widens stored types to the
/// table's, fills columns the fragment predates with nulls, and drops rows named by the deletion vector.
struct FragmentReader {
    let repository: Repository
    let fragment: Fragment
    let schema: Schema
    var derivation: ColumnDerivation? = nil
    /// For each row group of a single-object fragment, the group-local row ranges to read (ascending, not
    /// overlapping; nil: all of it, empty: none), read together and handed on as one batch; a slice reads
    /// only the rows of its cells.
    var rowRanges: ((_ group: Int, _ reader: ParquetFileReader) throws -> [Range<Int>]?)? = nil
    /// Whether a read decodes its columns on several threads (off when fragments are read in parallel).
    var parallelColumns = true
    /// Rows to keep, judged on stored columns before anything is derived, widened or read further
    /// (a query's gene and cell constraints on a matrix). Only for tables whose derived columns depend
    /// on their stored inputs alone, not on row position.
    var prefilter: RowPrefilter? = nil

    /// Whole row groups handed on as stored instead of decoded (single-object fragments, without a
    /// prefilter): `wantsStored` says which, asked only of groups whose every row is live; `takeStored`
    /// gets the group's chunks of the wanted columns and says whether it used them (if not, the group is
    /// decoded).
    var wantsStored: ((_ group: Int, _ reader: ParquetFileReader) throws -> Bool)? = nil
    var takeStored: ((StoredRowGroup) throws -> Bool)? = nil

    private var path: String { "fragment \(fragment.table)/\(fragment.name)" }

    func read(columns wanted: [String], _ body: (RecordBatch) throws -> Void) throws {
        let manifest = fragment.manifest
        let live = try repository.liveMask(of: manifest)
        let fields = try wanted.map { name in
            guard let field = schema.field(named: name) else { throw LakeError.unknownColumn(name, table: fragment.table) }
            return field
        }
        // The physical columns to fetch: stored wanted columns, and the inputs of derived ones.
        var physical: [String] = []
        func need(_ name: String) { if !physical.contains(name) { physical.append(name) } }
        for name in wanted {
            if manifest.objects.contains(where: { $0.columns.contains(name) }) { need(name) }
            else if let inputs = derivation?.inputs(name) { inputs.forEach(need) }
        }
        prefilter?.inputs.forEach(need)
        var plan: [(object: FragmentObject, columns: [String])] = []
        for name in physical {
            guard let object = manifest.objects.first(where: { $0.columns.contains(name) }) else {
                throw LakeError.corruptManifest(path: path, detail: "no object holds column '\(name)'")
            }
            if let i = plan.firstIndex(where: { $0.object.hash == object.hash }) { plan[i].columns.append(name) }
            else { plan.append((object, [name])) }
        }
        let readers = try plan.map { entry in
            let reader = try ParquetFileReader(source: try ObjectByteSource(repository: repository, object: entry.object),
                                               footer: entry.object.footer.range)
            guard reader.rowCount == manifest.rows else {
                throw LakeError.corruptManifest(path: path, detail: "object \(entry.object.hash.hex) has \(reader.rowCount) rows, manifest says \(manifest.rows)")
            }
            reader.decodesColumnsConcurrently = parallelColumns
            return reader
        }
        // One object: stream row group by row group. Several column groups: their row groups may differ, so
        // read each whole and stitch.
        if readers.isEmpty {
            return try emit([:], rows: [0..<manifest.rows], fields: fields, live: live, body)
        }
        if readers.count == 1 {
            var start = 0
            for group in 0..<readers[0].rowGroupCount {
                let groupRows = readers[0].rowGroupRows[group]
                defer { start += groupRows }
                if let wantsStored, let takeStored, prefilter == nil, plan[0].columns == wanted,
                   live.map({ !$0[start..<(start + groupRows)].contains(false) }) ?? true,
                   try wantsStored(group, readers[0]),
                   try takeStored(try readers[0].storedRowGroup(group, columns: wanted)) { continue }
                if let ranges = try rowRanges?(group, readers[0]) {
                    guard !ranges.isEmpty else { continue }
                    // All of the group's ranges in one read: a page holding several is decoded once.
                    let batch = try readers[0].read(columns: plan[0].columns, group: group, ranges: ranges)
                    let stored = Dictionary(uniqueKeysWithValues: zip(plan[0].columns, batch.columns))
                    try emit(stored, rows: ranges.map { (start + $0.lowerBound)..<(start + $0.upperBound) }, fields: fields, live: live, body)
                    continue
                }
                let batch = try readers[0].readRowGroup(group, columns: plan[0].columns)
                let stored = Dictionary(uniqueKeysWithValues: zip(plan[0].columns, batch.columns))
                try emit(stored, rows: [start..<(start + batch.rowCount)], fields: fields, live: live, body)
            }
            return
        }
        var stored: [String: Column] = [:]
        for (reader, entry) in zip(readers, plan) {
            let batch = try reader.read(columns: entry.columns)
            for (i, name) in entry.columns.enumerated() { stored[name] = batch.columns[i] }
        }
        try emit(stored, rows: [0..<manifest.rows], fields: fields, live: live, body)
    }

    /// Hands on the rows read, `rows` (fragment-local, ascending) one after another in `stored`.
    private func emit(_ stored: [String: Column], rows: [Range<Int>], fields: [Field], live: [Bool]?,
                      _ body: (RecordBatch) throws -> Void) throws {
        var stored = stored
        var rows = rows
        // Which of the rows read are live.
        var readLive = live.map { live in rows.count == 1 ? Array(live[rows[0]]) : rows.flatMap { live[$0] } }
        if let prefilter, let kept = try prefilter.keep(fragment, try prefilter.inputs.map { name in
            guard let column = stored[name] else {
                throw LakeError.corruptManifest(path: path, detail: "no object holds column '\(name)'")
            }
            return column
        }) {
            let surviving = readLive.map { live in kept.filter { live[$0] } } ?? kept
            if surviving.isEmpty { return }
            stored = stored.mapValues { $0.gather(surviving) }
            // Positions no longer mean anything past this point; the prefilter is only for tables whose
            // derivations ignore them.
            rows = [rows[0].lowerBound..<(rows[0].lowerBound + surviving.count)]
            readLive = nil
        }
        let count = rows.reduce(0) { $0 + $1.count }
        let columns = try fields.map { field -> Column in
            if fragment.manifest.objects.contains(where: { $0.columns.contains(field.name) }), let column = stored[field.name] {
                guard let widened = column.widened(to: field.type) else {
                    throw LakeError.corruptManifest(path: path, detail: "column '\(field.name)' is \(column.type) in the object, \(field.type) in the schema")
                }
                return widened
            }
            if let derivation, let inputs = derivation.inputs(field.name) {
                let columns = inputs.map { stored[$0]! }
                if rows.count == 1 { return try derivation.compute(field.name, fragment, rows[0], columns) }
                // Computed range by range, each from its own rows of the inputs.
                var derived: Column?, at = 0
                for range in rows {
                    let part = try derivation.compute(field.name, fragment, range, columns.map { $0.slice(at..<(at + range.count)) })
                    at += range.count
                    if derived == nil { derived = part } else { derived!.append(contentsOf: part) }
                }
                return derived ?? Column.empty(field.type)
            }
            guard field.nullable else {
                throw LakeError.corruptManifest(path: path, detail: "no object holds column '\(field.name)'")
            }
            // The fragment predates the column (schemas grow as datasets with new columns arrive).
            return Column.nulls(field.type, count: count)
        }
        var batch = RecordBatch(schema: Schema(fields), columns: columns)
        if let readLive { batch = batch.filter(readLive) }
        if batch.rowCount > 0 { try body(batch) }
    }
}

extension Column {
    /// `count` nulls of `type`.
    public static func nulls(_ type: DataType, count: Int) -> Column {
        var buffer = ColumnBuffer.empty(for: type)
        switch buffer {
        case .bytes:
            var v = VarBinary()
            for _ in 0..<count { v.appendEmpty() }
            buffer = .bytes(v)
        default:
            buffer = Column(type: type, buffer: buffer).zeroFilled(count)
        }
        return Column(type: type, buffer: buffer, validity: [Bool](repeating: false, count: count))
    }

    fileprivate func zeroFilled(_ count: Int) -> ColumnBuffer {
        switch buffer {
        case .boolean: return .boolean(Array(repeating: false, count: count))
        case .int8: return .int8(Array(repeating: 0, count: count))
        case .int16: return .int16(Array(repeating: 0, count: count))
        case .int32: return .int32(Array(repeating: 0, count: count))
        case .int64: return .int64(Array(repeating: 0, count: count))
        case .uint8: return .uint8(Array(repeating: 0, count: count))
        case .uint16: return .uint16(Array(repeating: 0, count: count))
        case .uint32: return .uint32(Array(repeating: 0, count: count))
        case .uint64: return .uint64(Array(repeating: 0, count: count))
        case .float32: return .float32(Array(repeating: 0, count: count))
        case .float64: return .float64(Array(repeating: 0, count: count))
        case .bytes: return .bytes(VarBinary())
        }
    }
}

/// Rows of a read to keep, from some stored columns: indices into the read (ascending), or nil for all.
public struct RowPrefilter: Sendable {
    public var inputs: [String]
    public var keep: @Sendable (_ fragment: Fragment, _ columns: [Column]) throws -> [Int]?

    public init(inputs: [String], keep: @escaping @Sendable (_ fragment: Fragment, _ columns: [Column]) throws -> [Int]?) {
        self.inputs = inputs
        self.keep = keep
    }
}

/// Range reads of one data object, for the Parquet reader, through one open file.
struct ObjectByteSource: ParquetByteSource {
    let object: FragmentObject
    private let reader: any ObjectRangeReader

    init(repository: Repository, object: FragmentObject) throws {
        self.object = object
        reader = try repository.objectReader(object)
    }

    var size: Int { object.bytes }

    func read(_ range: Range<Int>) throws -> [UInt8] { try reader.read(range) }
}
