import Columnar
import Testing
@testable import Query

/// One row of every kind, plus an all-NULL column, for single-value checks of DuckDB's semantics.
private let row: RecordBatch = {
    let schema = Schema([
        Field("i", .int32), Field("b", .int64), Field("ti", .int8), Field("u", .uint8), Field("u64", .uint64),
        Field("d", .float64), Field("f", .float32), Field("s", .string), Field("t", .boolean), Field("z", .int32),
        Field("zero", .int32), Field("minb", .int64), Field("nan", .float64),
    ])
    return RecordBatch(schema: schema, columns: [
        Column(type: .int32, buffer: .int32([7])),
        Column(type: .int64, buffer: .int64([16_777_217])),
        Column(type: .int8, buffer: .int8([100])),
        Column(type: .uint8, buffer: .uint8([2])),
        Column(type: .uint64, buffer: .uint64([UInt64.max])),
        Column(type: .float64, buffer: .float64([1.5])),
        Column(type: .float32, buffer: .float32([16_777_216])),
        Column(type: .string, buffer: .bytes(VarBinary(strings: ["Héllo"]))),
        Column(type: .boolean, buffer: .boolean([true])),
        Column(type: .int32, buffer: .int32([0]), validity: [false]),
        Column(type: .int32, buffer: .int32([0])),
        Column(type: .int64, buffer: .int64([.min])),
        Column(type: .float64, buffer: .float64([.nan])),
    ])
}()

/// The value of `text` on `row`, or the error's message prefixed with "error: ".
private func value(_ text: String) -> String {
    do {
        let bound = try ExpressionBinder(schema: row.schema).bind(SQLParser.parseExpression(text))
        let column = try ExpressionEvaluator().evaluate(bound, on: row)
        let v = column.value(at: 0)
        if case .double(let d) = v { return column.type == .float32 ? NumberText.format(Float(d)) : NumberText.format(d) }
        return v.description
    } catch {
        return "error: \(error)"
    }
}

@Suite struct ArithmeticSemanticsTests {
    @Test(arguments: [
        ("7 / 2", "3.5"), ("i / 2", "3.5"), ("-7 // 2", "-3"), ("i // 2", "3"), ("-7 % 2", "-1"), ("i % -2", "1"),
        ("i / zero", "inf"), ("-i / zero", "-inf"), ("zero / zero", "-nan"),
        ("d // 2", "0.75"), ("d % 1", "0.5"), ("-d % 1", "-0.5"), ("d % 0", "-nan"), ("nan % 2", "nan"),
        ("minb % -1", "0"), ("ti + 27", "127"), ("u - 2", "0"), ("z + 1", "NULL"), ("z // 0", "NULL"),
        ("b + f", "33554432.0"), ("b * 1e0", "16777217.0"), ("d * 2", "3.0"), ("1e308 * 10", "inf"),
        ("-ti", "-100"), ("-d", "-1.5"), ("- -1", "1"),
    ])
    func values(_ text: String, _ expected: String) {
        #expect(value(text) == expected, "\(text)")
    }

    @Test(arguments: [
        ("i // zero", "division by zero"), ("i % zero", "division by zero"), ("d // 0", "division by zero"),
        ("minb // -1", "overflow"), ("minb - 1", "overflow in int64 subtraction"), ("minb * -1", "overflow"),
        ("ti + 28", "overflow in int8 addition: 100 + 28"), ("ti * 2", "overflow"), ("u - 3", "overflow in uint8 subtraction"),
        ("-u", "overflow in negation"), ("-minb", "overflow in negation"), ("2147483647 + i", "overflow in int32 addition"),
        ("abs(minb)", "overflow"), ("abs(CAST(-128 AS TINYINT))", "overflow"),
    ])
    func errors(_ text: String, _ message: String) {
        let result = value(text)
        #expect(result.hasPrefix("error: ") && result.contains(message), "\(text) → \(result)")
    }
}

@Suite struct ComparisonSemanticsTests {
    @Test(arguments: [
        ("nan = nan", "true"), ("nan > 1e308", "true"), ("nan > 'inf'::DOUBLE", "true"), ("nan <> nan", "false"),
        ("nan < 'inf'::DOUBLE", "false"), ("-0.0 = 0.0", "true"), ("nan IS DISTINCT FROM nan", "false"),
        ("nan IN (1.0, nan)", "true"), ("nan BETWEEN 1 AND nan", "true"),
        ("b = f", "true"), ("b > f", "false"), ("u64 > -1", "true"), ("u64 > b", "true"), ("u64 = 18446744073709551615", "true"),
        ("'B' < 'a'", "true"), ("'é' > 'z'", "true"), ("'ab' < 'abc'", "true"), ("'' < 'a'", "true"), ("s = 'Héllo'", "true"),
        ("false < true", "true"), ("i = '7'", "true"), ("i = '7.4'", "true"), ("i < '6.5'", "false"), ("t = 'yes'", "true"),
        ("z = z", "NULL"), ("NULL = NULL", "NULL"), ("z IS NOT DISTINCT FROM NULL", "true"), ("i IS DISTINCT FROM z", "true"),
        ("z IS NULL", "true"), ("i IS NOT NULL", "true"), ("ratio_free_check IS NULL", "error: unknown column 'ratio_free_check'"),
    ])
    func values(_ text: String, _ expected: String) {
        #expect(value(text) == expected, "\(text)")
    }
}

@Suite struct LogicSemanticsTests {
    @Test(arguments: [
        ("NULL AND false", "false"), ("NULL AND true", "NULL"), ("NULL OR true", "true"), ("NULL OR false", "NULL"),
        ("NOT NULL", "NULL"), ("z > 1 AND i > 1", "NULL"), ("z > 1 AND i > 100", "false"), ("z > 1 OR i > 1", "true"),
        ("1 IN (1, NULL)", "true"), ("2 IN (1, NULL)", "NULL"), ("2 NOT IN (1, NULL)", "NULL"), ("z IN (1, 2)", "NULL"),
        ("i IN ()", "false"), ("z IN ()", "NULL"), ("i NOT IN ()", "true"),
        ("2 BETWEEN 1 AND NULL", "NULL"), ("0 BETWEEN 1 AND NULL", "false"), ("5 BETWEEN 10 AND 1", "false"),
        ("5 NOT BETWEEN 1 AND 10", "false"), ("i BETWEEN 7 AND 7", "true"),
        ("CASE WHEN NULL THEN 1 ELSE 2 END", "2"), ("CASE 1 WHEN NULL THEN 'a' WHEN 1 THEN 'b' END", "b"),
        ("CASE NULL WHEN NULL THEN 'a' ELSE 'z' END", "z"), ("CASE WHEN false THEN 1 END", "NULL"),
        ("CASE WHEN zero <> 0 THEN i // zero ELSE -1 END", "-1"), ("CASE i WHEN 7 THEN s END", "Héllo"),
        ("coalesce(z, zero, 1)", "0"), ("coalesce(z, NULL)", "NULL"), ("coalesce(i, i // zero)", "7"),
        ("coalesce(z, 2.5)", "2.5"),
    ])
    func values(_ text: String, _ expected: String) {
        #expect(value(text) == expected, "\(text)")
    }

    @Test func filtersShortCircuitButProjectionsDoNot() throws {
        let batch = RecordBatch(schema: Schema([Field("x", .int64), Field("y", .int64)]), columns: [
            Column(type: .int64, buffer: .int64([1, 4, 0, 5]), validity: [true, true, false, true]),
            Column(type: .int64, buffer: .int64([0, 2, 0, 0]), validity: [true, true, true, false]),
        ])
        let binder = ExpressionBinder(schema: batch.schema)
        let evaluator = ExpressionEvaluator()
        let guarded = try binder.bindCondition(SQLParser.parseExpression("y <> 0 AND x // y > 1"))
        #expect(try evaluator.selectedRows(guarded, on: batch) == [1])
        #expect(try evaluator.selection(guarded, on: batch) == [false, true, false, false])
        #expect(throws: SQLEvaluationError.self) { try evaluator.evaluate(guarded, on: batch) }
        let either = try binder.bindCondition(SQLParser.parseExpression("y = 0 OR x // y > 1"))
        #expect(try evaluator.selectedRows(either, on: batch) == [0, 1, 2])
        let nulls = try binder.bindCondition(SQLParser.parseExpression("x > 0 OR y > 0"))
        #expect(try evaluator.selectedRows(nulls, on: batch) == [0, 1, 3])
    }
}

@Suite struct TextSemanticsTests {
    @Test(arguments: [
        ("'abc' LIKE 'a%'", "true"), ("'abc' LIKE 'A%'", "false"), ("'abc' ILIKE 'A%'", "true"), ("'ÉCOLE' ILIKE 'école'", "true"),
        ("'Straße' ILIKE 'STRASSE'", "false"), ("'ẞ' ILIKE 'ß'", "true"), ("'a_c' LIKE 'a\\_c' ESCAPE '\\'", "true"),
        ("'abc' LIKE 'a\\_c' ESCAPE '\\'", "false"), ("'abc' LIKE 'a\\_c'", "false"), ("'a\\bc' LIKE 'a\\bc'", "true"),
        ("'a%c' LIKE 'a!%c' ESCAPE '!'", "true"), ("'é' LIKE '_'", "true"), ("'日本' LIKE '__'", "true"), ("'日本' LIKE '_'", "false"),
        ("'a' LIKE NULL", "NULL"), ("NULL LIKE 'a'", "NULL"), ("'abc' NOT LIKE 'a%'", "false"), ("'abc' LIKE '%%c'", "true"),
        ("'abc' LIKE ''", "false"), ("'' LIKE ''", "true"), ("'' LIKE '%'", "true"), ("'ab' LIKE 'a__'", "false"),
        ("'a%' LIKE 'a%%' ESCAPE '%'", "true"), ("'ab' LIKE 'a%%' ESCAPE '%'", "false"), ("'a_' LIKE 'a__' ESCAPE '_'", "true"),
        ("'a' LIKE 'a' ESCAPE NULL", "NULL"), ("'a' LIKE 'a' ESCAPE ''", "true"), ("'aXbXc' LIKE '%b%c'", "true"),
        ("'mississippi' LIKE '%iss%ppi'", "true"), ("'mississippi' LIKE 'm%s_s%i'", "true"), ("s LIKE 'H_llo'", "true"),
        ("lower('ÉCOLE')", "école"), ("upper('straße')", "STRAẞE"), ("lower('İ')", "i"), ("upper('ǆ')", "Ǆ"), ("upper('ŉ')", "ŉ"),
        ("lower('ΣΑΣ')", "σασ"), ("upper('ᾀ')", "ᾈ"), ("upper(s)", "HÉLLO"),
        ("length('日本')", "2"), ("length('👍🏽')", "2"), ("length('')", "0"), ("length(s)", "5"),
        ("substr('hello', 2)", "ello"), ("substr('hello', 2, 3)", "ell"), ("substr('hello', 0)", "hello"),
        ("substr('hello', 0, 2)", "h"), ("substr('hello', -2)", "lo"), ("substr('hello', -2, 1)", "l"),
        ("substr('hello', -10, 3)", ""), ("substr('hello', -10, 8)", "hel"), ("substr('hello', 10)", ""),
        ("substr('hello', 2, -1)", "h"), ("substr('hello', 3, 0)", ""), ("substr('hello', 5, -3)", "ell"),
        ("substr('hello', -3, -1)", "e"), ("substr('日本語', 2, 1)", "本"), ("substr('hello', 0, 1)", ""),
        ("substring(s, 2, 3)", "éll"), ("substr('hello', -10)", "hello"), ("substr(NULL, 1)", "NULL"),
        ("substr('abc', NULL)", "NULL"), ("s || 1", "Héllo1"), ("1 || 2", "12"), ("NULL || 'a'", "NULL"),
        ("t || 'x'", "truex"), ("s || d", "Héllo1.5"), ("s || f", "Héllo16777216.0"), ("1 + 2 || 3", "33"),
    ])
    func values(_ text: String, _ expected: String) {
        #expect(value(text) == expected, "\(text)")
    }

    @Test func likeErrors() {
        #expect(value("'abc' LIKE 'a!' ESCAPE '!'") == "error: a LIKE pattern must not end with the escape character")
        #expect(value("substr('hello', 1, 9223372036854775807)").hasPrefix("error: substring length"))
        #expect(value("substr('hello', 4294967296)").hasPrefix("error: substring offset"))
    }
}

@Suite struct FunctionSemanticsTests {
    @Test(arguments: [
        ("ln(-1)", "nan"), ("ln(0)", "-inf"), ("sqrt(-1)", "-nan"), ("ln(-'inf'::DOUBLE)", "nan"), ("ln(-0.0)", "-inf"), ("log10(-1)", "nan"), ("log10(0)", "-inf"),
        ("log10(1000)", "3.0"), ("exp(1000)", "inf"), ("exp(-1000)", "0.0"), ("ln(nan)", "nan"), ("sqrt(16)", "4.0"),
        ("log1p(-1)", "-inf"), ("log1p(-2)", "nan"), ("log1p(0)", "0.0"), ("exp(0)", "1.0"),
        ("round(2.5e0)", "3.0"), ("round(-2.5e0)", "-3.0"), ("round(0.5e0)", "1.0"), ("round(1.25e0, 1)", "1.3"),
        ("round(1.35e0, 1)", "1.4"), ("round(2.675e0, 2)", "2.67"), ("round(4.35e0, 1)", "4.3"), ("round(4.45e0, 1)", "4.5"),
        ("round(0.125e0, 2)", "0.13"), ("round(-0.125e0, 2)", "-0.13"), ("round(1225e0, -1)", "1230.0"), ("round(1.0000000000000002e0, 15)", "1.0"),
        // A decimal literal is rounded on its digits, as DuckDB rounds a DECIMAL.
        ("round(2.675, 2)", "2.68"), ("round(4.35, 1)", "4.4"), ("round(2.5)", "3.0"), ("round(-2.5)", "-3.0"), ("round(9.995, 2)", "10.0"),
        ("round(1.5, -1)", "0.0"), ("round(5.5, -1)", "10.0"), ("round(12.345, 1)", "12.3"), ("round(-0.4)", "0.0"), ("round(99.5)", "100.0"),
        ("round(5e-324, 323)", "5e-324"), ("round(1e-300, 305)", "1e-300"), ("round(CAST(2.675 AS FLOAT), 2)", "2.67"), ("round(1234.5e0, -2)", "1200.0"), ("round(1250e0, -2)", "1300.0"),
        ("round(15, -1)", "20"), ("round(25, -1)", "30"), ("round(-25, -1)", "-30"), ("round(45, -2)", "0"), ("round(50, -2)", "100"),
        ("round(i)", "7"), ("round(5, 3)", "5"), ("round(5, -20)", "0"), ("round(1e300, 10)", "1e+300"),
        ("round(123.456e0, 400)", "123.456"), ("round(123.456e0, -400)", "0.0"), ("round(nan, -1)", "nan"),
        ("round('inf'::DOUBLE, -1)", "inf"), ("round(1.7e308, -308)", "1.7e+308"), ("round(1.4e308, -308)", "1e+308"),
        ("round(f, 1)", "16777216.0"), ("round(CAST(0.123456789 AS FLOAT), 3)", "0.123"), ("round(-0.4e0)", "-0.0"),
        ("round(-9223372036854775808, -18)", "-9000000000000000000"), ("round(CAST(255 AS UTINYINT), -1)", "260"),
        ("round(CAST(5000000000000000000 AS UBIGINT), -19)", "10000000000000000000"), ("round(d, NULL)", "NULL"),
        ("abs(-5)", "5"), ("abs(-d)", "1.5"), ("abs(-0.0)", "0.0"), ("abs(u)", "2"), ("abs(NULL)", "NULL"),
    ])
    func values(_ text: String, _ expected: String) {
        #expect(value(text) == expected, "\(text)")
    }

    @Test func roundErrors() {
        #expect(value("round(CAST(127 AS TINYINT), -1)").contains("overflow in ROUND"))
        #expect(value("round(9223372036854775807, -19)").contains("overflow in ROUND"))
    }
}

@Suite struct CastSemanticsTests {
    @Test(arguments: [
        ("CAST(2.5e0 AS INTEGER)", "2"), ("CAST(3.5e0 AS INTEGER)", "4"), ("CAST(-2.5e0 AS INTEGER)", "-2"), ("CAST(-0.5e0 AS UTINYINT)", "0"),
        ("CAST(2.5 AS INTEGER)", "3"), ("CAST(-2.5 AS INTEGER)", "-3"), ("CAST(126.5 AS TINYINT)", "127"), ("CAST(-0.4 AS UTINYINT)", "0"),
        ("CAST(126.5e0 AS TINYINT)", "126"), ("CAST(-128.5e0 AS TINYINT)", "-128"), ("CAST(1e19 AS UBIGINT)", "10000000000000000000"),
        ("CAST(' 12 ' AS INTEGER)", "12"), ("CAST('12.5' AS INTEGER)", "13"), ("CAST('-12.5' AS INTEGER)", "-13"),
        ("CAST('12.45' AS INTEGER)", "12"), ("CAST('1e3' AS INTEGER)", "1000"), ("CAST('1.5e1' AS INTEGER)", "15"),
        ("CAST('5e-1' AS INTEGER)", "1"), ("CAST('12e-5' AS INTEGER)", "0"), ("CAST('+7' AS INTEGER)", "7"),
        ("CAST('0x10' AS INTEGER)", "16"), ("CAST('0X1f' AS INTEGER)", "31"), ("CAST('0b101' AS INTEGER)", "5"),
        ("CAST('1_000' AS INTEGER)", "1000"), ("CAST('12.' AS INTEGER)", "12"), ("CAST('.5' AS INTEGER)", "1"),
        ("CAST('-.5' AS INTEGER)", "-1"), ("CAST('00012' AS INTEGER)", "12"), ("CAST('-0' AS UINTEGER)", "0"),
        ("CAST('1_000.5_5' AS INTEGER)", "1001"), ("CAST('1.9999999999999999999999' AS INTEGER)", "2"),
        ("CAST('-9223372036854775808.4' AS BIGINT)", "-9223372036854775808"), ("CAST('1e0000000000000000001' AS INTEGER)", "10"),
        ("CAST('18446744073709551615' AS UBIGINT)", "18446744073709551615"), ("CAST('0x7fffffff' AS INTEGER)", "2147483647"),
        ("CAST('  1.5e3 ' AS DOUBLE)", "1500.0"), ("CAST('nan' AS DOUBLE)", "nan"), ("CAST('-Infinity' AS DOUBLE)", "-inf"),
        ("CAST('INF' AS DOUBLE)", "inf"), ("CAST('1e400' AS DOUBLE)", "inf"), ("CAST('.5' AS DOUBLE)", "0.5"),
        ("CAST('5.' AS DOUBLE)", "5.0"), ("CAST('1_000.5' AS DOUBLE)", "1000.5"), ("CAST('1E+5' AS DOUBLE)", "100000.0"),
        ("CAST('1e39' AS FLOAT)", "inf"), ("CAST('1.5' AS FLOAT)", "1.5"),
        ("CAST('true' AS BOOLEAN)", "true"), ("CAST('T' AS BOOLEAN)", "true"), ("CAST('yes' AS BOOLEAN)", "true"),
        ("CAST('1' AS BOOLEAN)", "true"), ("CAST('0' AS BOOLEAN)", "false"), ("CAST('n' AS BOOLEAN)", "false"),
        ("CAST('NO' AS BOOLEAN)", "false"), ("CAST(2 AS BOOLEAN)", "true"), ("CAST(nan AS BOOLEAN)", "true"),
        ("CAST(0.0 AS BOOLEAN)", "false"), ("CAST(true AS INTEGER)", "1"), ("CAST(true AS DOUBLE)", "1.0"),
        ("CAST(true AS VARCHAR)", "true"), ("CAST(1.5 AS VARCHAR)", "1.5"), ("CAST(1e20 AS VARCHAR)", "1e+20"),
        ("CAST(1e-5 AS VARCHAR)", "1e-05"), ("CAST(0.1 AS VARCHAR)", "0.1"), ("CAST(100.0 AS VARCHAR)", "100.0"),
        ("CAST(CAST(1 AS FLOAT) / 3 AS VARCHAR)", "0.33333334"), ("CAST(1.0 / 3 AS VARCHAR)", "0.3333333333333333"),
        ("CAST(nan AS VARCHAR)", "nan"), ("CAST(zero / zero AS VARCHAR)", "-nan"), ("CAST(-(zero / zero) AS VARCHAR)", "nan"), ("CAST(-1e308 * 10 AS VARCHAR)", "-inf"), ("CAST(-0.0e0 AS VARCHAR)", "-0.0"),
        ("CAST(123456789012345678e0 AS VARCHAR)", "1.2345678901234568e+17"), ("CAST(1e16 AS VARCHAR)", "1e+16"),
        ("CAST(1e15 AS VARCHAR)", "1000000000000000.0"), ("CAST(9.5e15 AS VARCHAR)", "9500000000000000.0"),
        ("CAST(0.0001 AS VARCHAR)", "0.0001"), ("CAST(0.00012 AS VARCHAR)", "0.00012"), ("CAST(5e-324 AS VARCHAR)", "5e-324"),
        ("CAST(CAST(1e10 AS FLOAT) AS VARCHAR)", "10000000000.0"), ("CAST(CAST(1e-5 AS FLOAT) AS VARCHAR)", "1e-05"),
        ("CAST(CAST(0.1 AS FLOAT) AS DOUBLE)", "0.10000000149011612"), ("CAST(9007199254740993 AS DOUBLE)", "9007199254740992.0"),
        ("CAST(minb AS VARCHAR)", "-9223372036854775808"), ("CAST(u64 AS VARCHAR)", "18446744073709551615"),
        ("CAST(3.4028235e38 AS FLOAT)", "3.4028235e+38"), ("CAST('inf'::DOUBLE AS FLOAT)", "inf"), ("CAST(1e-50 AS FLOAT)", "0.0"),
        ("CAST(z AS VARCHAR)", "NULL"), ("CAST(NULL AS INTEGER)", "NULL"), ("i::VARCHAR::INTEGER + 1", "8"),
    ])
    func values(_ text: String, _ expected: String) {
        #expect(value(text) == expected, "\(text)")
    }

    @Test(arguments: [
        "CAST(nan AS INTEGER)", "CAST('inf'::DOUBLE AS BIGINT)", "CAST(1e19 AS BIGINT)", "CAST(9.2233720368547758e18 AS BIGINT)",
        "CAST(300 AS TINYINT)", "CAST(-1 AS UTINYINT)", "CAST(127.5e0 AS TINYINT)", "CAST(-0.6e0 AS UTINYINT)", "CAST(127.5 AS TINYINT)", "CAST(-0.5 AS UTINYINT)",
        "CAST(1.8446744073709552e19 AS UBIGINT)", "CAST(3.40282357e38 AS FLOAT)", "CAST(1e39 AS FLOAT)",
        "CAST('' AS INTEGER)", "CAST('abc' AS INTEGER)", "CAST('1e20' AS BIGINT)", "CAST('0o17' AS INTEGER)",
        "CAST('-0x10' AS INTEGER)", "CAST('1__0' AS INTEGER)", "CAST('_10' AS INTEGER)", "CAST('10_' AS INTEGER)",
        "CAST('1 0' AS INTEGER)", "CAST('12\t' AS INTEGER)", "CAST('.' AS INTEGER)", "CAST('-' AS INTEGER)",
        "CAST('+-1' AS INTEGER)", "CAST('128' AS TINYINT)", "CAST('-1' AS UINTEGER)", "CAST('0b' AS INTEGER)",
        "CAST('0x' AS INTEGER)", "CAST('0x8000000000000000' AS BIGINT)", "CAST('0xffffffff' AS INTEGER)",
        "CAST('9223372036854775807.5' AS BIGINT)", "CAST('1.5e' AS INTEGER)", "CAST('-0.5' AS UTINYINT)",
        "CAST('-0.4' AS UTINYINT)", "CAST('255.5' AS UTINYINT)", "CAST('1,5' AS DOUBLE)", "CAST('' AS DOUBLE)",
        "CAST(' ' AS DOUBLE)", "CAST('1.5 x' AS DOUBLE)", "CAST('1e' AS DOUBLE)", "CAST('e5' AS DOUBLE)",
        "CAST('0x10' AS DOUBLE)", "CAST(' true ' AS BOOLEAN)", "CAST('2' AS BOOLEAN)", "CAST(s AS INTEGER)",
    ])
    func errors(_ text: String) {
        #expect(value(text).hasPrefix("error: "), "\(text) → \(value(text))")
    }
}

/// Where DuckDB's optimizer or executor decides whether an error is raised, cairn decides the same way.
@Suite struct ErrorParityTests {
    private static let batch = RecordBatch(schema: Schema([Field("i", .int32), Field("m", .int32), Field("u", .uint16), Field("num", .string)]), columns: [
        Column(type: .int32, buffer: .int32([.max, 3, 0]), validity: [true, true, false]),
        Column(type: .int32, buffer: .int32([.min, 7, 0])),
        Column(type: .uint16, buffer: .uint16([65535, 2, 0])),
        Column(type: .string, buffer: .bytes(VarBinary(strings: ["0x1F", "1", "2"]))),
    ])

    private func values(_ text: String) -> String {
        do {
            let bound = try ExpressionBinder(schema: Self.batch.schema).bind(SQLParser.parseExpression(text))
            let column = try ExpressionEvaluator().evaluate(bound, on: Self.batch)
            return (0..<column.count).map { column.value(at: $0).description }.joined(separator: ",")
        } catch {
            return "error"
        }
    }

    @Test(arguments: [
        // Integer comparisons with constants are solved for the column (no overflow possible).
        ("(i + 1) < 5", "false,true,NULL"), ("(i + 1) = 4", "false,true,NULL"), ("(i + 1) IS DISTINCT FROM 4", "true,false,true"),
        ("5 = (i + 1)", "false,false,NULL"), ("(1 + (i + 1)) = 5", "false,true,NULL"), ("(2 - i) > 3", "false,false,NULL"),
        ("(i * 2) = 6", "false,true,NULL"), ("(i * 3) = 5", "false,false,NULL"), ("(i * 2) <> 7", "true,true,NULL"),
        ("(-m) = 5", "false,false,false"), ("(-m) = (-2147483648)", "false,false,false"), ("(-m) < 5", "false,true,true"),
        ("CAST(i + 1 AS BIGINT) < 5", "false,true,NULL"), ("(127 + i) < CAST(-100 AS DOUBLE)", "false,false,NULL"),
        ("(u + 5) = 3", "false,false,false"),
        // … but not where DuckDB leaves them alone.
        ("(i + 1) < 5.5e0", "error"), ("(i * 2) > 5", "error"), ("(i + 1) BETWEEN 1 AND 5", "error"), ("(i + 1) IN (5)", "error"),
        ("(i + 1) < 3000000000", "error"), ("(-u) = 0", "error"), ("abs(m) = 5", "error"),
        // A constant NULL operand makes a strict operator NULL without evaluating the others.
        ("NULL * (i + 1)", "NULL,NULL,NULL"), ("(i + 1) = NULL", "NULL,NULL,NULL"), ("(i + 1) IS NULL", "error"),
        ("CASE WHEN u = 9 THEN 5 END <> CAST(num AS DOUBLE)", "NULL,NULL,NULL"), ("CAST(num AS DOUBLE) <> CASE WHEN u = 9 THEN 5 END", "error"),
        ("CASE WHEN u = 2 THEN 5 END <> CAST(num AS DOUBLE)", "error"), ("(i + 1) NOT BETWEEN NULL AND NULL", "error"),
        ("coalesce(10, m) = (i * 10)", "error"), ("coalesce(NULL, NULL) + 1", "NULL,NULL,NULL"),
    ])
    func sameErrorsAsDuckDB(_ text: String, _ expected: String) {
        #expect(values(text) == expected, "\(text)")
    }
}

@Suite struct LongInListTests {
    /// Long constant lists take the hashed path; it must agree with the comparison chain, NULLs included.
    @Test func hashedMembershipAgreesWithComparisons() throws {
        let names = ["CD3E", "CD4", "CD8A", "MS4A1", "日本", "", "GNLY", "NKG7", "LYZ", "PPBP"]
        let batch = RecordBatch(schema: Schema([Field("gene", .string), Field("n", .int16)]), columns: [
            Column(type: .string, buffer: .bytes(VarBinary(strings: names + ["x"])), validity: Array(repeating: true, count: 10) + [false]),
            Column(type: .int16, buffer: .int16([1, 2, 3, 4, 5, 6, 7, 8, 9, 300, 0]), validity: Array(repeating: true, count: 10) + [false]),
        ])
        let binder = ExpressionBinder(schema: batch.schema)
        for (long, short) in [
            ("gene IN ('CD4', 'LYZ', '日本', '', 'a', 'b', 'c', 'd', 'e')", "gene = 'CD4' OR gene = 'LYZ' OR gene = '日本' OR gene = ''"),
            ("gene NOT IN ('CD4', 'LYZ', 'a', 'b', 'c', 'd', 'e', 'f', NULL)", "NOT (gene = 'CD4' OR gene = 'LYZ' OR gene = NULL)"),
            ("n IN (1, 3, 300, 7, 70000, -1, 11, 12)", "n = 1 OR n = 3 OR n = 300 OR n = 7"),
            ("n IN (1, 3, 300, 7, 70000, -1, 11, NULL)", "n = 1 OR n = 3 OR n = 300 OR n = 7 OR n = NULL"),
        ] {
            let a = try ExpressionEvaluator().evaluate(binder.bind(SQLParser.parseExpression(long)), on: batch)
            let b = try ExpressionEvaluator().evaluate(binder.bind(SQLParser.parseExpression(short)), on: batch)
            #expect((0..<11).map { a.value(at: $0) } == (0..<11).map { b.value(at: $0) }, "\(long)")
        }
    }

    /// Text read with dictionary codes (fewer distinct values than rows) answers IN lists, long and short,
    /// and comparisons with a constant through its codes, exactly as the same text without them.
    @Test func dictionaryCodedTextAgreesWithPlainText() throws {
        let names = ["CD3E", "CD4", "LYZ", "日本", "", "NKG7"]
        let picks = (0..<40).map { $0 % 7 == 3 ? nil : names[($0 * 5) % names.count] }
        let plain = Column(type: .string, buffer: .bytes(VarBinary(strings: picks.map { $0 ?? "" })), validity: picks.map { $0 != nil })
        let coded = withDictionaryCodes(plain)
        #expect(coded.dictionary.map { $0.values.count < picks.count } == true)
        let schema = Schema([Field("gene", .string)])
        let binder = ExpressionBinder(schema: schema)
        for text in ["gene IN ('CD4', 'LYZ', '日本', '', 'a', 'b', 'c', 'd', 'e')", "gene NOT IN ('CD4', 'a', 'b', 'c', 'd', 'e', 'f', 'g', NULL)",
                     "gene IN ('CD4', '')", "gene = 'LYZ'", "'LYZ' < gene", "gene <> ''"] {
            let bound = try binder.bind(SQLParser.parseExpression(text))
            let a = try ExpressionEvaluator().evaluate(bound, on: RecordBatch(schema: schema, columns: [coded]))
            let b = try ExpressionEvaluator().evaluate(bound, on: RecordBatch(schema: schema, columns: [plain]))
            #expect((0..<40).map { a.value(at: $0) } == (0..<40).map { b.value(at: $0) }, "\(text)")
        }
    }

    /// Integer lists within a few million of each other test a bitmap: values below, above and at the
    /// edges of its span, extremes that overflow the offset, and a span too wide (hashed) agree too.
    @Test func bitmapMembershipAgreesWithComparisons() throws {
        let wide: [Int64] = [.min, -5, -1, 0, 1, 63, 64, 65, 4_194_303, 4_194_304, 199_999, .max]
        let unsigned: [UInt64] = [0, 1, 64, 100, 4_194_303, UInt64(Int64.max), UInt64(Int64.max) + 1, .max]
        let batch = RecordBatch(schema: Schema([Field("c", .int64), Field("u", .uint64)]), columns: [
            Column(type: .int64, buffer: .int64(wide)),
            Column(type: .uint64, buffer: .uint64(unsigned + Array(repeating: 7, count: wide.count - unsigned.count))),
        ])
        let binder = ExpressionBinder(schema: batch.schema)
        for (column, list) in [
            ("c", [-5, -1, 0, 63, 64, 199_999, 4_194_303, 9]), ("c", [1, 65, 4_194_304, -1, 2, 3, 4, 5]),
            ("c", [Int(Int64.min), 0, 1, 2, 3, 4, 5, 6]), ("c", [Int(Int64.max), 0, 1, 2, 3, 4, 5, 6]),
            ("u", [0, 1, 64, 100, 4_194_303, 5, 6, 7]), ("u", [0, 1, 2, 3, 4, 5, 6, Int(Int64.max)]),
        ] {
            let long = "\(column) IN (\(list.map(String.init).joined(separator: ", ")))"
            let short = list.map { "\(column) = \($0)" }.joined(separator: " OR ")
            let a = try ExpressionEvaluator().evaluate(binder.bind(SQLParser.parseExpression(long)), on: batch)
            let b = try ExpressionEvaluator().evaluate(binder.bind(SQLParser.parseExpression(short)), on: batch)
            #expect((0..<batch.rowCount).map { a.value(at: $0) } == (0..<batch.rowCount).map { b.value(at: $0) }, "\(long)")
        }
    }
}
