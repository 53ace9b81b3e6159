import Columnar
import Foundation
import Interchange
import Lake
import Query

/// What to stream: the matrix, which cells, which labels travel with them, and the batch order.
public struct StreamRequest: Sendable {
    public var matrix = "X"
    /// A SQL condition over `cells` (the expression language of `query`).
    public var condition: String?
    /// `cells` columns sent with every batch.
    public var columns: [String] = []
    /// A numeric `cells` column holding each cell's total count (else the sum of its values).
    public var countsColumn: String?
    public var split: SplitRule?
    public var options = StreamOptions()

    public init() {}
}

/// What a stream sent.
public struct StreamSummary: Sendable {
    public var cells: Int
    public var batches: Int
    /// Batches in this shard's epoch (skipped ones included): the same on every shard.
    public var epochBatches: Int
}

/// Training batches from a pinned version: the cells a request selects, in the order `StreamPlan` decides,
/// read unit by unit on every core (a window ahead), tokenized, and written as Arrow record batches with
/// `cell_id` and the requested `cells` columns.
public final class TrainingStream {
    public let snapshot: Snapshot
    public let request: StreamRequest
    public let facts: MatrixFacts
    /// Selected cell ids, ascending.
    let selected: [Int64]
    /// `cells` columns for the selected cells: `row[cell]` indexes `columns` (and `totals`).
    let row: CellRows
    let columns: [Column]
    let totals: [Double]?

    public init(snapshot: Snapshot, request: StreamRequest) throws {
        self.snapshot = snapshot
        facts = try MatrixFacts(snapshot: snapshot, matrix: request.matrix)
        var request = request
        if let budget = request.options.maxMemory {
            request.options.shuffleBuffer = try MemoryBudget(snapshot: snapshot, facts: facts)
                .shuffleBuffer(within: budget, requested: request.options.shuffleBuffer, batchSize: request.options.batchSize)
        }
        self.request = request
        let options = request.options
        guard options.batchSize > 0 else { throw LakeError.invalidArgument("--batch-size must be at least 1") }
        guard options.shards > 0, (0..<options.shards).contains(options.shard) else {
            throw LakeError.invalidArgument("--shard: part \(options.shard + 1) of \(options.shards) does not exist (use i/n with 1 ≤ i ≤ n)")
        }
        guard options.skipBatches >= 0, options.shuffleBuffer >= 0 else { throw LakeError.invalidArgument("--skip-batches and --shuffle-buffer must not be negative") }

        let records = try snapshot.datasets()
        // Cell ids are dense (a dataset's cells follow its offset): arrays indexed by id, not hash tables.
        var row = CellRows(cells: records.map { $0.cellOffset + $0.cells }.max() ?? 0)
        // Without a condition every live cell is chosen: the scan below lists them.
        var chosen = [Bool](repeating: request.condition == nil, count: row.capacity)
        if let condition = request.condition {
            let selection = try CellSelector(catalog: try SnapshotCatalog(snapshot: snapshot)).select(where: condition, obsNames: nil)
            let offsets = Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0.cellOffset) })
            for (dataset, rows) in selection.rows {
                guard let offset = offsets[dataset] else { continue }
                for r in rows where offset + r < chosen.count { chosen[offset + r] = true }
            }
        }
        // The labels, the split key and the counts column of the chosen cells.
        let schema = try snapshot.schema(of: "cells")
        var extra = request.columns
        for name in [request.split?.column, request.countsColumn].compactMap({ $0 }) where !extra.contains(name) { extra.append(name) }
        for name in extra where schema.field(named: name) == nil {
            throw LakeError.unknownColumn(name, table: "cells")
        }
        if let counts = request.countsColumn, let type = schema.field(named: counts)?.type, !(type.isInteger || type.isFloatingPoint) {
            throw LakeError.invalidArgument("--n-counts-column: '\(counts)' is \(type), not a number")
        }
        var batches: [RecordBatch] = []
        var selected: [Int64] = []
        try snapshot.scan("cells", columns: ["cell_id"] + extra) { batch in
            guard case .int64(let ids) = batch.columns[0].buffer else { return }
            let keep = ids.map { $0 >= 0 && Int($0) < chosen.count && chosen[Int($0)] }
            let kept = batch.filter(keep)
            guard case .int64(let keptIDs) = kept.columns[0].buffer else { return }
            for id in keptIDs {
                row[id] = selected.count
                selected.append(id)
            }
            batches.append(kept)
        }
        let table = RecordBatch.concatenate(batches, schema: Schema((["cell_id"] + extra).map { name in schema.field(named: name)! }))
        if let split = request.split {
            let key = split.column.map { table.columns[extra.firstIndex(of: $0)! + 1] }
            selected = selected.filter { id in
                split.part(of: key.map { $0.value(at: row[id]).description } ?? String(id)) == split.use
            }
        }
        self.selected = selected.sorted()
        self.row = row
        columns = request.columns.map { table.columns[extra.firstIndex(of: $0)! + 1] }
        // Counts as doubles; a missing count reads NaN, which tokenizers refuse.
        totals = request.countsColumn.map { name in
            let column = table.columns[extra.firstIndex(of: name)! + 1]
            return zip(column.doubles, 0..<column.count).map { value, i in column.isNull(i) ? .nan : value }
        }
    }

    /// Cells selected (before sharding).
    public var selectedCells: Int { selected.count }

    /// The Arrow schema of every batch.
    public func fields(_ tokenizer: any CellTokenizer) -> [ArrowField] {
        [ArrowField("cell_id", .int(bits: 64, signed: true))]
            + zip(request.columns, columns).map { name, column in ArrowField(name, ArrowArray.from(column.slice(0..<0)).type, nullable: true) }
            + tokenizer.fields
    }

    /// Units read ahead of the writer: one a core, and six more. The reader of the pipe shares the cores
    /// (it turns each batch into tensors); the spare units let the reading threads run on while the writer
    /// waits for it, where one spare left a core idle on two cores (about a tenth fewer cells a second at
    /// the torch end). A fixed number of spares, not a multiple of the cores, keeps a many-core machine's
    /// memory in step with a small one's.
    static var unitsAhead: Int { OrderedParallelMap.defaultWorkers + 6 }

    /// Writes the shard's batches for the epoch, then the end-of-stream marker.
    @discardableResult
    public func run<Sink: ArrowByteSink>(tokenizer: any CellTokenizer, to sink: Sink) throws -> StreamSummary {
        let options = request.options
        let units = try snapshot.matrixCellUnits(facts.table)
        let plan = try StreamPlan(units: units, selected: selected, options: options)
        var writer = try ArrowStreamWriter(sink: sink, fields: fields(tokenizer))
        let context = TokenizationContext(seed: options.seed, epoch: options.epoch)
        let rows = TokenizedRows(fields: tokenizer.fields)
        var pending = PendingCells()
        var next = 0
        var sent = 0
        // Reading, decoding and tokenizing run on every core, a visit at a time (tokens of a cell depend on
        // the cell alone); this thread only gathers rows into batches and writes them.
        try OrderedParallelMap.run(count: plan.visits.count, window: Self.unitsAhead, { i in
            let visit = plan.visits[i]
            var ids: [Int64] = [], tokens: [TokenizedRow] = []
            try CellChunk.read(snapshot: snapshot, unit: units[visit.unit], wanted: visit.cells, valueType: facts.valueType) { batch in
                var cells = batch
                cells.totals = totals.map { totals in cells.cellIDs.map { totals[row[$0]] } }
                tokens += try rows.split(try tokenizer.tokenize(cells, context: context), rows: cells.count)
                ids += cells.cellIDs
            }
            return (ids, tokens, visit.cells)
        }, consume: { (ids: [Int64], tokens: [TokenizedRow], wanted: [Int64]) in
            pending.add(ids, tokens, wanted: wanted)
            while next + options.batchSize <= plan.order.count {
                let batchIDs = Array(plan.order[next..<(next + options.batchSize)])
                guard let batchRows = pending.take(batchIDs) else { break }
                try write(batchIDs, rows.join(batchRows), into: &writer)
                next += options.batchSize
                sent += 1
            }
        })
        try writer.finish()
        return StreamSummary(cells: sent * options.batchSize, batches: sent, epochBatches: plan.batches)
    }

    private func write<Sink>(_ ids: [Int64], _ tokens: [ArrowArray], into writer: inout ArrowStreamWriter<Sink>) throws {
        let rows = ids.map { row[$0] }
        var arrays: [ArrowArray] = [.fixed(count: ids.count, validity: nil, values: ArrowBuffer(ids))]
        arrays += columns.map { ArrowArray.from($0.gather(rows)).array }
        arrays += tokens
        try writer.write(rows: ids.count, columns: arrays)
    }
}
