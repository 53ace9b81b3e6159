/// A query the lexer or parser cannot read, with the position of the problem.
///
/// `description` names the line and column and repeats the line with a caret under the position:
///
///     syntax error at line 1, column 22: expected FROM, found 'FORM'
///       SELECT cell_type, n FORM cells
///                           ^
public struct SQLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var message: String
    /// UTF-8 byte offset into `query`.
    public var offset: Int
    public var query: String

    public init(_ message: String, offset: Int, query: String) {
        self.message = message
        self.offset = offset
        self.query = query
    }

    public var location: SourceLocation { SourceLocation(offset: offset, in: query) }

    public var description: String {
        let place = location
        return "syntax error at line \(place.line), column \(place.column): \(message)\n" + place.caretSnippet
    }
}

/// Line and column (1-based, in characters) of a UTF-8 offset, and the source line it falls on.
public struct SourceLocation: Hashable, Sendable {
    public var line: Int
    public var column: Int
    /// The whole line containing the offset, without its line break.
    public var lineText: String

    public init(offset: Int, in query: String) {
        let bytes = Array(query.utf8)
        let target = max(0, min(offset, bytes.count))
        var lineStart = 0
        var line = 1
        for i in 0..<target where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        var lineEnd = lineStart
        while lineEnd < bytes.count && bytes[lineEnd] != UInt8(ascii: "\n") && bytes[lineEnd] != UInt8(ascii: "\r") {
            lineEnd += 1
        }
        self.line = line
        self.lineText = String(decoding: bytes[lineStart..<lineEnd], as: UTF8.self)
        self.column = String(decoding: bytes[lineStart..<target], as: UTF8.self).count + 1
    }

    /// The line, indented by two spaces, and a caret under the column (tabs kept so it lines up).
    public var caretSnippet: String {
        let prefix = lineText.prefix(column - 1).map { $0 == "\t" ? "\t" : " " }.joined()
        return "  \(lineText)\n  \(prefix)^"
    }
}
