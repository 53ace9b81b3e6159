import Columnar

/// A FROM clause with joins, bound for execution: a tree whose leaves scan tables (with the WHERE and ON
/// conditions that concern them alone pushed into the scan) and whose inner nodes join their children on
/// equality keys by hash. Each node produces batches laid out as its `output`: positions in its own
/// scope (the concatenation of its leaves' columns, left to right).
final class JoinNode {
    enum Kind {
        case leaf(any QueryTable)
        case join(JoinStep)
    }

    /// How two children are joined.
    struct JoinStep {
        var kind: SQLJoin.Kind
        var left: JoinNode
        var right: JoinNode
        /// As written: equality keys (left side's expression first) and the residual ON conditions.
        var keySyntax: [(SQLExpression, SQLExpression)] = []
        var residualSyntax: [SQLExpression] = []
        /// Equality keys: each over its side's output layout, cast to a common type.
        var leftKeys: [BoundExpression] = []
        var rightKeys: [BoundExpression] = []
        /// ON conditions that are not keys, over the pair layout (left output, then right output): a pair
        /// must meet them to match (for LEFT JOIN, rows with no matching pair are kept with NULLs).
        var residual: BoundExpression?
    }

    private(set) var kind: Kind
    let scope: BindingScope
    /// Conditions pushed here (syntax), bound into `filter` once the layout is known.
    var conditions: [SQLExpression] = []
    /// For a leaf: its output layout (scope positions read). For a join: the positions its parent needs.
    var output: [Int] = []
    /// Applied to this node's rows: for a leaf over the scanned columns, for a join over the pair layout.
    var filter: BoundExpression?
    /// For a leaf: what its filter lets the scan skip.
    var constraints: [ColumnConstraint] = []
    /// For a join: the pair layout (left output, then right output shifted into this scope).
    var pairLayout: [Int] = []

    init(leaf table: any QueryTable, scope: BindingScope) {
        kind = .leaf(table)
        self.scope = scope
    }

    init(join step: JoinStep) {
        kind = .join(step)
        scope = step.left.scope.appending(step.right.scope)
    }

    /// The join of an inner node (updated as the planner classifies and binds its conditions).
    var step: JoinStep {
        get {
            guard case .join(let step) = kind else { preconditionFailure("a leaf has no join step") }
            return step
        }
        set { kind = .join(newValue) }
    }

    /// Rows this node may produce, for choosing the side of a join to hash (nil: unknown).
    var estimatedRows: Int? {
        switch kind {
        case .leaf(let table): return table.estimatedRows
        case .join(let step):
            guard let l = step.left.estimatedRows, let r = step.right.estimatedRows else { return nil }
            return max(l, r)
        }
    }
}
