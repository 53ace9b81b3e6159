import Columnar

/// A SELECT, bound and ready to run: what to scan, how to filter, group and project it,
/// and how to order and cut the result.
struct SelectPlan {
    struct Order {
        /// Position in `outputs`.
        var output: Int
        var ascending: Bool
        var nullsFirst: Bool
    }

    /// nil for a SELECT without FROM (which reads one row of no columns) or with joins.
    var table: (any QueryTable)?
    /// A FROM clause with joins: the tree produces the scanned batches (its conditions already applied).
    var join: JoinNode?
    var scanColumns: [String]
    var constraints: [ColumnConstraint]
    var filter: BoundExpression?
    var aggregation: AggregateBinding?
    var having: BoundExpression?
    /// The visible columns (`outputNames.count` of them), then hidden ORDER BY keys; bound over the
    /// scanned batch, or over the aggregate's output when there is an aggregation.
    var outputs: [BoundExpression]
    var outputNames: [String]
    var order: [Order]
    var distinct: Bool
    var limit: Int?
    var offset: Int
}
