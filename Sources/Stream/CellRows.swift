/// Each selected cell's row among the `cells` columns read, by cell id.
struct CellRows: Sendable {
    private var rows: [Int32]

    init(cells: Int) { rows = [Int32](repeating: -1, count: cells) }

    var capacity: Int { rows.count }

    subscript(_ id: Int64) -> Int {
        get { Int(rows[Int(id)]) }
        set { rows[Int(id)] = Int32(newValue) }
    }
}
