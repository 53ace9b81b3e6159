import Foundation

/// The banner and size line of a MatrixMarket coordinate file.
struct MatrixMarketHeader {
    enum Field { case integer, real, pattern }

    var field: Field
    var rows: Int
    var columns: Int
    var entries: Int

    /// Reads the banner, comments and size line, leaving `reader` at the first entry.
    init(reader: GzipLineReader) throws {
        guard let banner = try reader.nextLine().map({ String(decoding: $0, as: UTF8.self).lowercased() }) else {
            throw SourceError("\(reader.path): empty file")
        }
        let words = banner.split(separator: " ")
        guard words.count == 5, words[0] == "%%matrixmarket", words[1] == "matrix", words[2] == "coordinate", words[4] == "general" else {
            throw SourceError("\(reader.path):1: unsupported MatrixMarket header '\(banner)' (expected 'matrix coordinate … general')")
        }
        switch words[3] {
        case "integer": field = .integer
        case "real", "double": field = .real
        case "pattern": field = .pattern
        default: throw SourceError("\(reader.path):1: unsupported MatrixMarket field '\(words[3])'")
        }
        while let line = try reader.nextLine() {
            if line.first == UInt8(ascii: "%") || line.isEmpty { continue }
            let numbers = String(decoding: line, as: UTF8.self).split(separator: " ").compactMap { Int($0) }
            guard numbers.count == 3, numbers.allSatisfy({ $0 >= 0 }) else {
                throw SourceError("\(reader.path):\(reader.lineNumber): expected 'rows columns entries'")
            }
            (rows, columns, entries) = (numbers[0], numbers[1], numbers[2])
            return
        }
        throw SourceError("\(reader.path): no size line")
    }
}

/// The entries of a MatrixMarket coordinate file, checked against its header.
enum MatrixMarketEntries {
    /// Calls `body` with each entry's 0-based row and column and its value (as Int32 for integer files —
    /// a count beyond Int32 is an error — or Double for real ones).
    static func read(_ path: String, shape: (features: Int, cells: Int, entries: Int), integral: Bool,
                     _ body: (UInt32, UInt32, Int32, Double) throws -> Void) throws {
        let reader = try GzipLineReader(path: path)
        let header = try MatrixMarketHeader(reader: reader)
        var seen = 0
        while let line = try reader.nextLine() {
            if line.isEmpty || line.first == UInt8(ascii: "%") { continue }
            var fields: [Substring] = []
            fields.reserveCapacity(3)
            let text = String(decoding: line, as: UTF8.self)
            fields = text.split(separator: " ", omittingEmptySubsequences: true)
            let wanted = header.field == .pattern ? 2 : 3
            guard fields.count == wanted, let row = Int(fields[0]), let column = Int(fields[1]) else {
                throw SourceError("\(path):\(reader.lineNumber): expected \(wanted) numbers")
            }
            guard row >= 1, row <= shape.features, column >= 1, column <= shape.cells else {
                throw SourceError("\(path):\(reader.lineNumber): entry (\(row), \(column)) outside the \(shape.features) × \(shape.cells) matrix")
            }
            var integer: Int32 = 1, real = 1.0
            if header.field == .integer {
                guard let value = Int32(fields[2]) else { throw SourceError("\(path):\(reader.lineNumber): '\(fields[2])' is not an integer that fits in int32") }
                integer = value
            } else if header.field == .real {
                guard let value = Double(fields[2]) else { throw SourceError("\(path):\(reader.lineNumber): '\(fields[2])' is not a number") }
                real = value
            }
            seen += 1
            guard seen <= shape.entries else { throw SourceError("\(path):\(reader.lineNumber): more entries than the \(shape.entries) the header declares") }
            try body(UInt32(row - 1), UInt32(column - 1), integer, real)
        }
        guard seen == shape.entries else {
            throw SourceError("\(path): \(seen) entries, the header declares \(shape.entries) (truncated file?)")
        }
    }
}
