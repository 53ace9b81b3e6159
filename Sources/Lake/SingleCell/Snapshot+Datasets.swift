import Columnar
import Parquet
import Storage

extension Snapshot {
    /// The record of one imported dataset.
    public func dataset(named name: String) throws -> DatasetRecord {
        guard let record = try datasets().first(where: { $0.name == name }) else {
            throw LakeError.unknownDataset(name, revision: revision)
        }
        return record
    }

    /// Rows of one dataset in a single-cell table exactly as stored (the source's own types, dataset-local
    /// positions), for a faithful export: `fields` name stored columns.
    public func scanStored(_ table: String, dataset: String, fields: [Field], _ body: (RecordBatch) throws -> Void) throws {
        let schema = Schema(fields)
        for fragment in try fragments(of: table) where fragment.manifest.dataset == dataset {
            try FragmentReader(repository: repository, fragment: fragment, schema: schema).read(columns: schema.names, body)
        }
    }

    /// X (or the layer `layer`) of one dataset as stored: `row` (dataset-local cell), `col` (panel
    /// position) and `value`. With `rows` (dataset-local, ascending), only fragments and row groups whose
    /// `row` statistics reach one of them are read; the caller still filters the entries.
    public func scanExpression(of record: DatasetRecord, layer: String? = nil, rows: [Int]? = nil,
                               _ body: (RecordBatch) throws -> Void) throws {
        try scanExpression(of: record, layer: layer, rows: rows, transform: { $0 }, body)
    }

    /// As above, with `transform` applied to each batch on the decoding threads (work that does not
    /// depend on order, such as picking the entries a slice keeps), its results handed to `body` in order.
    ///
    /// With `copy` (and `rows`), a row group whose every row is wanted and live is first offered to `copy`
    /// as stored (row, col, value chunks still encoded), on the reading threads; a group it returns a
    /// result for is not decoded.
    public func scanExpression<T>(of record: DatasetRecord, layer: String? = nil, rows: [Int]? = nil,
                                  transform: (RecordBatch) throws -> T, copy: ((StoredRowGroup) throws -> T?)? = nil,
                                  _ body: (T) throws -> Void) throws {
        var table = SingleCellTables.expression
        var valueType = record.valueType
        if let layer {
            guard let entry = record.layers?.first(where: { $0.name == layer }) else {
                throw LakeError.unknownDataset("\(record.name) layer \(layer)", revision: revision)
            }
            table = entry.table
            valueType = entry.valueType
        }
        let schema = SingleCellTables.expressionStorage(valueType)
        /// The index of the first wanted row at or above `row` (`rows` ascend).
        func firstWanted(atOrAbove row: Int, in rows: [Int]) -> Int {
            var lo = 0, hi = rows.count
            while lo < hi {
                let mid = (lo + hi) / 2
                if rows[mid] < row { lo = mid + 1 } else { hi = mid }
            }
            return lo
        }
        /// Whether some wanted row lies in `low...high`.
        func reaches(_ low: Int, _ high: Int) -> Bool {
            guard let rows else { return true }
            let first = firstWanted(atOrAbove: low, in: rows)
            return first < rows.count && rows[first] <= high
        }
        let chosen = try fragments(of: table).filter { fragment in
            guard fragment.manifest.dataset == record.name else { return false }
            if let stats = fragment.manifest.statistics["row"], let low = stats.min.flatMap(Int.init), let high = stats.max.flatMap(Int.init),
               !reaches(low, high) { return false }
            return true
        }
        // Wanted cells as a bitmap, for the pages read to keep just their entries.
        let wanted = rows.map { rows in
            var bits = [Bool](repeating: false, count: record.cells)
            for row in rows where row >= 0 && row < record.cells { bits[row] = true }
            return bits
        }
        /// Whether every row of `low...high` is wanted (`rows` ascend without repeats).
        func covers(_ low: Int, _ high: Int) -> Bool {
            guard let rows, low <= high else { return false }
            let first = firstWanted(atOrAbove: low, in: rows), last = first + (high - low)
            return first < rows.count && rows[first] == low && last < rows.count && rows[last] == high
        }
        try read(chosen, columns: schema.names, reader: { fragment in
            var reader = FragmentReader(repository: repository, fragment: fragment, schema: schema)
            if copy != nil && rows != nil {
                reader.wantsStored = { group, file in
                    guard let stats = file.metadata.rowGroups[group].columns.first?.metaData?.statistics,
                          let low = stats.minValue.flatMap(Self.uint32), let high = stats.maxValue.flatMap(Self.uint32) else { return false }
                    return covers(Int(low), Int(high))
                }
            }
            if let wanted {
                // Only row groups, then pages, of `row` that reach a wanted cell; a page whose cells are not
                // all wanted is narrowed to the wanted cells' entries by its `row` values.
                reader.rowRanges = { group, file in
                    if let stats = file.metadata.rowGroups[group].columns.first?.metaData?.statistics,
                       let low = (stats.minValue ?? stats.min).flatMap(Self.uint32), let high = (stats.maxValue ?? stats.max).flatMap(Self.uint32) {
                        if !reaches(Int(low), Int(high)) { return [] }
                        if covers(Int(low), Int(high)) { return nil }
                    }
                    guard let pages = try file.integerPages(group: group, column: "row") else { return nil }
                    var whole: [Range<Int>] = [], mixed: [Range<Int>] = []
                    func add(_ range: Range<Int>, to ranges: inout [Range<Int>]) {
                        if let last = ranges.last, last.upperBound == range.lowerBound { ranges[ranges.count - 1] = last.lowerBound..<range.upperBound }
                        else { ranges.append(range) }
                    }
                    for page in pages {
                        guard let min = page.min.flatMap(UInt32.init(exactly:)), let max = page.max.flatMap(UInt32.init(exactly:)) else {
                            add(page.rows, to: &mixed)
                            continue
                        }
                        if covers(Int(min), Int(max)) { add(page.rows, to: &whole) }
                        else if reaches(Int(min), Int(max)) { add(page.rows, to: &mixed) }
                    }
                    guard !mixed.isEmpty, case .uint32(let stored) = try file.read(columns: ["row"], group: group, ranges: mixed).columns[0].buffer else {
                        return (whole + mixed).sorted { $0.lowerBound < $1.lowerBound }
                    }
                    var ranges: [Range<Int>] = []
                    for range in (whole + Self.entries(of: wanted, in: stored, read: mixed)).sorted(by: { $0.lowerBound < $1.lowerBound }) {
                        add(range, to: &ranges)
                    }
                    return ranges
                }
            }
            return reader
        }, transform: transform, copy: copy, body)
    }

    /// The runs of entries whose `row` is wanted, as group-local ranges (ascending, adjacent ones not
    /// merged): `stored` holds the `row` values of the ranges `read`, one after another.
    private static func entries(of wanted: [Bool], in stored: [UInt32], read: [Range<Int>]) -> [Range<Int>] {
        var kept: [Range<Int>] = []
        var at = 0
        stored.withUnsafeBufferPointer { rows in
            for range in read {
                var i = at
                let end = at + range.count
                while i < end {
                    let row = Int(rows[i])
                    let runEnd = rows.endOfRun(from: i, before: end)
                    if row < wanted.count && wanted[row] { kept.append((range.lowerBound + i - at)..<(range.lowerBound + runEnd - at)) }
                    i = runEnd
                }
                at = end
            }
        }
        return kept
    }

    /// A little-endian 4-byte statistic (the `row` column: uint32 stored as INT32).
    private static func uint32(_ bytes: [UInt8]) -> UInt32? {
        guard bytes.count == 4 else { return nil }
        return UInt32(bytes[0]) | UInt32(bytes[1]) << 8 | UInt32(bytes[2]) << 16 | UInt32(bytes[3]) << 24
    }

    /// The registry rows for `geneIDs`, in that order: feature key and symbol.
    public func genes(_ geneIDs: [Int]) throws -> (keys: [String], symbols: [String]) {
        var key: [Int: (String, String)] = [:]
        let wanted = Set(geneIDs)
        try scan(SingleCellTables.genes) { batch in
            guard case .int64(let ids) = batch.columns[0].buffer else { return }
            for i in 0..<batch.rowCount where wanted.contains(Int(ids[i])) {
                key[Int(ids[i])] = (batch.columns[1].value(at: i).description, batch.columns[2].value(at: i).description)
            }
        }
        return (geneIDs.map { key[$0]?.0 ?? "" }, geneIDs.map { key[$0]?.1 ?? "" })
    }

    /// The archived elements of a dataset (raw, obsm, varm, obsp, varp, uns), when it has any.
    public func auxiliaryElements(of record: DatasetRecord) throws -> [UInt8]? {
        guard let auxiliary = record.auxiliary else { return nil }
        guard let hash = ObjectHash(hex: auxiliary.sha256) else {
            throw LakeError.corruptManifest(path: "datasets/\(record.name).json", detail: "auxiliary sha256 is not a digest")
        }
        return try repository.readObject(hash)
    }
}
