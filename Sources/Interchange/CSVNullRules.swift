/// Which fields are null.
///
/// - An empty *unquoted* field is null in every column.
/// - In non-string columns (numbers, booleans, dates, timestamps), the unquoted spellings `NA`,
///   `null` and `NULL` are null too.
/// - In string and binary columns only the empty unquoted field is null: `NA` is the text "NA".
/// - A quoted field is never null: `""` is an empty string (and therefore not a number — a column
///   holding `""` infers as string), and `"NA"` is the text "NA".
/// - `NaN`, `nan`, `N/A` are *not* null spellings: `nan` is a float64 NaN, `N/A` is text.
///
/// This differs from pyarrow's defaults (which also treat `NaN`, `nan`, `N/A`, `#N/A`, … as null and
/// quoted `""` as null), in favour of keeping every value that could be data.
enum CSVNullRules {
    @inline(__always)
    static func isNull(_ field: UnsafeBufferPointer<UInt8>, quoted: Bool, textual: Bool) -> Bool {
        if quoted { return false }
        if field.isEmpty { return true }
        return !textual && isNullSpelling(field)
    }

    /// `NA`, `null` or `NULL`.
    @inline(__always)
    static func isNullSpelling(_ field: UnsafeBufferPointer<UInt8>) -> Bool {
        switch field.count {
        case 2: return field[0] == UInt8(ascii: "N") && field[1] == UInt8(ascii: "A")
        case 4:
            let lower = field[0] == UInt8(ascii: "n") && field[1] == UInt8(ascii: "u")
                && field[2] == UInt8(ascii: "l") && field[3] == UInt8(ascii: "l")
            let upper = field[0] == UInt8(ascii: "N") && field[1] == UInt8(ascii: "U")
                && field[2] == UInt8(ascii: "L") && field[3] == UInt8(ascii: "L")
            return lower || upper
        default: return false
        }
    }
}
