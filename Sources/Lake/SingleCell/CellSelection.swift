/// Cells chosen from a version (by `slice --where`, `--cells-from`): for each dataset, its dataset-local
/// rows in ascending order. Datasets with no chosen cell are absent.
public struct CellSelection: Sendable {
    public var rows: [String: [Int]]

    public init(rows: [String: [Int]]) {
        self.rows = rows
    }

    public var cellCount: Int { rows.values.reduce(0) { $0 + $1.count } }
}
