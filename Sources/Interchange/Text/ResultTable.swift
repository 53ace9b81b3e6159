import Columnar

/// Rows of typed values under column names: what listing commands print, in any `OutputFormat`.
public struct ResultTable: Sendable {
    public var columns: [String]
    public var rows: [[Value]]

    public init(columns: [String], rows: [[Value]] = []) {
        self.columns = columns
        self.rows = rows
    }

    public mutating func append(_ row: [Value]) {
        precondition(row.count == columns.count, "ResultTable: row of \(row.count) values for \(columns.count) columns")
        rows.append(row)
    }

    public func render(_ format: OutputFormat) -> String {
        switch format {
        case .table: return renderAligned()
        case .csv: return renderDelimited(separator: ",", quoteAll: false)
        case .tsv: return renderDelimited(separator: "\t", quoteAll: false)
        case .json: return rows.map(renderJSONObject).map { $0 + "\n" }.joined()
        }
    }

    private func renderAligned() -> String {
        let cells = rows.map { $0.map(\.description) }
        var widths = columns.map(\.count)
        for row in cells { for (i, cell) in row.enumerated() { widths[i] = max(widths[i], cell.count) } }
        func line(_ values: [String]) -> String {
            values.enumerated().map { i, v in
                i == values.count - 1 ? v : v + String(repeating: " ", count: widths[i] - v.count)
            }.joined(separator: "  ")
        }
        return ([line(columns)] + cells.map(line)).map { $0 + "\n" }.joined()
    }

    private func renderDelimited(separator: Character, quoteAll: Bool) -> String {
        let separatorByte = separator.asciiValue!
        func field(_ value: Value) -> String {
            if value.isNull { return "" }
            let text = value.description
            // Bytewise: String.contains(String) goes through Foundation's locale-aware search, per field.
            if text.utf8.contains(where: { $0 == separatorByte || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }) {
                return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            }
            return text
        }
        var out = columns.map { field(.string($0)) }.joined(separator: String(separator)) + "\n"
        for row in rows { out += row.map(field).joined(separator: String(separator)) + "\n" }
        return out
    }

    private func renderJSONObject(_ row: [Value]) -> String {
        "{" + zip(columns, row).map { JSONText.string($0) + ":" + JSONText.value($1) }.joined(separator: ",") + "}"
    }
}
