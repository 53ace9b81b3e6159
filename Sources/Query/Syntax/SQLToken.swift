/// One lexical unit of a SQL query, with where it starts so errors can point at it.
public struct SQLToken: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// A bare word as written: keywords are identifiers too, and the parser decides by context.
        case identifier(String)
        /// A "double-quoted" identifier, quotes removed and `""` unescaped; matched exactly.
        case quotedIdentifier(String)
        /// A 'single-quoted' string, quotes removed and `''` unescaped.
        case string(String)
        /// Digits only, as written (the binder picks the type from the value).
        case integer(String)
        /// A number with a fraction or an exponent, as written: `1.5`, `.5`, `1e-3`.
        case decimal(String)
        /// An operator or punctuation mark: `+ - * / // % || = == <> != < <= > >= :: ( ) , . ;`.
        case symbol(String)
        case end
    }

    public var kind: Kind
    /// UTF-8 byte offset of the first character in the query text.
    public var offset: Int
    /// UTF-8 byte offset just past the token.
    public var endOffset: Int

    public init(_ kind: Kind, offset: Int, endOffset: Int) {
        self.kind = kind
        self.offset = offset
        self.endOffset = endOffset
    }

    /// Whether this is the unquoted word `keyword` (case-insensitive; `keyword` is upper case).
    public func isKeyword(_ keyword: String) -> Bool {
        if case .identifier(let word) = kind { return word.uppercased() == keyword }
        return false
    }

    public func isSymbol(_ symbol: String) -> Bool { kind == .symbol(symbol) }

    /// How the token reads in an error message.
    public var quoted: String {
        switch kind {
        case .identifier(let s), .integer(let s), .decimal(let s), .symbol(let s): return "'\(s)'"
        case .quotedIdentifier(let s): return "'\"\(s)\"'"
        case .string(let s): return "'\(s.replacingOccurrences(of: "'", with: "''"))'"
        case .end: return "end of query"
        }
    }
}
