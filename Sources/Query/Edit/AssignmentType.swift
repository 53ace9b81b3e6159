import Columnar

/// Which values an edit may store in a column: its own type, or one that widens into it without loss
/// of meaning. Integers into narrower integers are allowed here and range-checked as they are written
/// (`n = n + 1` is int64 arithmetic on an int32 column); text, booleans and dates only into their own type.
enum AssignmentType {
    static func fits(_ value: DataType, into column: DataType, isLiteral: Bool) -> Bool {
        if value == column { return true }
        if value.isInteger && (column.isInteger || column.isFloatingPoint) { return true }
        if value == .float32 && column == .float64 { return true }
        // A decimal literal (bound as float64) into a float32 column: written as the nearest float32.
        if isLiteral && value.isFloatingPoint && column.isFloatingPoint { return true }
        return false
    }
}
