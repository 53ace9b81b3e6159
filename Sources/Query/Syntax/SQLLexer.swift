/// Splits a SQL query into tokens, skipping whitespace and `--` / `/* */` comments.
///
/// Works on the UTF-8 bytes so offsets are exact and cheap; any non-ASCII byte may appear in an
/// identifier (as in PostgreSQL and DuckDB), so `größe` is one word.
public struct SQLLexer {
    public let query: String
    private let bytes: [UInt8]
    private var position = 0

    public init(_ query: String) {
        self.query = query
        self.bytes = Array(query.utf8)
    }

    /// Every token of `query`, ending with `.end`.
    public static func tokenize(_ query: String) throws(SQLSyntaxError) -> [SQLToken] {
        var lexer = SQLLexer(query)
        var tokens: [SQLToken] = []
        while true {
            let token = try lexer.next()
            tokens.append(token)
            if token.kind == .end { return tokens }
        }
    }

    public mutating func next() throws(SQLSyntaxError) -> SQLToken {
        try skipTrivia()
        let start = position
        guard position < bytes.count else { return SQLToken(.end, offset: start, endOffset: start) }
        let c = bytes[position]
        let kind: SQLToken.Kind
        if isIdentifierStart(c) {
            while position < bytes.count && isIdentifierPart(bytes[position]) { position += 1 }
            kind = .identifier(text(start, position))
        } else if isDigit(c) || (c == UInt8(ascii: ".") && position + 1 < bytes.count && isDigit(bytes[position + 1])) {
            kind = lexNumber()
        } else if c == UInt8(ascii: "'") {
            kind = .string(try lexQuoted(UInt8(ascii: "'"), what: "string"))
        } else if c == UInt8(ascii: "\"") {
            let name = try lexQuoted(UInt8(ascii: "\""), what: "quoted identifier")
            if name.isEmpty { throw error("empty quoted identifier", at: start) }
            kind = .quotedIdentifier(name)
        } else {
            kind = .symbol(try lexSymbol())
        }
        return SQLToken(kind, offset: start, endOffset: position)
    }

    // MARK: - Pieces

    private mutating func skipTrivia() throws(SQLSyntaxError) {
        while position < bytes.count {
            let c = bytes[position]
            if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x0C {
                position += 1
            } else if c == UInt8(ascii: "-") && peek(1) == UInt8(ascii: "-") {
                while position < bytes.count && bytes[position] != 0x0A { position += 1 }
            } else if c == UInt8(ascii: "/") && peek(1) == UInt8(ascii: "*") {
                let start = position
                position += 2
                while position < bytes.count && !(bytes[position] == UInt8(ascii: "*") && peek(1) == UInt8(ascii: "/")) {
                    position += 1
                }
                if position >= bytes.count { throw error("unterminated /* comment", at: start) }
                position += 2
            } else {
                return
            }
        }
    }

    /// `123`, `1.5`, `1.`, `.5`, `1e-3`, `2.5E+10`. An `e` not followed by digits ends the number.
    private mutating func lexNumber() -> SQLToken.Kind {
        let start = position
        var isDecimal = false
        while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        if position < bytes.count && bytes[position] == UInt8(ascii: ".") {
            isDecimal = true
            position += 1
            while position < bytes.count && isDigit(bytes[position]) { position += 1 }
        }
        if position < bytes.count && (bytes[position] | 0x20) == UInt8(ascii: "e") {
            var look = position + 1
            if look < bytes.count && (bytes[look] == UInt8(ascii: "+") || bytes[look] == UInt8(ascii: "-")) { look += 1 }
            if look < bytes.count && isDigit(bytes[look]) {
                isDecimal = true
                position = look
                while position < bytes.count && isDigit(bytes[position]) { position += 1 }
            }
        }
        let spelled = text(start, position)
        return isDecimal ? .decimal(spelled) : .integer(spelled)
    }

    /// A quoted run where a doubled quote stands for one quote character.
    private mutating func lexQuoted(_ quote: UInt8, what: String) throws(SQLSyntaxError) -> String {
        let start = position
        position += 1
        var content: [UInt8] = []
        while true {
            guard position < bytes.count else { throw error("unterminated \(what)", at: start) }
            let c = bytes[position]
            position += 1
            if c == quote {
                if position < bytes.count && bytes[position] == quote {
                    content.append(quote)
                    position += 1
                } else {
                    return String(decoding: content, as: UTF8.self)
                }
            } else {
                content.append(c)
            }
        }
    }

    private static let twoCharacterSymbols: Set<String> = ["//", "||", "==", "<>", "!=", "<=", ">=", "::"]
    private static let oneCharacterSymbols: Set<UInt8> = Set("+-*/%=<>(),.;".utf8)

    private mutating func lexSymbol() throws(SQLSyntaxError) -> String {
        if position + 1 < bytes.count {
            let pair = text(position, position + 2)
            if Self.twoCharacterSymbols.contains(pair) {
                position += 2
                return pair
            }
        }
        let c = bytes[position]
        guard Self.oneCharacterSymbols.contains(c) else {
            let scalar = String(decoding: bytes[position..<min(bytes.count, position + scalarLength(c))], as: UTF8.self)
            throw error("unexpected character '\(scalar)'", at: position)
        }
        position += 1
        return String(UnicodeScalar(c))
    }

    // MARK: - Bytes

    private func peek(_ ahead: Int) -> UInt8? {
        position + ahead < bytes.count ? bytes[position + ahead] : nil
    }

    private func text(_ from: Int, _ to: Int) -> String {
        String(decoding: bytes[from..<to], as: UTF8.self)
    }

    private func error(_ message: String, at offset: Int) -> SQLSyntaxError {
        SQLSyntaxError(message, offset: offset, query: query)
    }

    private func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    private func isIdentifierStart(_ c: UInt8) -> Bool {
        (c | 0x20) >= UInt8(ascii: "a") && (c | 0x20) <= UInt8(ascii: "z") || c == UInt8(ascii: "_") || c >= 0x80
    }

    private func isIdentifierPart(_ c: UInt8) -> Bool {
        isIdentifierStart(c) || isDigit(c) || c == UInt8(ascii: "$")
    }

    private func scalarLength(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
    }
}
