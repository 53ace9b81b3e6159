import Columnar
import History
import Storage

/// Whether a dataset's gene index at a version describes its current entries.
public enum GeneIndexState: String, Sendable {
    /// Built from the dataset's fragments as they are at this version.
    case current
    /// Built, but the dataset's fragments changed since (cells deleted, compacted): readers ignore it.
    case stale
    /// Not built for this dataset.
    case missing
}

extension Snapshot {
    /// The matrix tables with a gene index at this version (possibly not for every dataset).
    public func geneIndexedTables() throws -> [String] {
        guard try repository.git.entry(at: ManifestPaths.geneIndexesDirectory, in: commit) != nil else { return [] }
        return try repository.git.entries(at: ManifestPaths.geneIndexesDirectory, in: commit).filter { $0.kind == .tree }.map(\.name).sorted()
    }

    /// The gene index of each dataset of `table` that has one, by dataset name.
    public func geneIndexes(of table: String) throws -> [String: GeneIndexManifest] {
        try memoized("gene-indexes/\(table)") {
            let directory = ManifestPaths.geneIndexDirectory(table)
            guard try repository.git.entry(at: directory, in: commit) != nil else { return [:] }
            var indexes: [String: GeneIndexManifest] = [:]
            for entry in try repository.git.entries(at: directory, in: commit) where entry.kind == .tree {
                let path = ManifestPaths.geneIndex(table, entry.name)
                guard let data = try repository.git.blob(at: path, in: commit) else {
                    throw LakeError.corruptManifest(path: "\(commit.abbreviated()):\(path)", detail: "missing")
                }
                let index = try ManifestCoding.decode(GeneIndexManifest.self, from: data, path: "\(commit.abbreviated()):\(path)")
                guard index.formatVersion <= GeneIndexManifest.formatVersion else {
                    throw LakeError.unsupportedFormat("\(commit.abbreviated()):\(path): gene index format \(index.formatVersion) is newer than this cairn")
                }
                guard index.dataset == entry.name, index.table == table else {
                    throw LakeError.corruptManifest(path: "\(commit.abbreviated()):\(path)", detail: "names \(index.table)/\(index.dataset)")
                }
                indexes[entry.name] = index
            }
            return indexes
        }
    }

    /// The state of `dataset`'s gene index of `table`.
    public func geneIndexState(of table: String, dataset: String) throws -> GeneIndexState {
        guard let index = try geneIndexes(of: table)[dataset] else { return .missing }
        return try isCurrent(index) ? .current : .stale
    }

    /// `dataset`'s gene index of `table` when it is current; nil when it is missing or stale.
    public func currentGeneIndex(of table: String, dataset: String) throws -> GeneIndexManifest? {
        guard let index = try geneIndexes(of: table)[dataset], try isCurrent(index) else { return nil }
        return index
    }

    /// Whether the index still describes its dataset's fragments: first by their blobs in the tree (no
    /// manifest decoded), then, if those differ, by their data objects (a merge renumbers fragments
    /// without changing their data).
    func isCurrent(_ index: GeneIndexManifest) throws -> Bool {
        try memoized("gene-index-current/\(index.table)/\(index.dataset)") {
            guard manifest.tables[index.table] != nil else { return false }
            let source = index.source
            if let first = source.first, let last = source.last {
                let entries = try fragmentEntries(of: index.table).filter { $0.name >= first && $0.name <= last }
                if entries.count == source.fragments,
                   GeneIndexSource.treeDigest(names: entries.map(\.name), blobs: entries.map(\.id)) == source.treeDigest {
                    return true
                }
            }
            let fragments = try fragments(of: index.table).filter { $0.manifest.dataset == index.dataset }
            return GeneIndexSource.contentDigest(fragments.map(\.manifest)) == source.contentDigest
        }
    }

    /// The names (without `.json`) and blobs of a table's fragments, in name order, from the tree alone.
    func fragmentEntries(of table: String) throws -> [(name: String, id: ObjectID)] {
        try memoized("fragment-entries/\(table)") {
            try repository.git.entries(at: ManifestPaths.fragmentDirectory(table), in: commit)
                .filter { $0.name.hasSuffix(".json") }
                .map { (name: String($0.name.dropLast(5)), id: $0.id) }
                .sorted { $0.name < $1.name }
        }
    }

    /// Where each panel position's entries lie in the index: entries `offsets[p] ..< offsets[p + 1]`.
    public func geneIndexOffsets(_ index: GeneIndexManifest) throws -> [Int] {
        try memoized("gene-index-offsets/\(index.table)/\(index.dataset)") {
            let path = "gene index \(index.table)/\(index.dataset)"
            guard index.offsets.bytes == (index.positions + 1) * 8 else {
                throw LakeError.corruptManifest(path: path, detail: "offsets of \(index.offsets.bytes) bytes for \(index.positions) positions")
            }
            let bytes = try repository.readObject(index.offsets.hash)
            guard bytes.count == index.offsets.bytes else {
                throw LakeError.corruptManifest(path: path, detail: "offsets object \(index.offsets.hash.hex) has \(bytes.count) bytes, expected \(index.offsets.bytes)")
            }
            var offsets = [Int](repeating: 0, count: index.positions + 1)
            var ordered = true
            bytes.withUnsafeBytes { raw in
                var previous: UInt64 = 0
                for p in 0...index.positions {
                    let value = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: p * 8, as: UInt64.self))
                    if value < previous || value > UInt64(index.entries) { ordered = false }
                    previous = value
                    offsets[p] = Int(truncatingIfNeeded: value)
                }
            }
            guard ordered, offsets[0] == 0, offsets[index.positions] == index.entries else {
                throw LakeError.corruptManifest(path: path, detail: "offsets are not ascending from 0 to \(index.entries)")
            }
            return offsets
        }
    }

    /// How many entries the index holds for panel `positions`: what reading them costs.
    public func geneIndexEntries(_ index: GeneIndexManifest, positions: [Int]) throws -> Int {
        let offsets = try geneIndexOffsets(index)
        return positions.reduce(0) { $0 + offsets[$1 + 1] - offsets[$1] }
    }

    /// Index entries of panel `positions` (ascending): batches of `row`, `col` and `value` (the
    /// index's value type), in (col, row) order, with `transform` applied on the reading threads. Only
    /// the chunks, row groups and pages holding those positions are read.
    public func readGeneIndex<T>(_ index: GeneIndexManifest, positions: [Int], transform: (RecordBatch) throws -> T,
                                 _ body: (T) throws -> Void) throws {
        let offsets = try geneIndexOffsets(index)
        // The entry ranges to read, adjacent ones merged.
        var ranges: [Range<Int>] = []
        for p in positions {
            guard p >= 0, p < index.positions else {
                throw LakeError.corruptManifest(path: "gene index \(index.table)/\(index.dataset)", detail: "panel position \(p) beyond its \(index.positions)")
            }
            let range = offsets[p]..<offsets[p + 1]
            guard !range.isEmpty else { continue }
            if let last = ranges.last, last.upperBound == range.lowerBound { ranges[ranges.count - 1] = last.lowerBound..<range.upperBound }
            else { ranges.append(range) }
        }
        guard !ranges.isEmpty else { return }
        // Chunk-local ranges of each chunk reached.
        var perChunk: [Int: [Range<Int>]] = [:]
        for range in ranges {
            var k = Self.lastStart(atMost: range.lowerBound, index.chunkStarts)
            while k < index.chunkStarts.count, index.chunkStarts[k] < range.upperBound {
                let start = index.chunkStarts[k], end = k + 1 < index.chunkStarts.count ? index.chunkStarts[k + 1] : index.entries
                let low = max(range.lowerBound, start), high = min(range.upperBound, end)
                if high > low { perChunk[k, default: []].append((low - start)..<(high - start)) }
                k += 1
            }
        }
        let chunks = try perChunk.keys.sorted().map { k in try geneIndexChunk(index, k) }
        let schema = SingleCellTables.expressionStorage(index.valueType)
        try read(chunks, columns: schema.names, reader: { chunk in
            var reader = FragmentReader(repository: repository, fragment: chunk, schema: schema)
            // Format-2 chunks store no `col`: an entry's position is the one whose offsets hold it (format 1's
            // stored column is read as it is).
            let chunkStart = chunk.manifest.rowOffset
            reader.derivation = ColumnDerivation(inputs: { $0 == "col" ? [] : nil }) { _, _, rows, _ in
                Column(type: .uint32, buffer: .uint32(Self.positions(of: (chunkStart + rows.lowerBound)..<(chunkStart + rows.upperBound), offsets)))
            }
            let wanted = perChunk[Int(chunk.name)!]!
            reader.rowRanges = { group, file in
                let start = file.rowGroupRows[..<group].reduce(0, +), end = start + file.rowGroupRows[group]
                return wanted.compactMap { range in
                    let low = max(range.lowerBound, start), high = min(range.upperBound, end)
                    return high > low ? (low - start)..<(high - start) : nil
                }
            }
            return reader
        }, transform: transform, body)
    }

    /// The panel position of each entry of `entries`, by the index's `offsets`.
    static func positions(of entries: Range<Int>, _ offsets: [Int]) -> [UInt32] {
        guard !entries.isEmpty else { return [] }
        // The last position beginning at or before the first entry: the empty ones beginning there too
        // come before it.
        var p = lastStart(atMost: entries.lowerBound, offsets)
        return [UInt32](unsafeUninitializedCapacity: entries.count) { out, initialized in
            var at = 0
            while at < entries.count {
                let end = min(offsets[p + 1], entries.upperBound) - entries.lowerBound
                for k in at..<end { out[k] = UInt32(truncatingIfNeeded: p) }
                at = max(at, end)
                p += 1
            }
            initialized = entries.count
        }
    }

    /// The last of ascending `starts` that is at most `entry` (0 when none is): the chunk, or the
    /// position, holding the entry.
    private static func lastStart(atMost entry: Int, _ starts: [Int]) -> Int {
        var lo = 0, hi = starts.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if starts[mid] <= entry { lo = mid + 1 } else { hi = mid }
        }
        return max(0, lo - 1)
    }

    /// Chunk `k` of the index, as a fragment a `FragmentReader` reads (its name is `k`).
    private func geneIndexChunk(_ index: GeneIndexManifest, _ k: Int) throws -> Fragment {
        let path = ManifestPaths.geneIndexChunk(index.table, index.dataset, ManifestPaths.fragmentName(sequence: k))
        guard let data = try repository.git.blob(at: path, in: commit) else {
            throw LakeError.corruptManifest(path: "\(commit.abbreviated()):\(path)", detail: "missing")
        }
        let chunk = try ManifestCoding.decode(FragmentManifest.self, from: data, path: "\(commit.abbreviated()):\(path)")
        let end = k + 1 < index.chunkStarts.count ? index.chunkStarts[k + 1] : index.entries
        guard chunk.rowOffset == index.chunkStarts[k], chunk.rows == end - chunk.rowOffset, chunk.deletionVector == nil else {
            throw LakeError.corruptManifest(path: "\(commit.abbreviated()):\(path)", detail: "does not hold entries \(index.chunkStarts[k])..<\(end)")
        }
        return Fragment(table: "gene index \(index.table)/\(index.dataset)", name: String(k), manifest: chunk)
    }
}

/// One dataset's gene index of one matrix table at a version, as `index status` lists it.
public struct GeneIndexStatus: Sendable {
    public var table: String
    public var dataset: String
    public var state: GeneIndexState
    /// The index, when built (current or stale).
    public var index: GeneIndexManifest?
}

extension Snapshot {
    /// Every indexed matrix table's datasets: those holding the matrix, and those with an index left
    /// from a dataset that is gone (stale).
    public func geneIndexStatus() throws -> [GeneIndexStatus] {
        var rows: [GeneIndexStatus] = []
        for table in try geneIndexedTables() {
            let indexes = try geneIndexes(of: table)
            let records = try datasets()
            for record in records where record.valueType(of: table) != nil {
                let index = indexes[record.name]
                rows.append(GeneIndexStatus(table: table, dataset: record.name, state: try geneIndexState(of: table, dataset: record.name), index: index))
            }
            for (name, index) in indexes.sorted(by: { $0.key < $1.key }) where !records.contains(where: { $0.name == name }) {
                rows.append(GeneIndexStatus(table: table, dataset: name, state: .stale, index: index))
            }
        }
        return rows
    }
}
