import Interchange

/// Turns cells into the columns a model reads. Tokenizers are values: the same batch, seed and epoch give
/// the same tokens, whatever thread or process runs them.
public protocol CellTokenizer: Sendable {
    /// The columns this tokenizer puts in each batch (after `cell_id` and any metadata columns).
    var fields: [ArrowField] { get }
    /// One array per field, one row per cell of `batch`, in batch order.
    func tokenize(_ batch: CellBatch, context: TokenizationContext) throws -> [ArrowArray]
}

/// What a tokenizer's random choices are seeded by: a draw for a cell depends on (seed, epoch, cell id) only,
/// so batches are reproducible whatever the batch size, shard or order.
public struct TokenizationContext: Sendable {
    public var seed: UInt64
    public var epoch: Int

    public init(seed: UInt64, epoch: Int) {
        self.seed = seed
        self.epoch = epoch
    }
}
