import Columnar
import Lake

/// An AnnData obs or var table as read from a file: the index (obs_names / var_names), and every column
/// in its stored order with its type; categoricals become their values, with the categories kept.
public struct AnnDataFrame: Sendable {
    public var indexName: String
    public var index: VarBinary
    public var names: [String]
    public var columns: [Column]
    /// Category order of each categorical column, by column name.
    public var categories: [String: CategoryOrder]

    public var rowCount: Int { index.count }

    /// Index plus columns as one batch; the index column is called `indexColumn`.
    public func batch(indexColumn: String) -> RecordBatch {
        let fields = [Field(indexColumn, .string, nullable: false)] + zip(names, columns).map { Field($0, $1.type) }
        return RecordBatch(schema: Schema(fields), columns: [Column(type: .string, buffer: .bytes(index))] + columns)
    }
}
