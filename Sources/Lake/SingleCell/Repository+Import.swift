import Columnar
import Foundation
import History
import Storage

/// One file to import and the dataset name it gets.
public struct ImportRequest {
    public var name: String
    public var source: any SingleCellSource
    /// Which feature attribute joins this dataset's genes to the registry.
    public var featureKey: FeatureKeyMode

    public init(name: String, source: any SingleCellSource, featureKey: FeatureKeyMode = .auto) {
        self.name = name
        self.source = source
        self.featureKey = featureKey
    }
}

/// What an import committed.
public struct ImportResult: Sendable {
    public var commit: ObjectID
    public var datasets: [DatasetRecord]
    public var newGenes: Int
    /// Non-fatal findings to show the user (e.g. duplicate obs names).
    public var warnings: [String]
    /// Facts worth knowing about what was imported (e.g. multi-genome prefixes kept as given).
    public var notes: [String]
}

/// A dataset's fragments, written before the commit: they hold dataset-local rows only.
private struct StagedDataset {
    var request: ImportRequest
    var sha256: String
    var obs: SourceFrame
    var variables: SourceFrame
    var featureKeys: [String]
    var symbols: [String]
    var genomePrefixes: [(prefix: String, features: Int)]
    var cellFragments: [FragmentManifest]
    var varFragments: [FragmentManifest]
    var expressionFragments: [FragmentManifest]
    var nonZeros: Int
    var layers: [(record: LayerRecord, fragments: [FragmentManifest])]
    /// Gene indexes built alongside, for matrices the head had indexed: by table.
    var geneIndexes: [String: (index: GeneIndexManifest, chunks: [FragmentManifest])]
    var auxiliary: AuxiliaryRecord?
    var duplicateObsNames: Int
}

extension Repository {
    /// Imports each source as one dataset, all in one commit on the current branch. Data is written
    /// first, in bounded chunks; ids (cell offsets, the gene registry) are assigned at commit time from
    /// whatever the branch holds then, so concurrent imports only renumber manifests.
    public func importDatasets(_ requests: [ImportRequest], message: String, allowDuplicate: Bool = false) throws -> ImportResult {
        var seenNames = Set<String>()
        for request in requests {
            try TableName.validate(request.name)
            guard seenNames.insert(request.name).inserted else { throw LakeError.conflict("dataset name '\(request.name)' given twice") }
        }
        let branch = try currentBranch()  // the branch HEAD follows now receives the commit; refused when detached
        let head = branch.commit
        let existing = try head.map { try ManifestPaths.readDatasetRecords(git, commit: $0) } ?? []
        // Matrices with a gene index at the head: each import indexes its own entries as it writes them.
        let indexed = Set(try head.map { try Snapshot(repository: self, commit: $0, revision: "HEAD").geneIndexedTables() } ?? [])
        var staged: [StagedDataset] = []
        for request in requests {
            // The name is checked before any work; the digest (computed meanwhile) once the data is staged.
            // A refused duplicate leaves only objects identical to those it duplicates.
            let digest = PendingDigest(path: request.source.path)
            try checkNew(request.name, digest: nil, source: request.source.displayName, existing: existing + staged.map(\.asRecordStub), allowDuplicate: allowDuplicate)
            var item = try stage(request, indexing: indexed)
            item.sha256 = try digest.value()
            try checkNew(request.name, digest: item.sha256, source: request.source.displayName, existing: existing + staged.map(\.asRecordStub), allowDuplicate: allowDuplicate)
            staged.append(item)
        }
        var newGenes = 0
        var records: [DatasetRecord] = []
        let (commit, _) = try commit(message: message, onto: branch) { editor, dataset, head in
            records = []
            let current = try head.map { try ManifestPaths.readDatasetRecords(git, commit: $0) } ?? []
            var cellOffset = current.last.map { $0.cellOffset + $0.cells } ?? 0
            var registry = try GeneRegistry(repository: self, commit: head)
            var tables = TableAppender(repository: self, head: head)
            for item in staged {
                try checkNew(item.request.name, digest: item.sha256, source: item.request.source.displayName,
                             existing: current + records, allowDuplicate: allowDuplicate)
                let panel = registry.ids(for: item.featureKeys, symbols: item.symbols)
                let source = item.request.source
                try tables.append(SingleCellTables.cells, fragments: item.cellFragments,
                                  schema: { try SingleCellTables.union($0, fixed: SingleCellTables.cellKey,
                                                                       incoming: item.obs.batch.schema.fields, table: "cells", source: source.displayName) },
                                  editor: &editor, summary: &dataset)
                try tables.append(SingleCellTables.variables, fragments: item.varFragments,
                                  schema: { try SingleCellTables.union($0, fixed: SingleCellTables.varKey,
                                                                       incoming: item.variables.batch.schema.fields, table: "var", source: source.displayName) },
                                  editor: &editor, summary: &dataset)
                var written: [String: (fragments: [FragmentManifest], entries: [(name: String, blob: ObjectID)])] = [:]
                written[SingleCellTables.expression] = (item.expressionFragments, try tables.append(
                    SingleCellTables.expression, fragments: item.expressionFragments,
                    schema: { try Repository.matrixSchema($0, source.valueType, table: "expression", source: source.displayName) },
                    editor: &editor, summary: &dataset))
                for layer in item.layers {
                    written[layer.record.table] = (layer.fragments, try tables.append(
                        layer.record.table, fragments: layer.fragments,
                        schema: { try Repository.matrixSchema($0, layer.record.valueType, table: layer.record.table, source: source.displayName) },
                        editor: &editor, summary: &dataset))
                }
                // The indexes built while staging, for matrices still indexed at this head.
                for (table, built) in item.geneIndexes.sorted(by: { $0.key < $1.key }) {
                    guard let head, try git.entry(at: ManifestPaths.geneIndexDirectory(table), in: head) != nil, let fragments = written[table] else { continue }
                    var index = built.index
                    index.source = GeneIndexSource(names: fragments.entries.map(\.name), blobs: fragments.entries.map(\.blob), manifests: fragments.fragments)
                    try Self.write(index, chunks: built.chunks, into: &editor)
                }
                var record = DatasetRecord(
                    formatVersion: DatasetRecord.formatVersion, name: item.request.name, format: source.format,
                    source: source.path, sha256: item.sha256, cells: source.cellCount, genes: source.featureCount,
                    nonZeros: item.nonZeros, cellOffset: cellOffset, storedPanel: GenePanel(panel), valueType: source.valueType,
                    obsIndexName: item.obs.indexName, varIndexName: item.variables.indexName,
                    obsColumns: Array(item.obs.batch.schema.fields.dropFirst()), varColumns: Array(item.variables.batch.schema.fields.dropFirst()),
                    categories: item.obs.categories.reduce(into: [:]) { $0["obs/" + $1.key] = $1.value }
                        .merging(item.variables.categories.reduce(into: [:]) { $0["var/" + $1.key] = $1.value }) { a, _ in a },
                    duplicateObsNames: item.duplicateObsNames)
                record.layers = item.layers.isEmpty ? nil : item.layers.map(\.record)
                record.auxiliary = item.auxiliary
                record.featureKey = item.request.featureKey
                _ = try editor.upsert(ManifestPaths.datasetRecord(record.name), data: Data(try ManifestCoding.encode(record)))
                dataset.sources.append(SourceRecord(table: "dataset:" + record.name, path: source.path, sha256: item.sha256, rows: source.cellCount))
                records.append(record)
                cellOffset += source.cellCount
            }
            newGenes = try registry.commitNewGenes(into: &tables, editor: &editor, summary: &dataset)
        }
        var warnings = staged.filter { $0.duplicateObsNames > 0 }.map {
            "\($0.request.source.displayName): \($0.duplicateObsNames) duplicate obs names (kept as they are)"
        }
        for item in staged where !(item.auxiliary?.skipped.isEmpty ?? true) {
            warnings.append("\(item.request.source.displayName): not kept: \(item.auxiliary!.skipped.joined(separator: ", "))")
        }
        let notes = staged.filter { $0.genomePrefixes.count > 1 }.map { item in
            "\(item.request.source.displayName): features of several genomes, prefixes kept as given: "
                + item.genomePrefixes.map { "\($0.prefix) (\($0.features))" }.joined(separator: ", ")
        }
        return ImportResult(commit: commit, datasets: records, newGenes: newGenes, warnings: warnings, notes: notes)
    }

    /// A matrix table's schema grown to hold values of `type` too.
    static func matrixSchema(_ existing: Schema?, _ type: DataType, table: String, source: String) throws -> Schema {
        guard let existing else { return SingleCellTables.expressionSchema(type) }
        guard let promoted = existing.fields[2].type.promoted(with: type) else {
            throw LakeError.schemaMismatch(table: table, source: source, detail: "values are \(type), the table holds \(existing.fields[2].type)")
        }
        return SingleCellTables.expressionSchema(promoted)
    }

    private func checkNew(_ name: String, digest: String?, source: String, existing: [DatasetRecord], allowDuplicate: Bool) throws {
        if existing.contains(where: { $0.name == name }) {
            throw LakeError.conflict("a dataset named '\(name)' already exists; choose another with --dataset")
        }
        if !allowDuplicate, let digest, let twin = existing.first(where: { $0.sha256 == digest }) {
            throw LakeError.conflict("\(source) was already imported as dataset '\(twin.name)' (same SHA-256); use --allow-duplicate to import it again")
        }
    }

    /// Writes the dataset's cells, var and expression fragments (durable, not yet committed), and the gene
    /// index of each matrix table in `indexing`.
    private func stage(_ request: ImportRequest, indexing: Set<String>) throws -> StagedDataset {
        let source = request.source
        let obs = try source.observations()
        let variables = try source.features()
        guard obs.batch.rowCount == source.cellCount else {
            throw LakeError.schemaMismatch(table: "cells", source: source.displayName, detail: "obs has \(obs.batch.rowCount) rows, X has \(source.cellCount)")
        }
        guard variables.batch.rowCount == source.featureCount else {
            throw LakeError.schemaMismatch(table: "var", source: source.displayName, detail: "var has \(variables.batch.rowCount) rows, X has \(source.featureCount) columns")
        }
        let (keys, symbols) = try FeatureKey.resolve(variables.batch, mode: request.featureKey)
        func write(_ batch: RecordBatch, rowsPerFragment: Int) throws -> [FragmentManifest] {
            var options = config
            options.fragmentRows = rowsPerFragment
            var writer = FragmentWriter(schema: batch.schema, config: options, objects: objects)
            try writer.append(batch)
            return try writer.finish().tagged(dataset: request.name)
        }
        let cellFragments = try write(obs.batch, rowsPerFragment: config.fragmentRows)
        let varFragments = try write(variables.batch, rowsPerFragment: config.fragmentRows)
        var geneIndexes: [String: (index: GeneIndexManifest, chunks: [FragmentManifest])] = [:]
        func indexer(_ table: String, _ type: DataType) throws -> GeneIndexBuilder? {
            guard indexing.contains(table) else { return nil }
            // Import holds its own buffers meanwhile: the index keeps fewer runs in memory than a build does.
            return try GeneIndexBuilder(positions: source.featureCount, valueType: type, config: config, objects: objects,
                                        what: "\(source.displayName) (\(table))", runMemory: GeneIndexBuilder.defaultRunMemory / 4)
        }
        let expressionIndex = try indexer(SingleCellTables.expression, source.valueType)
        let (expressionFragments, nonZeros) = try stageMatrix(source.valueType, dataset: request.name, indexing: expressionIndex) {
            try source.forEachRowChunk($0)
        }
        if let expressionIndex {
            geneIndexes[SingleCellTables.expression] = try expressionIndex.finish(table: SingleCellTables.expression, dataset: request.name)
        }
        let layers = try source.layerNames.map { name -> (record: LayerRecord, fragments: [FragmentManifest]) in
            let type = try source.layerValueType(name)
            let table = SingleCellTables.layerTable(name)
            let layerIndex = try indexer(table, type)
            let (fragments, count) = try stageMatrix(type, dataset: request.name, indexing: layerIndex) { try source.forEachLayerChunk(name, $0) }
            if let layerIndex { geneIndexes[table] = try layerIndex.finish(table: table, dataset: request.name) }
            return (LayerRecord(name: name, table: table, valueType: type, nonZeros: count), fragments)
        }
        let auxiliary = try source.auxiliaryElements().map { elements in
            AuxiliaryRecord(sha256: try objects.put(elements.bytes).hex, bytes: elements.bytes.count, roots: elements.roots, skipped: elements.skipped)
        }
        let names = obs.batch.columns[0]
        let distinct = Set((0..<names.count).map { names.value(at: $0) }).count
        return StagedDataset(request: request, sha256: "", obs: obs, variables: variables, featureKeys: keys, symbols: symbols,
                             genomePrefixes: FeatureKey.genomePrefixes(keys),
                             cellFragments: cellFragments, varFragments: varFragments,
                             expressionFragments: expressionFragments, nonZeros: nonZeros, layers: layers, geneIndexes: geneIndexes,
                             auxiliary: auxiliary,
                             duplicateObsNames: names.count - distinct)
    }

    /// Writes a matrix's fragments: dataset-local row, panel position and value, in row order (and hands
    /// the same entries to `indexing`, when the matrix is gene-indexed).
    private func stageMatrix(_ valueType: DataType, dataset: String, indexing: GeneIndexBuilder?,
                             _ chunks: ((SparseRows) throws -> Void) throws -> Void) throws -> ([FragmentManifest], Int) {
        let schema = SingleCellTables.expressionStorage(valueType)
        var writer = FragmentWriter(schema: schema, config: config, objects: objects)
        // Uncompressed: zstd would only halve the values' bit-packed dictionary indices (the matrix is about
        // 30% larger without it, still smaller than the peers' stores), while undoing it is on the path of
        // every slice, stream and index build (a 10-gene scan spends about a fifth of its time there).
        writer.leaveUncompressed()
        var nonZeros = 0
        try Prefetcher.run(chunks) { chunk in
            let rows = [UInt32](unsafeUninitializedCapacity: chunk.columnIndices.count) { out, count in
                for i in 0..<chunk.rows.count {
                    let row = UInt32(chunk.rows.lowerBound + i)
                    for k in chunk.rowPointers[i]..<chunk.rowPointers[i + 1] { out[k] = row }
                }
                count = chunk.columnIndices.count
            }
            nonZeros += rows.count
            let batch = RecordBatch(schema: schema, columns: [
                Column(type: .uint32, buffer: .uint32(rows)),
                Column(type: .uint32, buffer: .uint32(chunk.columnIndices)),
                chunk.values,
            ])
            try writer.append(batch)
            try indexing?.append(batch)
        }
        return (try writer.finish().tagged(dataset: dataset), nonZeros)
    }

    /// SHA-256 of a file, or of a directory's files (name and digest of each, in name order).
    static func digest(of path: String) throws -> String {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw LakeError.emptySource("\(path): no such file") }
        guard isDirectory.boolValue else { return try ObjectHash.ofFile(path).hex }
        let names = try FileManager.default.contentsOfDirectory(atPath: path).sorted()
        let listing = try names.map { "\($0) \(try ObjectHash.ofFile(path + "/" + $0).hex)\n" }.joined()
        return ObjectHash.of(Array(listing.utf8)).hex
    }
}

extension Array where Element == FragmentManifest {
    /// Marks fragments as holding consecutive rows of `dataset`.
    func tagged(dataset: String) -> [FragmentManifest] {
        var row = 0
        return map { fragment in
            var tagged = fragment
            tagged.dataset = dataset
            tagged.datasetRow = row
            row += fragment.rows
            return tagged
        }
    }
}

extension StagedDataset {
    /// Enough of a record to check names and digests within one import.
    var asRecordStub: DatasetRecord {
        DatasetRecord(formatVersion: DatasetRecord.formatVersion, name: request.name, format: request.source.format, source: request.source.path,
                      sha256: sha256, cells: 0, genes: 0, nonZeros: 0, cellOffset: 0, storedPanel: GenePanel([]), valueType: request.source.valueType,
                      obsIndexName: "", varIndexName: "", obsColumns: [], varColumns: [], categories: [:], duplicateObsNames: 0)
    }
}
