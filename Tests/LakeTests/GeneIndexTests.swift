import Columnar
import Foundation
import History
import Parquet
import Storage
import Testing
@testable import Lake

/// A dataset of random sparse rows with values of any type (float64 values float32 cannot hold,
/// integers past 2^53, negatives), some cells and genes empty, and optionally a layer. With `counts`,
/// whole numbers as count matrices hold: below 256 in most cells, below 65,536 in some, and in a few,
/// values no code holds (fractions, -0.0, negatives, 65,536 and more).
struct RandomMatrixDataset: SingleCellSource {
    var displayName: String { name + ".mem" }
    let name: String
    let cells: Int
    let genes: Int
    let valueType: DataType
    let withLayer: Bool
    let path: String
    /// CSR: each cell's ascending panel positions, and its values (as the doubles or integers they are).
    let rowPointers: [Int]
    let positions: [UInt32]
    let values: Column
    let layerValues: Column

    /// `reversedCells`: every third cell lists its genes in descending order (a source may list them in
    /// any order). `skewedCounts`: counts drawn as real ones fall, half of them 1, a quarter 2 and so on.
    init(name: String, cells: Int, genes: Int, valueType: DataType, seed: UInt64, withLayer: Bool = false, reversedCells: Bool = false,
         counts: Bool = false, skewedCounts: Bool = false) {
        self.name = name
        self.cells = cells
        self.genes = genes
        self.valueType = valueType
        self.withLayer = withLayer
        path = temporaryDirectory("source") + "/\(name).mem"
        try! "\(name) \(cells) \(genes) \(valueType) \(seed)".write(toFile: path, atomically: true, encoding: .utf8)
        var random = SplitMix(seed: seed)
        var pointers = [0], positions: [UInt32] = []
        for cell in 0..<cells {
            // Every 7th cell is empty; the last gene is never expressed; gene 0 in nearly every cell.
            if cell % 7 != 3 {
                let start = positions.count
                for gene in 0..<(genes - 1) where gene == 0 || random.next() % 4 == 0 { positions.append(UInt32(gene)) }
                if reversedCells && cell % 3 == 0 { positions[start...].reverse() }
            }
            pointers.append(positions.count)
        }
        rowPointers = pointers
        self.positions = positions
        var raw = (0..<positions.count).map { _ in random.next() }
        if counts {
            // Each value's cell decides its range; the generator's bits that follow are its other choices.
            for cell in 0..<cells {
                for k in pointers[cell]..<pointers[cell + 1] {
                    switch cell % 50 {
                    case 0..<30: raw[k] = raw[k] % 256
                    case 30..<45: raw[k] = raw[k] % 65_536
                    case 45: raw[k] = [65_536, 1 << 40, UInt64(bitPattern: -3), 255][Int(raw[k] % 4)]
                    default: raw[k] = k % 2 == 0 ? 65_535 : raw[k] % 300
                    }
                }
            }
        }
        if skewedCounts {
            for k in raw.indices { raw[k] = UInt64(raw[k].trailingZeroBitCount) + 1 }
        }
        func column(_ type: DataType) -> Column {
            if counts || skewedCounts {
                switch type {
                case .float64: return Column(type: type, buffer: .float64(raw.enumerated().map { k, r in
                    r == 1 << 40 ? (k % 2 == 0 ? -0.0 : 2.5) : Double(Int64(bitPattern: r)) }))
                case .float32: return Column(type: type, buffer: .float32(raw.enumerated().map { k, r in
                    r == 1 << 40 ? (k % 2 == 0 ? -0.0 : 0.25) : Float(Int64(bitPattern: r)) }))
                case .int64: return Column(type: type, buffer: .int64(raw.map { Int64(bitPattern: $0) }))
                case .int32: return Column(type: type, buffer: .int32(raw.map { Int32(truncatingIfNeeded: $0) }))
                default: return Column(type: .uint16, buffer: .uint16(raw.map { UInt16(truncatingIfNeeded: $0 % 65_536) }))
                }
            }
            switch type {
            case .float64: return Column(type: type, buffer: .float64(raw.map { Double($0 % 100_000) / 7 + 1e-12 }))
            case .float32: return Column(type: type, buffer: .float32(raw.map { Float($0 % 1000) / 3 + 0.5 }))
            case .int64: return Column(type: type, buffer: .int64(raw.map { Int64(bitPattern: $0) | 1 }))
            case .int32: return Column(type: type, buffer: .int32(raw.map { Int32(truncatingIfNeeded: $0) | 1 }))
            case .uint16: return Column(type: type, buffer: .uint16(raw.map { UInt16(truncatingIfNeeded: $0) | 1 }))
            default: return Column(type: .uint8, buffer: .uint8(raw.map { UInt8(truncatingIfNeeded: $0) | 1 }))
            }
        }
        values = column(valueType)
        layerValues = column(.int32)
    }

    var format: String { "memory" }
    var cellCount: Int { cells }
    var featureCount: Int { genes }

    func observations() throws -> SourceFrame {
        SourceFrame(batch: RecordBatch(schema: Schema([Field("obs_name", .string), Field("group", .string)]), columns: [
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<cells).map { "\(name)_\($0)" }))),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<cells).map { $0 % 2 == 0 ? "even" : "odd" }))),
        ]), indexName: "index", categories: [:])
    }

    func features() throws -> SourceFrame {
        SourceFrame(batch: RecordBatch(schema: Schema([Field("var_name", .string)]), columns: [
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<genes).map { "G\($0)" }))),
        ]), indexName: "index", categories: [:])
    }

    func forEachRowChunk(_ body: (SparseRows) throws -> Void) throws { try chunks(values, body) }

    var layerNames: [String] { withLayer ? ["counts"] : [] }
    func layerValueType(_ name: String) throws -> DataType { .int32 }
    func forEachLayerChunk(_ name: String, _ body: (SparseRows) throws -> Void) throws { try chunks(layerValues, body) }

    /// Rows in chunks of 37 cells.
    private func chunks(_ values: Column, _ body: (SparseRows) throws -> Void) throws {
        var start = 0
        while start < cells {
            let end = min(cells, start + 37)
            let entries = rowPointers[start]..<rowPointers[end]
            try body(SparseRows(rows: start..<end, rowPointers: rowPointers[start...end].map { $0 - rowPointers[start] },
                                columnIndices: Array(positions[entries]), values: values.slice(entries)))
            start = end
        }
    }

    /// The entries in (col, row) order: what the index must hold, values exactly.
    func geneMajor(_ values: Column) -> [(col: UInt32, row: UInt32, value: Value)] {
        var entries: [(col: UInt32, row: UInt32, value: Value)] = []
        for row in 0..<cells {
            for k in rowPointers[row]..<rowPointers[row + 1] { entries.append((positions[k], UInt32(row), values.value(at: k))) }
        }
        return entries.sorted { ($0.col, $0.row) < ($1.col, $1.row) }
    }
}

/// A small deterministic generator (the tests' data must not change between runs).
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The gene-major index: built from the fragments or by import, spilled and merged, read back exactly,
/// recorded in commits (time travel, staleness, merges, gc and fsck).
@Suite struct GeneIndexTests {
    func repository(fragmentRows: Int = 97) throws -> Repository {
        try Repository.create(at: temporaryDirectory("gene-index") + "/a.cairn",
                              config: RepositoryConfig(fragmentRows: fragmentRows, rowGroupRows: 64, pageBytes: 1024, pageRows: 16))
    }

    /// Every entry of `positions` read through the index, in the order read.
    func indexed(_ snapshot: Snapshot, _ table: String, _ dataset: String, positions: [Int]) throws -> [(col: UInt32, row: UInt32, value: Value)] {
        let index = try #require(try snapshot.currentGeneIndex(of: table, dataset: dataset))
        var entries: [(col: UInt32, row: UInt32, value: Value)] = []
        try snapshot.readGeneIndex(index, positions: positions, transform: { $0 }) { batch in
            guard case .uint32(let rows) = batch.columns[0].buffer, case .uint32(let cols) = batch.columns[1].buffer else { return }
            #expect(batch.columns[2].type == index.valueType)
            for i in 0..<batch.rowCount { entries.append((cols[i], rows[i], batch.columns[2].value(at: i))) }
        }
        return entries
    }

    func expectSame(_ a: [(col: UInt32, row: UInt32, value: Value)], _ b: [(col: UInt32, row: UInt32, value: Value)]) {
        #expect(a.count == b.count)
        for (x, y) in zip(a, b) where x.col != y.col || x.row != y.row || x.value != y.value {
            Issue.record("index entry (\(x.col), \(x.row), \(x.value)) where the matrix has (\(y.col), \(y.row), \(y.value))")
            return
        }
    }

    @Test(arguments: [DataType.float64, .float32, .int64, .int32, .uint16, .uint8])
    func holdsEveryEntryInGeneOrderWithItsExactValue(_ type: DataType) throws {
        let repo = try repository()
        let source = RandomMatrixDataset(name: "d", cells: 300, genes: 40, valueType: type, seed: 11)
        _ = try repo.importDatasets([ImportRequest(name: "d", source: source)], message: "import")
        // Runs of 50 entries, a few kept in memory and dozens spilled, merged by concatenation.
        let result = try repo.buildGeneIndex(matrix: "X", message: nil, runEntries: 50, runMemory: 2000)
        let index = try #require(result.built.first)
        #expect(index.valueType == type)
        #expect(index.chunkStarts.count > 1)
        let snapshot = try repo.snapshot(at: nil)
        let expected = source.geneMajor(source.values)
        #expect(index.entries == expected.count)
        expectSame(try indexed(snapshot, "expression", "d", positions: Array(0..<40)), expected)
        // A few genes, one that spans chunks (gene 0), an empty one (39): exactly theirs, nothing else.
        let some = [0, 5, 6, 22, 39]
        expectSame(try indexed(snapshot, "expression", "d", positions: some), expected.filter { some.contains(Int($0.col)) })
        let offsets = try snapshot.geneIndexOffsets(index)
        for p in 0..<40 { #expect(offsets[p + 1] - offsets[p] == expected.filter { $0.col == UInt32(p) }.count) }
    }

    /// Counts travel through the sort as one- or two-byte codes, runs mixing them with values no code
    /// holds come out right too, kept or spilled: every value comes back bit for bit (-0.0 too).
    @Test(arguments: [DataType.float64, .float32, .int64, .int32, .uint16])
    func countsComeBackExactlyThroughCodedRuns(_ type: DataType) throws {
        let repo = try repository()
        let source = RandomMatrixDataset(name: "d", cells: 600, genes: 40, valueType: type, seed: 19, counts: true)
        _ = try repo.importDatasets([ImportRequest(name: "d", source: source)], message: "import")
        let expected = source.geneMajor(source.values)
        for (runEntries, runMemory) in [(50, 2000), (400, 1 << 20)] {
            _ = try repo.dropGeneIndex(matrix: "X")
            let index = try #require(try repo.buildGeneIndex(matrix: "X", message: nil, runEntries: runEntries, runMemory: runMemory).built.first)
            #expect(index.entries == expected.count)
            let entries = try indexed(try repo.snapshot(at: nil), "expression", "d", positions: Array(0..<40))
            expectSame(entries, expected)
            if type == .float32 || type == .float64 {  // -0.0 equals 0.0 as a Value: compare the bits
                let signs = entries.map { if case .double(let v) = $0.value { v.sign == .minus } else { false } }
                #expect(signs == expected.map { if case .double(let v) = $0.value { v.sign == .minus } else { false } })
                #expect(signs.contains(true))
            }
        }
    }

    /// An entry whose panel position lies past the panel (a damaged fragment) is refused, coded or not.
    @Test(arguments: [[Float(1), 2, 3], [0.5, 2, 3]])
    func anEntryPastThePanelIsRefused(values: [Float]) throws {
        let repo = try repository()
        let builder = try GeneIndexBuilder(positions: 10, valueType: .float32, config: repo.config, objects: repo.objects, what: "dataset d in expression")
        let batch = RecordBatch(schema: SingleCellTables.expressionStorage(.float32), columns: [
            Column(type: .uint32, buffer: .uint32([0, 0, 1])), Column(type: .uint32, buffer: .uint32([2, 10, 3])),
            Column(type: .float32, buffer: .float32(values)),
        ])
        #expect(throws: LakeError.corruptManifest(path: "dataset d in expression", detail: "an entry's panel position lies beyond the 10 genes of its panel")) {
            try builder.bucket(batch)
        }
        var inside = batch
        inside.columns[1] = Column(type: .uint32, buffer: .uint32([2, 9, 3]))
        #expect(try builder.bucket(inside).count == 3)
    }

    /// A run spanning more than 65,536 rows keeps rows four bytes wide; cells listing genes out of order
    /// still come out in (gene, cell) order; both kept in memory and spilled.
    @Test(arguments: [2_000_000, 1000])
    func wideRunsAndCellsOutOfOrder(runMemory: Int) throws {
        let repo = try repository(fragmentRows: 20_000)
        let source = RandomMatrixDataset(name: "d", cells: 70_000, genes: 4, valueType: .float32, seed: 5, reversedCells: true)
        _ = try repo.importDatasets([ImportRequest(name: "d", source: source)], message: "import")
        let result = try repo.buildGeneIndex(matrix: "X", message: nil, runEntries: 100_000, runMemory: runMemory)
        let index = try #require(result.built.first)
        let expected = source.geneMajor(source.values)
        #expect(index.entries == expected.count)
        expectSame(try indexed(try repo.snapshot(at: nil), "expression", "d", positions: Array(0..<4)), expected)
    }

    @Test func aLayerIsIndexedOnItsOwnAndEachDatasetHasItsIndex() throws {
        let repo = try repository()
        let a = RandomMatrixDataset(name: "a", cells: 120, genes: 30, valueType: .float32, seed: 1, withLayer: true)
        let b = RandomMatrixDataset(name: "b", cells: 80, genes: 25, valueType: .uint16, seed: 2)
        _ = try repo.importDatasets([ImportRequest(name: "a", source: a), ImportRequest(name: "b", source: b)], message: "import")
        let layer = try repo.buildGeneIndex(matrix: "counts", message: nil, runEntries: 64)
        #expect(layer.table == "layer_counts")
        #expect(layer.built.map(\.dataset) == ["a"])  // b has no such layer
        let snapshot = try repo.snapshot(at: nil)
        expectSame(try indexed(snapshot, "layer_counts", "a", positions: Array(0..<30)), a.geneMajor(a.layerValues))
        #expect(try snapshot.geneIndexState(of: "expression", dataset: "a") == .missing)
        _ = try repo.buildGeneIndex(matrix: "X")
        let both = try repo.snapshot(at: nil)
        expectSame(try indexed(both, "expression", "b", positions: Array(0..<25)), b.geneMajor(b.values))
        #expect(try both.geneIndexStatus().map { "\($0.table)/\($0.dataset)/\($0.state)" }
            == ["expression/a/current", "expression/b/current", "layer_counts/a/current"])
        #expect(throws: LakeError.unknownMatrix("nope", revision: "main")) { try repo.buildGeneIndex(matrix: "nope") }
    }

    @Test func buildingAgainChangesNothingAndEarlierVersionsHaveNoIndex() throws {
        let repo = try repository()
        _ = try repo.importDatasets([ImportRequest(name: "d", source: RandomMatrixDataset(name: "d", cells: 50, genes: 10, valueType: .int32, seed: 3))],
                                    message: "import")
        let before = try repo.resolve(nil)
        let built = try repo.buildGeneIndex(matrix: "X")
        #expect(built.commit != nil)
        let again = try repo.buildGeneIndex(matrix: "X")
        #expect(again.commit == nil && again.current == ["d"])
        #expect(try repo.resolve(nil) == built.commit)
        #expect(try repo.snapshot(at: before.hex).geneIndexState(of: "expression", dataset: "d") == .missing)
        #expect(try repo.snapshot(at: built.commit!.hex).geneIndexState(of: "expression", dataset: "d") == .current)
        #expect(try repo.dropGeneIndex() != nil)
        #expect(try repo.snapshot(at: nil).geneIndexStatus().isEmpty)
        #expect(try repo.dropGeneIndex() == nil)
    }

    @Test func importKeepsAnExistingIndexCurrent() throws {
        let repo = try repository()
        let a = RandomMatrixDataset(name: "a", cells: 90, genes: 20, valueType: .float64, seed: 4)
        _ = try repo.importDatasets([ImportRequest(name: "a", source: a)], message: "a")
        _ = try repo.buildGeneIndex(matrix: "X")
        let b = RandomMatrixDataset(name: "b", cells: 130, genes: 20, valueType: .float64, seed: 5)
        _ = try repo.importDatasets([ImportRequest(name: "b", source: b)], message: "b")
        let snapshot = try repo.snapshot(at: nil)
        #expect(try snapshot.geneIndexState(of: "expression", dataset: "b") == .current)
        expectSame(try indexed(snapshot, "expression", "b", positions: Array(0..<20)), b.geneMajor(b.values))
        // Built at import and built from the fragments: the same index.
        let atImport = try #require(try snapshot.geneIndexes(of: "expression")["b"])
        _ = try repo.dropGeneIndex()
        let rebuilt = try #require(try repo.buildGeneIndex(matrix: "X").built.first { $0.dataset == "b" })
        #expect(rebuilt.offsets == atImport.offsets && rebuilt.source == atImport.source && rebuilt.entries == atImport.entries)
    }

    @Test func compactionMakesAnIndexStaleAndRebuildingMakesItCurrent() throws {
        let repo = try repository()
        let source = RandomMatrixDataset(name: "d", cells: 100, genes: 12, valueType: .float32, seed: 6)
        _ = try repo.importDatasets([ImportRequest(name: "d", source: source)], message: "import")
        _ = try repo.buildGeneIndex(matrix: "X")
        _ = try repo.compact(tables: ["expression"], targetRows: 1000)
        let compacted = try repo.snapshot(at: nil)
        #expect(try compacted.geneIndexState(of: "expression", dataset: "d") == .stale)
        #expect(try compacted.currentGeneIndex(of: "expression", dataset: "d") == nil)
        let rebuilt = try repo.buildGeneIndex(matrix: "X")
        #expect(rebuilt.built.map(\.dataset) == ["d"])
        expectSame(try indexed(try repo.snapshot(at: nil), "expression", "d", positions: Array(0..<12)), source.geneMajor(source.values))
    }

    @Test func aMergeThatRenumbersADatasetKeepsItsIndexCurrent() throws {
        let repo = try repository()
        _ = try repo.importDatasets([ImportRequest(name: "a", source: RandomMatrixDataset(name: "a", cells: 60, genes: 15, valueType: .int32, seed: 7))],
                                    message: "a")
        _ = try repo.buildGeneIndex(matrix: "X")
        _ = try repo.createBranch("side", at: nil)
        let c = RandomMatrixDataset(name: "c", cells: 70, genes: 15, valueType: .int32, seed: 8)
        _ = try repo.importDatasets([ImportRequest(name: "c", source: c)], message: "c")
        _ = try repo.checkout("side")
        let b = RandomMatrixDataset(name: "b", cells: 50, genes: 15, valueType: .int32, seed: 9)
        _ = try repo.importDatasets([ImportRequest(name: "b", source: b)], message: "b")
        _ = try repo.checkout("main")
        _ = try repo.merge("side")
        let merged = try repo.snapshot(at: nil)
        // b's fragments got new names and offsets in the merge; its data, and so its index, did not change.
        #expect(try merged.datasets().map(\.name) == ["a", "c", "b"])
        #expect(try merged.geneIndexStatus().map(\.state) == [.current, .current, .current])
        expectSame(try indexed(merged, "expression", "b", positions: Array(0..<15)), b.geneMajor(b.values))
    }

    @Test func gcKeepsTheIndexAndFsckChecksIt() throws {
        // The writing repository is closed before gc (its writes hold gc's lock while it is open).
        func build() throws -> (path: String, index: GeneIndexManifest) {
            let repo = try repository()
            _ = try repo.importDatasets([ImportRequest(name: "d", source: RandomMatrixDataset(name: "d", cells: 80, genes: 10, valueType: .float32, seed: 10))],
                                        message: "import")
            return (repo.path, try #require(try repo.buildGeneIndex(matrix: "X").built.first))
        }
        let (path, index) = try build()
        // A cutoff in the future: everything unreachable goes. The index is reachable.
        _ = try Repository.open(at: path).collectGarbage(prunedBefore: Date().addingTimeInterval(3600), dryRun: false)
        let reopened = try Repository.open(at: path)
        #expect(try reopened.checkIntegrity().isClean)
        #expect(try reopened.dataObjects(ofCommits: [try reopened.resolve(nil)]).keys.contains(index.offsets.hash))
        // Damage the offsets object: fsck names it, and a read fails with one line instead of trapping.
        let file = path + "/" + index.offsets.hash.key
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: file)))
        bytes[8] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        #expect(try !reopened.checkIntegrity().isClean)
        let snapshot = try Repository.open(at: path).snapshot(at: nil)
        let current = try #require(try snapshot.currentGeneIndex(of: "expression", dataset: "d"))
        #expect(throws: LakeError.self) { try snapshot.readGeneIndex(current, positions: [1], transform: { $0 }) { _ in } }
    }

    /// Indexes of format 1 held each entry's position in their chunks (`col`): they read the same. One of a
    /// format newer than this cairn is refused in one line.
    @Test func anIndexOfFormatOneStillReadsAndANewerOneIsRefused() throws {
        let repo = try repository()
        let source = RandomMatrixDataset(name: "d", cells: 300, genes: 40, valueType: .float32, seed: 11)
        _ = try repo.importDatasets([ImportRequest(name: "d", source: source)], message: "import")
        var index = try #require(try repo.buildGeneIndex(matrix: "X", message: nil, runEntries: 50, runMemory: 2000).built.first)
        #expect(index.formatVersion == 2 && index.chunkStarts.count > 1)
        let entries = try indexed(try repo.snapshot(at: nil), "expression", "d", positions: Array(0..<40))
        // The same index as format 1 wrote it: each chunk re-encoded with its entries' positions.
        let schema = SingleCellTables.expressionStorage(.float32)
        var chunks: [FragmentManifest] = []
        for (k, start) in index.chunkStarts.enumerated() {
            let part = entries[start..<(k + 1 < index.chunkStarts.count ? index.chunkStarts[k + 1] : entries.count)]
            let batch = RecordBatch(schema: schema, columns: [
                Column(type: .uint32, buffer: .uint32(part.map(\.row))), Column(type: .uint32, buffer: .uint32(part.map(\.col))),
                Column(type: .float32, buffer: .float32(part.map { if case .double(let v) = $0.value { Float(v) } else { .nan } })),
            ])
            var compression: [ChunkCompression?]? = nil
            var chunk = try FragmentWriter.encode([(batch, 0..<batch.rowCount)], schema: schema, config: repo.config, dictionaryColumns: nil,
                                                  compression: &compression).store(into: repo.objects)
            chunk.rowOffset = start
            chunks.append(chunk)
        }
        index.formatVersion = 1
        try repo.commit(message: "format 1") { editor, _, _ in try Repository.write(index, chunks: chunks, into: &editor) }
        let snapshot = try repo.snapshot(at: nil)
        let old = try #require(try snapshot.currentGeneIndex(of: "expression", dataset: "d"))
        #expect(old.formatVersion == 1)
        expectSame(try indexed(snapshot, "expression", "d", positions: Array(0..<40)), Array(entries))
        expectSame(try indexed(snapshot, "expression", "d", positions: [3, 17]), entries.filter { $0.col == 3 || $0.col == 17 })

        index.formatVersion = GeneIndexManifest.formatVersion + 1
        try repo.commit(message: "format 3") { editor, _, _ in try Repository.write(index, chunks: chunks, into: &editor) }
        let newer = try repo.snapshot(at: nil)
        #expect(throws: LakeError.self) { try newer.geneIndexes(of: "expression") }
    }
}
