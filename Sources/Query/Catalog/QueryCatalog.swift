import Columnar

/// A table a query can read.
public protocol QueryTable {
    var name: String { get }
    var schema: Schema { get }
    /// Calls `body` with batches of `columns`, in that order. `constraints` say which rows the query
    /// keeps: a table may skip data that cannot match them, and returns at least every row that can.
    func scan(columns: [String], constraints: [ColumnConstraint], _ body: (RecordBatch) throws -> Void) throws
    /// About how many rows a scan returns, when known cheaply (a join hashes the smaller side).
    var estimatedRows: Int? { get }
    /// Whether `scan` already reads and decodes ahead of `body` on threads of its own, so a prefetch
    /// thread would add only a hand-over per batch.
    var readsAhead: Bool { get }
}

extension QueryTable {
    public var estimatedRows: Int? { nil }
    public var readsAhead: Bool { false }
}

/// The tables a query may name.
public protocol QueryCatalog {
    var tableNames: [String] { get }
    func table(named name: String) throws -> (any QueryTable)?
}
