import Testing
@testable import Query

/// Parses `text` as an expression and prints it back fully parenthesised, so tests can state precedence.
private func shape(_ text: String) throws -> String {
    try parenthesised(SQLParser.parseExpression(text))
}

private func parenthesised(_ e: SQLExpression) -> String {
    switch e.kind {
    case .literal, .column, .function, .subquery: return e.description
    case .unary(let op, let x): return "(\(op == .not ? "NOT " : op.rawValue)\(parenthesised(x)))"
    case .binary(let op, let a, let b): return "(\(parenthesised(a)) \(op.rawValue) \(parenthesised(b)))"
    case .isNull(let x, let n): return "(\(parenthesised(x)) IS \(n ? "NOT " : "")NULL)"
    case .isDistinctFrom(let a, let b, let n): return "(\(parenthesised(a)) IS \(n ? "NOT " : "")DISTINCT FROM \(parenthesised(b)))"
    case .inList(let x, let list, let n): return "(\(parenthesised(x)) \(n ? "NOT " : "")IN [\(list.map(parenthesised).joined(separator: ", "))])"
    case .inSubquery(let x, _, let n): return "(\(parenthesised(x)) \(n ? "NOT " : "")IN subquery)"
    case .between(let x, let lo, let hi, let n): return "(\(parenthesised(x)) \(n ? "NOT " : "")BETWEEN \(parenthesised(lo)) AND \(parenthesised(hi)))"
    case .like(let x, let p, let esc, let i, let n):
        return "(\(parenthesised(x)) \(n ? "NOT " : "")\(i ? "ILIKE" : "LIKE") \(parenthesised(p))\(esc.map { " ESCAPE " + parenthesised($0) } ?? ""))"
    case .caseWhen: return e.description
    case .cast(let x, let t): return "(\(parenthesised(x))::\(t.type))"
    }
}

@Suite struct ExpressionParserTests {
    @Test(arguments: [
        ("1 + 2 * 3", "(1 + (2 * 3))"),
        ("1 - 2 - 3", "((1 - 2) - 3)"),
        ("2 * 5 // 3 % 4", "(((2 * 5) // 3) % 4)"),
        ("a / b * c", "((a / b) * c)"),
        ("1 + 2 || 3", "((1 + 2) || 3)"),
        ("'a' || 'b' = 'ab'", "(('a' || 'b') = 'ab')"),
        ("a OR b AND c", "(a OR (b AND c))"),
        ("NOT a AND b", "((NOT a) AND b)"),
        ("NOT a = b", "(NOT (a = b))"),
        ("NOT x IS NULL", "(NOT (x IS NULL))"),
        ("a = b IS NULL", "((a = b) IS NULL)"),
        ("x IN (1, 2) = TRUE", "((x IN [1, 2]) = TRUE)"),
        ("x BETWEEN 1 AND 2 AND y", "((x BETWEEN 1 AND 2) AND y)"),
        ("x NOT BETWEEN a + 1 AND b * 2", "(x NOT BETWEEN (a + 1) AND (b * 2))"),
        ("s || 'x' LIKE 'a%'", "((s || 'x') LIKE 'a%')"),
        ("s NOT ILIKE 'a!%' ESCAPE '!'", "(s NOT ILIKE 'a!%' ESCAPE '!')"),
        ("-x * 2", "((-x) * 2)"),
        ("- 2::TINYINT", "(-(2::int8))"),
        ("-2", "-2"),
        ("- -2", "2"), ("-(-2.5)", "2.5"), ("- - x", "(-(-x))"),
        ("3 - -1", "(3 - -1)"),
        ("x::VARCHAR || 'a'", "((x::string) || 'a')"),
        ("CAST(x AS DOUBLE PRECISION) + 1", "((x::float64) + 1)"),
        ("a IS NOT DISTINCT FROM b + 1", "(a IS NOT DISTINCT FROM (b + 1))"),
        ("x IS TRUE", "(x IS NOT DISTINCT FROM TRUE)"),
        ("x IS NOT FALSE", "(x IS DISTINCT FROM FALSE)"),
        ("t.c + \"Quoted Col\"", "(t.c + \"Quoted Col\")"),
        ("x NOT IN (SELECT y FROM t)", "(x NOT IN subquery)"),
        ("x IN ()", "(x IN [])"),
        ("1 -- comment\n + 2 /* block */ * 3", "(1 + (2 * 3))"),
        ("3--1", "3"),
        ("1e-3 + .5 + 1.", "((1e-3 + .5) + 1.)"),
    ])
    func precedence(_ text: String, _ expected: String) throws {
        #expect(try shape(text) == expected)
    }

    @Test func literals() throws {
        #expect(try SQLParser.parseExpression("NULL").literal == .null)
        #expect(try SQLParser.parseExpression("true").literal == .boolean(true))
        #expect(try SQLParser.parseExpression("FALSE").literal == .boolean(false))
        #expect(try SQLParser.parseExpression("'it''s'").literal == .string("it's"))
        #expect(try SQLParser.parseExpression("''").literal == .string(""))
        #expect(try SQLParser.parseExpression("'日本'").literal == .string("日本"))
        #expect(try SQLParser.parseExpression("42").literal == .integer("42"))
        #expect(try SQLParser.parseExpression("-9223372036854775808").literal == .integer("-9223372036854775808"))
        #expect(try SQLParser.parseExpression("2.5E+10").literal == .decimal("2.5E+10"))
        #expect(try SQLParser.parseExpression("1e-3").literal == .decimal("1e-3"))
    }

    @Test func identifiers() throws {
        let quoted = try SQLParser.parseExpression("\"Cell \"\"Type\"\"\"")
        #expect(quoted.kind == .column(qualifier: nil, name: SQLIdentifier("Cell \"Type\"", isQuoted: true)))
        let plain = try SQLParser.parseExpression("CELL_type")
        guard case .column(nil, let name) = plain.kind else { Issue.record("not a column"); return }
        #expect(name.matches("cell_type"))
        #expect(!SQLIdentifier("Cell", isQuoted: true).matches("cell"))
        #expect(try SQLParser.parseExpression("größe").kind == .column(qualifier: nil, name: SQLIdentifier("größe")))
    }

    @Test func caseAndCast() throws {
        let searched = try SQLParser.parseExpression("CASE WHEN x > 1 THEN 'big' WHEN x IS NULL THEN NULL ELSE 'small' END")
        guard case .caseWhen(nil, let branches, let elseResult) = searched.kind else { Issue.record("not CASE"); return }
        #expect(branches.count == 2)
        #expect(elseResult?.literal == .string("small"))
        let simple = try SQLParser.parseExpression("CASE x WHEN 1 THEN 'one' END")
        guard case .caseWhen(let operand?, let simpleBranches, nil) = simple.kind else { Issue.record("not simple CASE"); return }
        #expect(operand.description == "x")
        #expect(simpleBranches.first?.condition.literal == .integer("1"))
        let cast = try SQLParser.parseExpression("CAST(x AS VARCHAR(10))")
        guard case .cast(_, let type) = cast.kind else { Issue.record("not CAST"); return }
        #expect(type.type == .string && type.spelling == "VARCHAR(10)")
        #expect(try SQLParser.parseExpression("x::int8").kind == .cast(SQLExpression(.column(qualifier: nil, name: SQLIdentifier("x"))), SQLTypeName(spelling: "INT8", type: .int64)))
        #expect(try SQLParser.parseExpression("x::UINT8").description == "CAST(x AS UINT8)")
    }

    @Test func functionCalls() throws {
        let star = try SQLParser.parseExpression("COUNT(*)")
        #expect(star.kind == .function(SQLFunctionCall(name: "count", arguments: [], isStar: true)))
        let distinct = try SQLParser.parseExpression("count(DISTINCT cell_type)")
        guard case .function(let call) = distinct.kind else { Issue.record("not a call"); return }
        #expect(call.isDistinct && call.arguments.count == 1)
        let quantile = try SQLParser.parseExpression("QUANTILE(x, 0.9)")
        guard case .function(let q) = quantile.kind else { Issue.record("not a call"); return }
        #expect(q.name == "quantile" && q.arguments.map(\.description) == ["x", "0.9"])
        #expect(try SQLParser.parseExpression("round(x)").description == "round(x)")
    }

    @Test func equalityIgnoresPosition() throws {
        let a = try SQLParser.parseExpression("lower(X) + 1")
        let b = try SQLParser.parseExpression("  lower( x )+1")
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(try SQLParser.parseExpression("\"X\"") != SQLParser.parseExpression("x"))
    }

    @Test(arguments: [
        "a + b * c", "(a + b) * c", "a - (b - c)", "NOT (a AND b)", "x IN (1, 2, 3)", "x NOT LIKE 'a%' ESCAPE '!'",
        "CASE WHEN a THEN 1 ELSE 2 END", "count(DISTINCT x)", "CAST(x AS DOUBLE)", "a IS NOT NULL",
        "(a = b) = c", "- -1", "-x", "t.\"Odd Name\" || 'x'", "(x BETWEEN 1 AND 2) IS NULL",
    ])
    func descriptionReparses(_ text: String) throws {
        let parsed = try SQLParser.parseExpression(text)
        #expect(try SQLParser.parseExpression(parsed.description) == parsed, "\(parsed.description)")
    }
}

@Suite struct StatementParserTests {
    @Test func fullSelect() throws {
        let s = try SQLParser.parse("""
            SELECT DISTINCT cell_type AS kind, count(*) n, avg(n_genes)
            FROM cells c
            WHERE c.n_genes > 200 AND tissue IN ('lung', 'liver')
            GROUP BY cell_type
            HAVING count(*) >= 10
            ORDER BY n DESC NULLS FIRST, 1, kind ASC NULLS LAST
            LIMIT 5 OFFSET 10;
            """)
        #expect(s.isDistinct)
        #expect(s.items.count == 3)
        guard case .expression(_, let alias) = s.items[1] else { Issue.record("not an expression"); return }
        #expect(alias?.name == "n")
        #expect(s.from == .table(name: SQLIdentifier("cells"), alias: SQLIdentifier("c")))
        #expect(s.whereClause != nil && s.groupBy.count == 1 && s.having != nil)
        #expect(s.orderBy.map(\.ascending) == [false, true, true])
        #expect(s.orderBy.map(\.nullsFirst) == [true, nil, false])
        #expect(s.orderBy.map(\.nullsFirstResolved) == [true, false, false])
        #expect(s.orderBy.map(\.ordinal) == [nil, 1, nil])
        #expect(s.limit == 5 && s.offset == 10)
    }

    @Test func wildcardsAndOffsetFirst() throws {
        let s = try SQLParser.parse("SELECT *, c.*, \"t\".* FROM cells c OFFSET 3 LIMIT 2")
        #expect(s.items == [.wildcard(qualifier: nil), .wildcard(qualifier: SQLIdentifier("c")), .wildcard(qualifier: SQLIdentifier("t", isQuoted: true))])
        #expect(s.limit == 2 && s.offset == 3)
        #expect(try SQLParser.parse("select 1").from == nil)
    }

    @Test func joinsAndSubqueries() throws {
        let s = try SQLParser.parse("""
            SELECT * FROM cells AS c
            JOIN expression e ON c.cell_id = e.cell_id
            LEFT OUTER JOIN (SELECT gene_id, symbol FROM genes) g ON g.gene_id = e.gene_id
            CROSS JOIN datasets, extra
            """)
        guard case .join(let outer) = s.from else { Issue.record("no join"); return }
        #expect(outer.kind == .cross)
        guard case .join(let cross) = outer.left else { Issue.record("no cross join"); return }
        #expect(cross.kind == .cross && cross.right == .table(name: SQLIdentifier("datasets"), alias: nil))
        guard case .join(let left) = cross.left else { Issue.record("no left join"); return }
        #expect(left.kind == .left)
        guard case .subquery(let sub, let alias) = left.right else { Issue.record("no subquery"); return }
        #expect(alias?.name == "g" && sub.items.count == 2)
        guard case .join(let inner) = left.left else { Issue.record("no inner join"); return }
        #expect(inner.kind == .inner && inner.condition?.description == "c.cell_id = e.cell_id")
        #expect(try SQLParser.parse("SELECT 1 FROM a INNER JOIN b ON TRUE").from != nil)
    }

    @Test func commonTableExpressions() throws {
        let s = try SQLParser.parse("""
            WITH big(id, g) AS (SELECT cell_id, n_genes FROM cells WHERE n_genes > 1000),
                 types AS (SELECT DISTINCT cell_type FROM cells)
            SELECT count(*) FROM big WHERE id IN (SELECT id FROM big) AND g > (SELECT avg(g) FROM big)
            """)
        #expect(s.commonTableExpressions.map(\.name.name) == ["big", "types"])
        #expect(s.commonTableExpressions[0].columnNames.map(\.name) == ["id", "g"])
        #expect(s.commonTableExpressions[1].query.isDistinct)
        guard case .binary(.and, let inSub, let scalar) = s.whereClause?.kind else { Issue.record("no AND"); return }
        guard case .inSubquery = inSub.kind, case .binary(.greater, _, let sub) = scalar.kind, case .subquery = sub.kind else {
            Issue.record("subqueries not parsed"); return
        }
    }
}

@Suite struct SyntaxErrorTests {
    private func failure(_ query: String) -> SQLSyntaxError? {
        do {
            _ = try SQLParser.parse(query)
            return nil
        } catch {
            return error
        }
    }

    @Test func misspelledFromPointsAtTheWord() throws {
        let error = try #require(failure("SELECT cell_type, n FORM cells"))
        #expect(error.description == """
            syntax error at line 1, column 21: expected FROM, found 'FORM'
              SELECT cell_type, n FORM cells
                                  ^
            """)
    }

    @Test func caretOnLaterLinesCountsCharacters() throws {
        let error = try #require(failure("SELECT 'größe',\n\tx\nFROM t WHER x > 1"))
        #expect(error.location.line == 3)
        #expect(error.location.column == 8)
        #expect(error.message == "expected WHERE, found 'WHER'")
        #expect(error.description.hasSuffix("  FROM t WHER x > 1\n         ^"))
        let wide = try #require(failure("SELECT 'é', FROM t"))
        #expect(wide.location.column == 13)
        #expect(wide.message == "expected an expression, found 'FROM'")
    }

    @Test(arguments: [
        ("SELECT", "expected an expression, found end of query", 7),
        ("SELECT 1 +", "expected an expression, found end of query", 11),
        ("SELECT (1", "expected ')', found end of query", 10),
        ("SELECT 'abc", "unterminated string", 8),
        ("SELECT \"abc", "unterminated quoted identifier", 8),
        ("SELECT \"\"", "empty quoted identifier", 8),
        ("SELECT 1 /* open", "unterminated /* comment", 10),
        ("SELECT a ? b", "unexpected character '?'", 10),
        ("SELECT 1 < 2 = TRUE", "chained comparisons are not supported; combine them with AND", 14),
        ("SELECT x FROM t ORDER x", "expected BY, found 'x'", 23),
        ("SELECT x FROM t LIMIT -1", "expected a non-negative integer after LIMIT, found '-'", 23),
        ("SELECT x FROM t ODER BY x", "expected ORDER, found 'ODER'", 17),
        ("SELECT CAST(x AS DECIMAL(10,2))", "type DECIMAL is not supported; use DOUBLE", 18),
        ("SELECT x::doubel", "unknown type 'doubel'; did you mean 'DOUBLE'?", 11),
        ("SELECT CASE END", "expected WHEN, found 'END'", 13),
        ("SELECT x IS 3", "expected NULL, DISTINCT FROM, TRUE or FALSE, found '3'", 13),
        ("SELECT a b c", "expected ',' or FROM, found 'b'", 10),
        ("SELECT * FROM a RIGHT JOIN b ON TRUE", "RIGHT JOIN is not supported", 17),
        ("SELECT 1 UNION SELECT 2", "UNION is not supported", 10),
        ("SELECT 1; SELECT 2", "expected WHERE, GROUP BY, HAVING, ORDER BY, LIMIT, OFFSET or end of query, found 'SELECT'", 11),
        ("SELECT f(1,)", "expected an expression, found ')'", 12),
        ("SELECT x FROM", "expected a table name, found end of query", 14),
    ])
    func messages(_ query: String, _ message: String, _ column: Int) throws {
        let error = try #require(failure(query))
        #expect(error.message == message)
        #expect(error.location.column == column)
    }

    @Test func deepNestingIsRefusedNotCrashed() {
        let deep = "SELECT " + String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(failure(deep)?.message.contains("nested too deeply") == true)
        let chain = "SELECT " + Array(repeating: "1", count: 3000).joined(separator: " + ")
        #expect(failure(chain)?.message.contains("nested too deeply") == true)
        let minus = "SELECT " + String(repeating: "- ", count: 3000) + "x"
        #expect(failure(minus)?.message.contains("nested too deeply") == true)
        let ors = "SELECT 1 FROM t WHERE " + (0..<3000).map { "x = \($0)" }.joined(separator: " OR ")
        #expect(failure(ors) == nil)
    }
}
