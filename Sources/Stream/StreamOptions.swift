/// How cells become batches: order, shard and batch size.
public struct StreamOptions: Sendable {
    public var batchSize = 256
    public var shuffle = false
    public var seed: UInt64 = 0
    public var epoch = 0
    /// This process's part of `shards` (0-based).
    public var shard = 0
    public var shards = 1
    /// Drop each shard's last partial batch (and cells beyond the shortest shard's full batches) instead
    /// of repeating cells to fill it.
    public var dropLast = false
    /// Cells held by the shuffle buffer.
    public var shuffleBuffer = 4096
    /// Batches of the epoch not to emit (resuming after a crash).
    public var skipBatches = 0
    /// Cells within a unit are permuted in blocks of this many (neighbours in a fragment stay near).
    public var blockCells = 64
    /// A bound on the process's memory, in bytes: the shuffle buffer shrinks to fit it.
    public var maxMemory: Int?

    public init() {}
}
