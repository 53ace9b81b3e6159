import Lake

/// How `--max-memory` bounds a stream: what a cell costs while it waits in the shuffle buffer (at most its
/// entries as 4-byte gene ids and 8-byte values, which bounds every tokenizer's rows), what the reading
/// threads hold (the units read ahead of the writer, each counted as decoded), and a fixed allowance for
/// the process itself.
struct MemoryBudget {
    /// The process without data: code, manifests, the cells' labels.
    static let baseline = 96 << 20
    /// Units held ahead of the writer, each as 4 + 4 + 8 bytes an entry (tokenized ones hold less).
    static var unitsAhead: Int { TrainingStream.unitsAhead }

    let bytesPerCell: Int
    let bytesPerUnit: Int

    init(snapshot: Snapshot, facts: MatrixFacts) throws {
        var entries = 0, cells = 0
        for record in try snapshot.datasets() {
            cells += record.cells
            entries += facts.table == "expression" ? record.nonZeros : record.layers?.first { $0.table == facts.table }?.nonZeros ?? 0
        }
        let perCell = cells == 0 ? 0 : (entries + cells - 1) / cells
        bytesPerCell = 12 * perCell + 64
        let fragments = try snapshot.fragments(of: facts.table)
        let largest = fragments.map(\.manifest.rows).max() ?? 0
        bytesPerUnit = 16 * largest
    }

    /// The shuffle buffer's cells that fit in `budget` bytes (never more than `requested`).
    func shuffleBuffer(within budget: Int, requested: Int, batchSize: Int) throws -> Int {
        let fixed = Self.baseline + Self.unitsAhead * bytesPerUnit + 2 * batchSize * bytesPerCell
        guard budget > fixed else {
            throw LakeError.invalidArgument("--max-memory: this matrix needs at least \((fixed + (1 << 20) - 1) >> 20) MiB to stream batches of \(batchSize)")
        }
        return min(requested, (budget - fixed) / max(1, bytesPerCell))
    }
}
