/// Reads one `SELECT` statement (recursive descent; expressions by precedence in
/// `SQLParser+Expressions.swift`).
///
/// Joins, common table expressions and subqueries are parsed into the syntax tree; what runs them
/// is the planner's business.
public struct SQLParser {
    let query: String
    var tokens: [SQLToken]
    var index = 0
    /// Current nesting of parentheses, unary operators and operator chains; bounded so that a
    /// hostile query cannot exhaust the stack of the parser, binder or evaluator.
    var depth = 0
    static let maximumDepth = 250

    init(_ query: String) throws(SQLSyntaxError) {
        self.query = query
        self.tokens = try SQLLexer.tokenize(query)
    }

    /// Parses a whole query: one `SELECT` (optionally after `WITH`), an optional `;`, nothing else.
    public static func parse(_ query: String) throws(SQLSyntaxError) -> SelectStatement {
        var parser = try SQLParser(query)
        let statement = try parser.parseSelectStatement()
        if parser.current.isSymbol(";") { parser.advance() }
        guard parser.current.kind == .end else {
            throw parser.unexpected(expecting: parser.clausesAfterStatement)
        }
        return statement
    }

    /// Parses a lone expression, as a `--where` option or a test would write it.
    public static func parseExpression(_ text: String) throws(SQLSyntaxError) -> SQLExpression {
        var parser = try SQLParser(text)
        let expression = try parser.parseExpression()
        guard parser.current.kind == .end else { throw parser.unexpected(expecting: ["end of expression"]) }
        return expression
    }

    // MARK: - Statement

    mutating func parseSelectStatement() throws(SQLSyntaxError) -> SelectStatement {
        var ctes: [SQLCommonTableExpression] = []
        if current.isKeyword("WITH") {
            advance()
            if current.isKeyword("RECURSIVE") { throw error("WITH RECURSIVE is not supported") }
            repeat {
                let name = try parseIdentifier(what: "a name for the WITH query")
                var columns: [SQLIdentifier] = []
                if current.isSymbol("(") {
                    advance()
                    repeat { columns.append(try parseIdentifier(what: "a column name")) } while consume(symbol: ",")
                    try expect(symbol: ")")
                }
                try expect(keyword: "AS")
                try expect(symbol: "(")
                let body = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseSelectStatement() }
                try expect(symbol: ")")
                ctes.append(SQLCommonTableExpression(name: name, columnNames: columns, query: body))
            } while consume(symbol: ",")
        }
        try expect(keyword: "SELECT")
        var statement = SelectStatement(commonTableExpressions: ctes, items: [])
        if consume(keyword: "DISTINCT") {
            statement.isDistinct = true
        } else {
            _ = consume(keyword: "ALL")
        }
        repeat { statement.items.append(try parseSelectItem()) } while consume(symbol: ",")
        if consume(keyword: "FROM") { statement.from = try parseFromList() }
        if consume(keyword: "WHERE") { statement.whereClause = try parseExpression() }
        if current.isKeyword("GROUP") {
            advance()
            try expect(keyword: "BY")
            repeat { statement.groupBy.append(try parseExpression()) } while consume(symbol: ",")
        }
        if consume(keyword: "HAVING") { statement.having = try parseExpression() }
        if current.isKeyword("ORDER") {
            advance()
            try expect(keyword: "BY")
            repeat { statement.orderBy.append(try parseOrderItem()) } while consume(symbol: ",")
        }
        // LIMIT and OFFSET in either order, as DuckDB accepts.
        while current.isKeyword("LIMIT") || current.isKeyword("OFFSET") {
            if consume(keyword: "LIMIT") {
                if statement.limit != nil { throw error("LIMIT given twice") }
                statement.limit = try parseCount(what: "LIMIT")
            } else {
                advance()
                if statement.offset != nil { throw error("OFFSET given twice") }
                statement.offset = try parseCount(what: "OFFSET")
            }
        }
        for word in ["UNION", "EXCEPT", "INTERSECT"] where current.isKeyword(word) {
            throw error("\(word) is not supported")
        }
        return statement
    }

    private mutating func parseSelectItem() throws(SQLSyntaxError) -> SQLSelectItem {
        if consume(symbol: "*") { return .wildcard(qualifier: nil) }
        if case .identifier = current.kind, peek(1).isSymbol("."), peek(2).isSymbol("*") {
            let qualifier = try parseIdentifier(what: "a table name")
            advance()
            advance()
            return .wildcard(qualifier: qualifier)
        }
        if case .quotedIdentifier = current.kind, peek(1).isSymbol("."), peek(2).isSymbol("*") {
            let qualifier = try parseIdentifier(what: "a table name")
            advance()
            advance()
            return .wildcard(qualifier: qualifier)
        }
        let expression = try parseExpression()
        return .expression(expression, alias: try parseAlias(followers: Self.selectItemFollowers, clauses: ["FROM"]))
    }

    /// `AS name`, or a bare name. A bare word that cannot be an alias because of what follows it is
    /// reported as the clause keyword it most resembles (`FORM` → expected FROM).
    private mutating func parseAlias(followers: Set<String>, clauses: [String]) throws(SQLSyntaxError) -> SQLIdentifier? {
        if consume(keyword: "AS") { return try parseIdentifier(what: "an alias") }
        switch current.kind {
        case .quotedIdentifier:
            return try parseIdentifier(what: "an alias")
        case .identifier(let word) where !SQLKeywords.reserved.contains(word.uppercased()):
            let next = peek(1)
            let nextIsFollower: Bool
            switch next.kind {
            case .end: nextIsFollower = true
            case .symbol(let s): nextIsFollower = s == "," || s == ")" || s == ";"
            case .identifier(let w): nextIsFollower = followers.contains(w.uppercased())
            default: nextIsFollower = false
            }
            if !nextIsFollower {
                let near = NearestNames.suggestions(for: word, among: SQLKeywords.clauses, limit: 1)
                if let keyword = near.first, word.count >= 3 {
                    throw SQLSyntaxError("expected \(keyword), found '\(word)'", offset: current.offset, query: query)
                }
                throw unexpected(expecting: ["','"] + clauses)
            }
            return try parseIdentifier(what: "an alias")
        default:
            return nil
        }
    }

    private static let selectItemFollowers: Set<String> = ["FROM", "WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "UNION", "EXCEPT", "INTERSECT"]
    private static let tableFollowers: Set<String> = ["WHERE", "GROUP", "HAVING", "ORDER", "LIMIT", "OFFSET", "JOIN", "INNER", "LEFT", "RIGHT", "FULL", "CROSS", "ON", "UNION", "EXCEPT", "INTERSECT"]

    /// The clauses that may still follow a complete statement, for "expected …" messages.
    var clausesAfterStatement: [String] { ["WHERE", "GROUP BY", "HAVING", "ORDER BY", "LIMIT", "OFFSET", "end of query"] }

    private mutating func parseOrderItem() throws(SQLSyntaxError) -> SQLOrderItem {
        var item = SQLOrderItem(expression: try parseExpression())
        if consume(keyword: "DESC") {
            item.ascending = false
        } else {
            _ = consume(keyword: "ASC")
        }
        if consume(keyword: "NULLS") {
            if consume(keyword: "FIRST") {
                item.nullsFirst = true
            } else if consume(keyword: "LAST") {
                item.nullsFirst = false
            } else {
                throw unexpected(expecting: ["FIRST", "LAST"])
            }
        }
        return item
    }

    private mutating func parseCount(what: String) throws(SQLSyntaxError) -> Int {
        guard case .integer(let digits) = current.kind else {
            throw unexpected(expecting: ["a non-negative integer after \(what)"])
        }
        guard let value = Int(digits) else { throw error("\(what) \(digits) is too large") }
        advance()
        return value
    }

    // MARK: - FROM

    private mutating func parseFromList() throws(SQLSyntaxError) -> SQLTableReference {
        var left = try parseTablePrimary()
        while true {
            if consume(symbol: ",") {
                left = .join(SQLJoin(kind: .cross, left: left, right: try parseTablePrimary(), condition: nil))
            } else if current.isKeyword("CROSS") {
                advance()
                try expect(keyword: "JOIN")
                left = .join(SQLJoin(kind: .cross, left: left, right: try parseTablePrimary(), condition: nil))
            } else if current.isKeyword("JOIN") || current.isKeyword("INNER") || current.isKeyword("LEFT") {
                let kind: SQLJoin.Kind = current.isKeyword("LEFT") ? .left : .inner
                if !current.isKeyword("JOIN") {
                    advance()
                    if kind == .left { _ = consume(keyword: "OUTER") }
                }
                try expect(keyword: "JOIN")
                let right = try parseTablePrimary()
                try expect(keyword: "ON")
                left = .join(SQLJoin(kind: kind, left: left, right: right, condition: try parseExpression()))
            } else if current.isKeyword("RIGHT") || current.isKeyword("FULL") || current.isKeyword("NATURAL") {
                throw error("\(word(current)) JOIN is not supported")
            } else {
                return left
            }
        }
    }

    private mutating func parseTablePrimary() throws(SQLSyntaxError) -> SQLTableReference {
        if consume(symbol: "(") {
            if current.isKeyword("SELECT") || current.isKeyword("WITH") {
                let body = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseSelectStatement() }
                try expect(symbol: ")")
                return .subquery(body, alias: try parseAlias(followers: Self.tableFollowers, clauses: ["WHERE"]))
            }
            let inner = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseFromList() }
            try expect(symbol: ")")
            return inner
        }
        let name = try parseIdentifier(what: "a table name")
        return .table(name: name, alias: try parseAlias(followers: Self.tableFollowers, clauses: ["WHERE"]))
    }

    // MARK: - Tokens

    var current: SQLToken { tokens[index] }

    func peek(_ ahead: Int) -> SQLToken { tokens[min(index + ahead, tokens.count - 1)] }

    mutating func advance() {
        if index < tokens.count - 1 { index += 1 }
    }

    mutating func consume(keyword: String) -> Bool {
        guard current.isKeyword(keyword) else { return false }
        advance()
        return true
    }

    mutating func consume(symbol: String) -> Bool {
        guard current.isSymbol(symbol) else { return false }
        advance()
        return true
    }

    mutating func expect(keyword: String) throws(SQLSyntaxError) {
        guard consume(keyword: keyword) else { throw unexpected(expecting: [keyword]) }
    }

    mutating func expect(symbol: String) throws(SQLSyntaxError) {
        guard consume(symbol: symbol) else { throw unexpected(expecting: ["'\(symbol)'"]) }
    }

    /// A column, table or alias name: any unreserved word, or a quoted identifier.
    mutating func parseIdentifier(what: String) throws(SQLSyntaxError) -> SQLIdentifier {
        switch current.kind {
        case .identifier(let name) where !SQLKeywords.reserved.contains(name.uppercased()):
            defer { advance() }
            return SQLIdentifier(name, isQuoted: false, offset: current.offset)
        case .quotedIdentifier(let name):
            defer { advance() }
            return SQLIdentifier(name, isQuoted: true, offset: current.offset)
        default:
            throw unexpected(expecting: [what])
        }
    }

    /// Runs `body` one nesting level deeper, refusing queries nested beyond `maximumDepth`.
    mutating func nested<T>(_ body: (inout SQLParser) throws(SQLSyntaxError) -> T) throws(SQLSyntaxError) -> T {
        depth += 1
        defer { depth -= 1 }
        if depth > Self.maximumDepth { throw error("query is nested too deeply (more than \(Self.maximumDepth) levels)") }
        return try body(&self)
    }

    func word(_ token: SQLToken) -> String {
        if case .identifier(let w) = token.kind { return w.uppercased() }
        return token.quoted
    }

    func error(_ message: String, at token: SQLToken? = nil) -> SQLSyntaxError {
        SQLSyntaxError(message, offset: (token ?? current).offset, query: query)
    }

    /// "expected A, B or C, found 'x'" — or, when the word found looks like a misspelled keyword
    /// among those expected, just that keyword.
    func unexpected(expecting expected: [String]) -> SQLSyntaxError {
        if case .identifier(let found) = current.kind, found.count >= 3 {
            let keywords = expected.filter { $0.allSatisfy { $0.isUppercase || $0 == " " } }
            let firstWords = keywords.map { String($0.split(separator: " ").first ?? "") }
            if let near = NearestNames.suggestions(for: found, among: firstWords, limit: 1).first,
               near.uppercased() != found.uppercased(), let full = keywords.first(where: { $0.hasPrefix(near) }) {
                return error("expected \(full), found '\(found)'")
            }
        }
        let list = expected.count <= 1 ? (expected.first ?? "") : expected.dropLast().joined(separator: ", ") + " or " + expected.last!
        return error("expected \(list), found \(current.quoted)")
    }
}
