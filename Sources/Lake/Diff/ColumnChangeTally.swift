import Columnar

/// Accumulates the changes of one column while fragments are compared: the count, the first few examples
/// and, for columns that may be categorical, how often each old → new transition occurs.
struct ColumnChangeTally {
    static let exampleLimit = 5
    /// Past this many distinct transitions a column reads as free text: examples say more than a table.
    static let transitionLimit = 50

    let column: String
    private(set) var changedRows = 0
    private var examples: [ValueChange] = []
    /// nil once the column has shown itself not to be categorical.
    private var transitions: [TransitionKey: Int]?

    private struct TransitionKey: Hashable {
        var old: Value
        var new: Value
    }

    /// `categorical`: strings and booleans, whose changes read best as a transition table.
    init(column: String, categorical: Bool) {
        self.column = column
        transitions = categorical ? [:] : nil
    }

    /// Records one changed row; `key` is built only when an example is still wanted.
    mutating func record(old: Value, new: Value, key: () -> [Value]) {
        changedRows += 1
        if examples.count < Self.exampleLimit { examples.append(ValueChange(key: key(), old: old, new: new)) }
        if transitions != nil {
            transitions![TransitionKey(old: old, new: new), default: 0] += 1
            if transitions!.count > Self.transitionLimit { transitions = nil }
        }
    }

    var summary: ColumnDiff {
        let table = (transitions ?? [:]).map { Transition(old: $0.key.old, new: $0.key.new, rows: $0.value) }
            .sorted { ($0.rows, $1.old.description, $1.new.description) > ($1.rows, $0.old.description, $0.new.description) }
        return ColumnDiff(column: column, changedRows: changedRows, examples: examples, transitions: table)
    }
}
