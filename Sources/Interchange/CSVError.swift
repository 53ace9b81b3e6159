import Columnar

/// Everything that can go wrong reading a delimited file, reported as one line:
/// `path:line: what was wrong` (the line is 1-based and counts physical lines, so a quoted field
/// spanning three lines advances the count by three), or `path: what was wrong` when no line applies.
public struct CSVError: Error, CustomStringConvertible, Equatable, Sendable {
    public enum Reason: Equatable, Sendable {
        case fileNotFound
        case unreadable(String)
        case emptyFile
        case fieldCount(found: Int, expected: Int)
        case unterminatedQuote
        case textAfterClosingQuote
        case invalidValue(column: String, text: String, type: DataType)
        case emptyHeaderName(column: Int)
        case duplicateHeaderName(String)
        case invalidUTF8InHeader
        case invalidUTF8(column: String)
        case unknownOverrideColumn(String, available: [String])
        case invalidDelimiter(String)
    }

    public var path: String
    /// The physical line the problem starts on, when one applies.
    public var line: Int?
    public var reason: Reason

    public init(path: String, line: Int? = nil, reason: Reason) {
        self.path = path
        self.line = line
        self.reason = reason
    }

    public var description: String {
        let location = line.map { "\(path):\($0)" } ?? path
        return "\(location): \(message)"
    }

    private var message: String {
        switch reason {
        case .fileNotFound: return "no such file"
        case .unreadable(let why): return "cannot read: \(why)"
        case .emptyFile: return "empty file (no header)"
        case .fieldCount(let found, let expected):
            return "\(found) field\(found == 1 ? "" : "s"), header has \(expected)"
        case .unterminatedQuote: return "unterminated quoted field"
        case .textAfterClosingQuote: return "text after the closing quote of a quoted field"
        case .invalidValue(let column, let text, let type):
            return "column '\(column)': '\(text)' is not a valid \(type)"
        case .emptyHeaderName(let column): return "header: column \(column) has an empty name"
        case .duplicateHeaderName(let name): return "header: column name '\(name)' appears more than once"
        case .invalidUTF8InHeader: return "header is not valid UTF-8"
        case .invalidUTF8(let column): return "column '\(column)': value is not valid UTF-8"
        case .unknownOverrideColumn(let name, let available):
            return "--schema names column '\(name)', which the header lacks (columns: \(available.joined(separator: ", ")))"
        case .invalidDelimiter(let why): return "invalid delimiter: \(why)"
        }
    }

    /// Field text for messages: decoded leniently and cut short, so one line stays one short line.
    static func excerpt(_ bytes: UnsafeBufferPointer<UInt8>, limit: Int = 40) -> String {
        let text = String(decoding: bytes, as: UTF8.self)
        let flattened = text.replacingNewlines()
        return flattened.count > limit ? String(flattened.prefix(limit)) + "…" : flattened
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        String(map { $0 == "\n" || $0 == "\r" || $0 == "\r\n" ? " " : $0 })
    }
}
