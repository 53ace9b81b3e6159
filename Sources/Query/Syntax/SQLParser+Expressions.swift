/// Expressions, loosest binding first (PostgreSQL's and DuckDB's precedence):
///
///     OR < AND < NOT < IS < comparison (= <> < …, not chainable) < IN BETWEEN LIKE ILIKE
///        < || < + - < * / // % < unary + - < ::
extension SQLParser {
    mutating func parseExpression() throws(SQLSyntaxError) -> SQLExpression {
        try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseOr() }
    }

    // AND and OR chains are not counted as nesting: the binder flattens them without recursion, so
    // `a = 1 OR a = 2 OR …` may be as long as a user likes.
    private mutating func parseOr() throws(SQLSyntaxError) -> SQLExpression {
        var left = try parseAnd()
        while consume(keyword: "OR") {
            left = SQLExpression(.binary(.or, left, try parseAnd()), offset: left.offset)
        }
        return left
    }

    private mutating func parseAnd() throws(SQLSyntaxError) -> SQLExpression {
        var left = try parseNot()
        while consume(keyword: "AND") {
            left = SQLExpression(.binary(.and, left, try parseNot()), offset: left.offset)
        }
        return left
    }

    private mutating func parseNot() throws(SQLSyntaxError) -> SQLExpression {
        if current.isKeyword("NOT") {
            let offset = current.offset
            advance()
            let operand = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseNot() }
            return SQLExpression(.unary(.not, operand), offset: offset)
        }
        return try parseIs()
    }

    private mutating func parseIs() throws(SQLSyntaxError) -> SQLExpression {
        var left = try parseComparison()
        var chain = 0
        while current.isKeyword("IS") {
            chain += 1
            if depth + chain > Self.maximumDepth { throw error("expression is nested too deeply") }
            advance()
            let negated = consume(keyword: "NOT")
            if consume(keyword: "NULL") {
                left = SQLExpression(.isNull(left, negated: negated), offset: left.offset)
            } else if current.isKeyword("TRUE") || current.isKeyword("FALSE") {
                // x IS [NOT] TRUE is x IS [NOT] DISTINCT FROM TRUE with the sense flipped.
                let truth = SQLExpression(.literal(.boolean(current.isKeyword("TRUE"))), offset: current.offset)
                advance()
                left = SQLExpression(.isDistinctFrom(left, truth, negated: !negated), offset: left.offset)
            } else if consume(keyword: "DISTINCT") {
                try expect(keyword: "FROM")
                let right = try parseComparison()
                left = SQLExpression(.isDistinctFrom(left, right, negated: negated), offset: left.offset)
            } else {
                throw unexpected(expecting: ["NULL", "DISTINCT FROM", "TRUE", "FALSE"])
            }
        }
        return left
    }

    private static let comparisonOperators: [String: SQLBinaryOperator] = [
        "=": .equal, "==": .equal, "<>": .notEqual, "!=": .notEqual,
        "<": .less, "<=": .lessOrEqual, ">": .greater, ">=": .greaterOrEqual,
    ]

    private mutating func parseComparison() throws(SQLSyntaxError) -> SQLExpression {
        let left = try parsePredicate()
        guard case .symbol(let s) = current.kind, let op = Self.comparisonOperators[s] else { return left }
        advance()
        let right = try parsePredicate()
        if case .symbol(let next) = current.kind, Self.comparisonOperators[next] != nil {
            throw error("chained comparisons are not supported; combine them with AND")
        }
        return SQLExpression(.binary(op, left, right), offset: left.offset)
    }

    /// `[NOT] IN`, `[NOT] BETWEEN`, `[NOT] LIKE`, `[NOT] ILIKE` after an operand.
    private mutating func parsePredicate() throws(SQLSyntaxError) -> SQLExpression {
        let left = try parseConcatenation()
        var negated = false
        if current.isKeyword("NOT") && ["IN", "BETWEEN", "LIKE", "ILIKE"].contains(where: { peek(1).isKeyword($0) }) {
            negated = true
            advance()
        }
        if consume(keyword: "IN") {
            try expect(symbol: "(")
            if current.isKeyword("SELECT") || current.isKeyword("WITH") {
                let query = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseSelectStatement() }
                try expect(symbol: ")")
                return SQLExpression(.inSubquery(left, query, negated: negated), offset: left.offset)
            }
            var list: [SQLExpression] = []
            if !current.isSymbol(")") {
                repeat { list.append(try parseExpression()) } while consume(symbol: ",")
            }
            try expect(symbol: ")")
            return SQLExpression(.inList(left, list, negated: negated), offset: left.offset)
        }
        if consume(keyword: "BETWEEN") {
            let low = try parseConcatenation()
            try expect(keyword: "AND")
            let high = try parseConcatenation()
            return SQLExpression(.between(left, low: low, high: high, negated: negated), offset: left.offset)
        }
        if current.isKeyword("LIKE") || current.isKeyword("ILIKE") {
            let caseInsensitive = current.isKeyword("ILIKE")
            advance()
            let pattern = try parseConcatenation()
            let escape = consume(keyword: "ESCAPE") ? try parseConcatenation() : nil
            return SQLExpression(.like(left, pattern: pattern, escape: escape, caseInsensitive: caseInsensitive, negated: negated),
                                 offset: left.offset)
        }
        return left
    }

    private mutating func parseConcatenation() throws(SQLSyntaxError) -> SQLExpression {
        try parseLeftAssociative(["||": .concatenate]) { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseAdditive() }
    }

    private mutating func parseAdditive() throws(SQLSyntaxError) -> SQLExpression {
        try parseLeftAssociative(["+": .add, "-": .subtract]) { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseMultiplicative() }
    }

    private mutating func parseMultiplicative() throws(SQLSyntaxError) -> SQLExpression {
        try parseLeftAssociative(["*": .multiply, "/": .divide, "//": .integerDivide, "%": .modulo]) { (p: inout SQLParser) throws(SQLSyntaxError) in
            try p.parseUnary()
        }
    }

    private mutating func parseLeftAssociative(
        _ operators: [String: SQLBinaryOperator],
        operand: (inout SQLParser) throws(SQLSyntaxError) -> SQLExpression
    ) throws(SQLSyntaxError) -> SQLExpression {
        var left = try operand(&self)
        var chain = 0
        while case .symbol(let s) = current.kind, let op = operators[s] {
            chain += 1
            if depth + chain > Self.maximumDepth { throw error("expression is nested too deeply") }
            advance()
            left = SQLExpression(.binary(op, left, try operand(&self)), offset: left.offset)
        }
        return left
    }

    /// Unary minus binds looser than `::` (so `-1::TINYINT` is `-(1::TINYINT)`, as in DuckDB) and is
    /// folded into a numeric literal directly after it, so `-2147483648` is one INTEGER literal and
    /// `- -1` is the literal 1.
    private mutating func parseUnary() throws(SQLSyntaxError) -> SQLExpression {
        guard current.isSymbol("-") || current.isSymbol("+") else { return try parsePostfix() }
        let offset = current.offset
        let minus = current.isSymbol("-")
        advance()
        let operand = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseUnary() }
        if minus {
            // DuckDB folds a minus on a constant into the constant: -(-2147483648) is BIGINT 2147483648.
            switch operand.kind {
            case .literal(.integer(let digits)):
                return SQLExpression(.literal(.integer(digits.hasPrefix("-") ? String(digits.dropFirst()) : "-" + digits)), offset: offset)
            case .literal(.decimal(let digits)):
                return SQLExpression(.literal(.decimal(digits.hasPrefix("-") ? String(digits.dropFirst()) : "-" + digits)), offset: offset)
            default:
                return SQLExpression(.unary(.negate, operand), offset: offset)
            }
        }
        return SQLExpression(.unary(.plus, operand), offset: offset)
    }

    private mutating func parsePostfix() throws(SQLSyntaxError) -> SQLExpression {
        var expression = try parsePrimary()
        while consume(symbol: "::") {
            expression = SQLExpression(.cast(expression, try parseTypeName()), offset: expression.offset)
        }
        return expression
    }

    private mutating func parsePrimary() throws(SQLSyntaxError) -> SQLExpression {
        let token = current
        let offset = token.offset
        switch token.kind {
        case .integer(let digits):
            advance()
            return SQLExpression(.literal(.integer(digits)), offset: offset)
        case .decimal(let digits):
            advance()
            return SQLExpression(.literal(.decimal(digits)), offset: offset)
        case .string(let text):
            advance()
            return SQLExpression(.literal(.string(text)), offset: offset)
        case .symbol("("):
            advance()
            if current.isKeyword("SELECT") || current.isKeyword("WITH") {
                let query = try nested { (p: inout SQLParser) throws(SQLSyntaxError) in try p.parseSelectStatement() }
                try expect(symbol: ")")
                return SQLExpression(.subquery(query), offset: offset)
            }
            let inner = try parseExpression()
            try expect(symbol: ")")
            return inner
        case .quotedIdentifier:
            return try parseColumnReference()
        case .identifier(let word):
            switch word.uppercased() {
            case "NULL":
                advance()
                return SQLExpression(.literal(.null), offset: offset)
            case "TRUE", "FALSE":
                advance()
                return SQLExpression(.literal(.boolean(word.uppercased() == "TRUE")), offset: offset)
            case "CASE":
                return try parseCase()
            case "CAST":
                advance()
                try expect(symbol: "(")
                let operand = try parseExpression()
                try expect(keyword: "AS")
                let type = try parseTypeName()
                try expect(symbol: ")")
                return SQLExpression(.cast(operand, type), offset: offset)
            case "EXISTS":
                throw error("EXISTS is not supported")
            default:
                if SQLKeywords.reserved.contains(word.uppercased()) {
                    throw unexpected(expecting: ["an expression"])
                }
                if peek(1).isSymbol("(") { return try parseFunctionCall() }
                return try parseColumnReference()
            }
        default:
            throw unexpected(expecting: ["an expression"])
        }
    }

    /// `name` or `table.name`.
    private mutating func parseColumnReference() throws(SQLSyntaxError) -> SQLExpression {
        let offset = current.offset
        let first = try parseIdentifier(what: "a column name")
        if consume(symbol: ".") {
            let name = try parseIdentifier(what: "a column name")
            return SQLExpression(.column(qualifier: first, name: name), offset: offset)
        }
        return SQLExpression(.column(qualifier: nil, name: first), offset: offset)
    }

    private mutating func parseFunctionCall() throws(SQLSyntaxError) -> SQLExpression {
        let offset = current.offset
        guard case .identifier(let name) = current.kind else { throw unexpected(expecting: ["a function name"]) }
        advance()
        try expect(symbol: "(")
        if consume(symbol: "*") {
            try expect(symbol: ")")
            return SQLExpression(.function(SQLFunctionCall(name: name, arguments: [], isStar: true)), offset: offset)
        }
        let distinct = consume(keyword: "DISTINCT")
        if !distinct { _ = consume(keyword: "ALL") }
        var arguments: [SQLExpression] = []
        if !current.isSymbol(")") {
            repeat { arguments.append(try parseExpression()) } while consume(symbol: ",")
        }
        try expect(symbol: ")")
        return SQLExpression(.function(SQLFunctionCall(name: name, arguments: arguments, isDistinct: distinct)), offset: offset)
    }

    private mutating func parseCase() throws(SQLSyntaxError) -> SQLExpression {
        let offset = current.offset
        advance()
        if current.isKeyword("END") || current.kind == .end { throw unexpected(expecting: ["WHEN"]) }
        let operand = current.isKeyword("WHEN") ? nil : try parseExpression()
        var branches: [SQLWhenClause] = []
        while consume(keyword: "WHEN") {
            let condition = try parseExpression()
            try expect(keyword: "THEN")
            branches.append(SQLWhenClause(condition: condition, result: try parseExpression()))
        }
        if branches.isEmpty { throw unexpected(expecting: ["WHEN"]) }
        let elseResult = consume(keyword: "ELSE") ? try parseExpression() : nil
        try expect(keyword: "END")
        return SQLExpression(.caseWhen(operand: operand, branches: branches, elseResult: elseResult), offset: offset)
    }

    /// A type name: one or two words (`DOUBLE PRECISION`, `TIMESTAMP WITH TIME ZONE`) and an ignored
    /// length for `VARCHAR(n)`.
    mutating func parseTypeName() throws(SQLSyntaxError) -> SQLTypeName {
        let start = current
        guard case .identifier(let first) = current.kind else { throw unexpected(expecting: ["a type name"]) }
        advance()
        var spelling = first.uppercased()
        if spelling == "DOUBLE" && consume(keyword: "PRECISION") { spelling = "DOUBLE PRECISION" }
        if spelling == "TIMESTAMP" && current.isKeyword("WITH") && peek(1).isKeyword("TIME") && peek(2).isKeyword("ZONE") {
            advance(); advance(); advance()
            spelling = "TIMESTAMPTZ"
        }
        var parameters: [String] = []
        if consume(symbol: "(") {
            repeat {
                guard case .integer(let digits) = current.kind else { throw unexpected(expecting: ["a number"]) }
                parameters.append(digits)
                advance()
            } while consume(symbol: ",")
            try expect(symbol: ")")
        }
        let written = parameters.isEmpty ? spelling : "\(spelling)(\(parameters.joined(separator: ",")))"
        if let replacement = SQLTypeNames.unsupported[spelling] {
            throw error("type \(spelling) is not supported; use \(replacement)", at: start)
        }
        let key = spelling == "DOUBLE PRECISION" ? "DOUBLE" : spelling
        guard let type = SQLTypeNames.types[key] else {
            throw error("unknown type '\(first)'" + NearestNames.hint(for: spelling, among: Array(SQLTypeNames.types.keys)), at: start)
        }
        if !parameters.isEmpty && !(type == .string && parameters.count == 1) {
            throw error("type \(spelling) takes no parameters", at: start)
        }
        return SQLTypeName(spelling: written, type: type)
    }
}
