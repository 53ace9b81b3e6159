import Columnar

/// A text column as a Parquet reader hands it up from dictionary pages: the same values, plus each row's
/// code into a dictionary that also holds a value no row uses. Fixtures built this way send comparisons,
/// IN lists and GROUP BY keys down their dictionary paths, against the same oracles as plain columns.
func withDictionaryCodes(_ column: Column) -> Column {
    guard case .bytes(let values) = column.buffer else { return column }
    var distinct: [String] = ["never used"]
    var code: [String: UInt32] = [:]
    var indices: [UInt32] = []
    for row in 0..<column.count {
        guard !column.isNull(row) else {
            indices.append(0)
            continue
        }
        let value = values.string(at: row)
        if code[value] == nil {
            code[value] = UInt32(distinct.count)
            distinct.append(value)
        }
        indices.append(code[value]!)
    }
    var coded = column
    coded.dictionary = DictionaryCodes(indices: indices, values: VarBinary(strings: distinct))
    return coded
}
