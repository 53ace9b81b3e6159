/// SplitMix64: a small, fixed random sequence per seed, so a failing expression can be replayed.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// One generated expression, spelled for cairn and for DuckDB (they differ only where DuckDB lacks a
/// function: `log1p(x)` is `ln(1e0 + (x))` there).
struct GeneratedExpression {
    var cairn: String
    var duckdb: String

    init(_ both: String) {
        cairn = both
        duckdb = both
    }

    init(cairn: String, duckdb: String) {
        self.cairn = cairn
        self.duckdb = duckdb
    }
}

/// Random, well-typed scalar expressions over the differential test's table, covering every
/// operator and function the evaluator implements. Binary operations are fully parenthesised and
/// negative literals wrapped, so both parsers read the same tree (DuckDB lexes `%-` as one operator).
///
/// Columns: i, j (int32; j holds zeros), b (int64), ti (int8), u (uint16), ub (uint64), d, e (float64),
/// f (float32), s, s2 (text; s2 holds LIKE patterns), num (numeric-looking text), t (boolean).
struct ExpressionGenerator {
    enum Kind: CaseIterable { case integer, float, text, boolean }

    var random: SeededGenerator
    /// Set while generating an operand whose exact value matters (printed as text, compared): log1p
    /// is left out there, since its last digit may differ from DuckDB's ln(1 + x).
    private var exactContext = false

    init(seed: UInt64) { random = SeededGenerator(seed: seed) }

    private mutating func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &random) < p }
    mutating func pick<T>(_ options: [T]) -> T { options.randomElement(using: &random)! }
    private mutating func integer(_ range: ClosedRange<Int>) -> Int { Int.random(in: range, using: &random) }

    /// `template` with `$0`, `$1`, … replaced by the operands.
    private func form(_ template: String, _ operands: [GeneratedExpression]) -> GeneratedExpression {
        var cairn = template, duckdb = template
        for (k, operand) in operands.enumerated().reversed() {
            cairn = cairn.replacingOccurrences(of: "$\(k)", with: operand.cairn)
            duckdb = duckdb.replacingOccurrences(of: "$\(k)", with: operand.duckdb)
        }
        return GeneratedExpression(cairn: cairn, duckdb: duckdb)
    }

    private func literal(_ text: String) -> GeneratedExpression {
        GeneratedExpression(text.hasPrefix("-") ? "(\(text))" : text)
    }

    mutating func expression(_ kind: Kind, depth: Int) -> GeneratedExpression {
        switch kind {
        case .integer: return integerExpression(depth)
        case .float: return floatExpression(depth)
        case .text: return textExpression(depth)
        case .boolean: return booleanExpression(depth)
        }
    }

    // MARK: - Integers

    mutating func integerExpression(_ depth: Int) -> GeneratedExpression {
        if depth <= 0 || chance(0.25) {
            if chance(0.05) { return GeneratedExpression("NULL") }
            if chance(0.6) { return GeneratedExpression(pick(["i", "j", "b", "ti", "u", "i", "j"])) }
            return literal(pick(["0", "1", "2", "3", "7", "10", "100", "-1", "-5", "127", "128", "2147483647", "-2147483648",
                                 "9223372036854775807", "3000000000", "-100"]))
        }
        let d = depth - 1
        switch integer(0...10) {
        case 0, 1, 2:
            let op = pick(["+", "-", "*", "//", "%", "+", "-", "*"])
            let right = op == "//" || op == "%" ? (chance(0.5) ? GeneratedExpression(pick(["j", "ti", "3", "-2"])) : integerExpression(d)) : integerExpression(d)
            let left = integerExpression(d)
            return form("($0 \(op) $1)", [left, withColumn(left, op == "//" || op == "%" ? literalWrapped(right) : right, from: ["i", "j", "b"])])
        case 3: return form("(- $0)", [integerExpression(d)])
        case 4: return form("abs($0)", [integerExpression(d)])
        case 5: return chance(0.5) ? form("round($0)", [integerExpression(d)]) : form("round($0, \(literal(String(integer(-3...1))).cairn))", [integerExpression(d)])
        case 6: return form("length($0)", [textExpression(d)])
        case 7:
            let target = pick(["INTEGER", "BIGINT", "SMALLINT", "TINYINT", "UTINYINT"])
            let value = printed { $0.floatExpression(d) }
            return chance(0.5) ? form("CAST($0 AS \(target))", [withColumn(value, value, from: ["d", "e", "f"])]) : form("CAST(num AS \(target))", [])
        case 8: return caseExpression(.integer, d)
        case 9: return form("coalesce($0, $1)", [integerExpression(d), integerExpression(d)])
        default:
            let left = integerExpression(d)
            return form("($0 \(pick(["+", "-", "*"])) $1)", [left, withColumn(left, integerExpression(d), from: ["i", "j", "b"])])
        }
    }

    /// Generates an operand whose exact value matters.
    private mutating func printed<T>(_ body: (inout ExpressionGenerator) -> T) -> T {
        let outer = exactContext
        exactContext = true
        defer { exactContext = outer }
        return body(&self)
    }

    private static let columns: Set<Substring> = ["i", "j", "b", "ti", "u", "ub", "d", "e", "f", "s", "s2", "num", "t"]

    /// Whether the expression reads a column. Constant-only expressions that fail (`127 + 9223372036854775807`)
    /// are avoided: DuckDB proves things about constants from statistics and may never evaluate them.
    private func readsColumn(_ e: GeneratedExpression) -> Bool {
        e.cairn.split(whereSeparator: { !($0.isLetter || $0.isNumber || $0 == "_") }).contains { Self.columns.contains($0) }
    }

    /// `b`, or a column when neither `a` nor `b` reads one.
    private mutating func withColumn(_ a: GeneratedExpression, _ b: GeneratedExpression, from columns: [String]) -> GeneratedExpression {
        readsColumn(a) || readsColumn(b) ? b : GeneratedExpression(pick(columns))
    }

    private func literalWrapped(_ e: GeneratedExpression) -> GeneratedExpression {
        e.cairn.hasPrefix("-") ? GeneratedExpression(cairn: "(\(e.cairn))", duckdb: "(\(e.duckdb))") : e
    }

    // MARK: - Floats

    mutating func floatExpression(_ depth: Int) -> GeneratedExpression {
        if depth <= 0 || chance(0.25) {
            if chance(0.04) { return GeneratedExpression("CAST(NULL AS DOUBLE)") }
            if chance(0.6) { return GeneratedExpression(pick(["d", "e", "f", "d", "e"])) }
            return literal(pick(["0e0", "1.5e0", "2.5e0", "-0.5e0", "1e10", "1e-3", "3.25e0", "1e300", "-1e300", "0.1e0", "-2.5e0"]))
        }
        let d = depth - 1
        switch integer(0...13) {
        case 0, 1, 2:
            let op = pick(["+", "-", "*", "/", "//", "%", "/", "*"])
            // fmod magnifies a last-digit difference (log1p against ln(1 + x)) into any value.
            let (a, b) = op == "%" ? printed { $0.chance(0.5) ? ($0.floatExpression(d), $0.anyNumber(d)) : ($0.anyNumber(d), $0.floatExpression(d)) }
                : chance(0.5) ? (floatExpression(d), anyNumber(d)) : (anyNumber(d), floatExpression(d))
            return form("($0 \(op) $1)", [a, withColumn(a, b, from: ["d", "e", "f"])])
        case 3:
            let a = integerExpression(d)
            return form("($0 / $1)", [a, withColumn(a, integerExpression(d), from: ["i", "j"])])
        case 4: return form("(- $0)", [floatExpression(d)])
        case 5: return form("abs($0)", [floatExpression(d)])
        case 6: return chance(0.4) ? form("round($0)", [floatExpression(d)]) : form("round($0, \(literal(String(integer(-3...4))).cairn))", [floatExpression(d)])
        case 7: return form("\(pick(["ln", "log10", "sqrt"]))($0)", [anyNumber(d)])
        case 8: return form("exp($0)", [chance(0.5) ? floatExpression(d) : GeneratedExpression(pick(["j", "ti", "e"]))])
        case 9 where !exactContext:
            // log1p on arguments where ln(1 + x) agrees with log1p to 1e-9 (DuckDB has no log1p); not
            // where its digits would be printed, since the last one may differ.
            let x = chance(0.5) ? integerExpression(d) : GeneratedExpression(pick(["e", "abs(e)", "(e * 2e0)"]))
            return GeneratedExpression(cairn: "log1p(\(x.cairn))", duckdb: "ln(1e0 + (\(x.duckdb)))")
        case 10: return form("CAST($0 AS \(pick(["DOUBLE", "FLOAT"])))", [chance(0.7) ? integerExpression(d) : GeneratedExpression("num")])
        case 11: return caseExpression(.float, d)
        case 12: return form("coalesce($0, $1)", [floatExpression(d), anyNumber(d)])
        default:
            let a = floatExpression(d)
            return form("($0 * $1)", [a, withColumn(a, floatExpression(d), from: ["d", "e"])])
        }
    }

    private mutating func anyNumber(_ depth: Int) -> GeneratedExpression {
        chance(0.5) ? floatExpression(depth) : integerExpression(depth)
    }

    // MARK: - Text

    mutating func textExpression(_ depth: Int) -> GeneratedExpression {
        if depth <= 0 || chance(0.25) {
            if chance(0.05) { return GeneratedExpression("NULL") }
            if chance(0.6) { return GeneratedExpression(pick(["s", "s2", "num", "s"])) }
            return GeneratedExpression(pick(["''", "'abc'", "'héllo'", "'ÉCOLE'", "'ß'", "'日本語'", "'it''s'", "'a_b%c'",
                                             "'👍🏽x'", "'İ'", "'ΣΑΣ'", "'Zebra'", "'ab'"]))
        }
        let d = depth - 1
        switch integer(0...9) {
        case 0, 1:
            let left = chance(0.7) ? textExpression(d) : printed { $0.expression($0.pick([.integer, .float, .boolean]), depth: d) }
            let right = chance(0.7) ? textExpression(d) : printed { $0.expression($0.pick([.integer, .float, .boolean]), depth: d) }
            return form("($0 || $1)", [left, right])
        case 2: return form("lower($0)", [textExpression(d)])
        case 3: return form("upper($0)", [textExpression(d)])
        case 4:
            let start = chance(0.8) ? literal(String(integer(-6...6))) : GeneratedExpression(pick(["j", "ti"]))
            if chance(0.5) { return form("substr($0, $1)", [textExpression(d), start]) }
            let length = chance(0.8) ? literal(String(integer(-3...6))) : GeneratedExpression("j")
            return form("\(pick(["substr", "substring"]))($0, $1, $2)", [textExpression(d), start, length])
        case 5: return form("CAST($0 AS VARCHAR)", [integerExpression(d)])
        case 6: return form("CAST($0 AS VARCHAR)", [printed { $0.floatExpression(d) }])
        case 7: return caseExpression(.text, d)
        case 8: return form("coalesce($0, $1)", [textExpression(d), textExpression(d)])
        default: return form("CAST($0 AS VARCHAR)", [booleanExpression(d)])
        }
    }

    // MARK: - Booleans

    mutating func booleanExpression(_ depth: Int) -> GeneratedExpression {
        if depth <= 0 || chance(0.15) {
            if chance(0.6) { return GeneratedExpression("t") }
            return GeneratedExpression(pick(["TRUE", "FALSE", "NULL"]))
        }
        let d = depth - 1
        switch integer(0...14) {
        case 0, 1, 2:
            let (a, b) = printed { $0.comparablePair(d) }
            return form("($0 \(pick(["=", "<>", "!=", "<", "<=", ">", ">="])) $1)", [a, b])
        case 3: return form("($0 AND $1)", [booleanExpression(d), booleanExpression(d)])
        case 4: return form("($0 OR $1)", [booleanExpression(d), booleanExpression(d)])
        case 5: return form("(NOT $0)", [booleanExpression(d)])
        case 6: return form("($0 IS \(pick(["", "NOT "]))NULL)", [expression(pick(Kind.allCases), depth: d)])
        case 7:
            let (a, b) = printed { $0.comparablePair(d) }
            return form("($0 IS \(pick(["", "NOT "]))DISTINCT FROM $1)", [a, b])
        case 8:
            let kind = pick([Kind.integer, .float, .text, .integer])
            // Long lists of constants take the evaluator's hashed path.
            let long = chance(0.3)
            let items = (0..<(long ? integer(8...10) : integer(1...4))).map { _ in
                chance(0.15) ? GeneratedExpression("NULL") : long ? constant(kind) : expression(kind, depth: 0)
            }
            let template = "($0 \(pick(["", "NOT "]))IN (" + items.indices.map { "$\($0 + 1)" }.joined(separator: ", ") + "))"
            return form(template, [printed { $0.expression(kind, depth: d) }] + items)
        case 9:
            let kind = pick([Kind.integer, .float, .text])
            return form("($0 \(pick(["", "NOT "]))BETWEEN $1 AND $2)", [printed { $0.expression(kind, depth: d) }, expression(kind, depth: 0), expression(kind, depth: 0)])
        case 10, 11:
            let pattern = chance(0.3) ? GeneratedExpression("s2")
                : GeneratedExpression(pick(["'%'", "'a%'", "'%a'", "'_'", "'__'", "'%é%'", "'h_llo'", "''", "'abc'", "'%!%%'", "'a!_b%'",
                                            "'É%'", "'%ß%'", "'日%'", "'%_'", "'%c'", "'_é%'", "'%İ%'"]))
            let escape = chance(0.3) ? " ESCAPE '!'" : ""
            return form("($0 \(pick(["LIKE", "ILIKE", "NOT LIKE", "NOT ILIKE"])) $1\(escape))", [textExpression(d), pattern])
        case 12:
            // float32 against a decimal literal compares in float32, as DuckDB does with DECIMAL.
            return form("(f \(pick(["=", "<", ">="])) \(pick(["0.1", "1.5", "16777217.0", "-0.5"])))", [])
        case 13:
            // uint64 against signed values compares exactly.
            return form("(ub \(pick(["=", "<", ">"])) $0)", [GeneratedExpression(pick(["i", "b", "u", "ub", "(-1)", "9223372036854775807", "18446744073709551615"]))])
        default: return caseExpression(.boolean, d)
        }
    }

    private mutating func constant(_ kind: Kind) -> GeneratedExpression {
        switch kind {
        case .integer: return literal(String(integer(-5...300)))
        case .float: return literal(pick(["0e0", "1.5e0", "-2.5e0", "0.125e0", "10e0"]))
        case .text: return GeneratedExpression(pick(["'abc'", "'héllo'", "''", "'ß'", "'日本語'", "'x'", "'ab'", "'Zebra'", "'12'"]))
        case .boolean: return GeneratedExpression(pick(["TRUE", "FALSE"]))
        }
    }

    private mutating func comparablePair(_ depth: Int) -> (GeneratedExpression, GeneratedExpression) {
        switch integer(0...5) {
        case 0: return (integerExpression(depth), integerExpression(depth))
        case 1: return (integerExpression(depth), floatExpression(depth))
        case 2: return (floatExpression(depth), floatExpression(depth))
        case 3, 4: return (textExpression(depth), textExpression(depth))
        default: return (booleanExpression(depth), booleanExpression(depth))
        }
    }

    private mutating func caseExpression(_ kind: Kind, _ depth: Int) -> GeneratedExpression {
        if chance(0.3) {
            // Simple CASE on an integer column: DuckDB's common-subexpression elimination evaluates a
            // repeated compound operand on every row where cairn is lazy, and a constant operand folds
            // in an order that changes which errors DuckDB raises.
            let values = (0..<integer(1...3)).map { _ in literal(String(integer(-2...3))) }
            var template = "CASE $0"
            var operands = [GeneratedExpression(pick(["i", "j", "b", "ti", "u"]))]
            for v in values {
                template += " WHEN $\(operands.count) THEN $\(operands.count + 1)"
                operands.append(v)
                operands.append(expression(kind, depth: depth))
            }
            if chance(0.7) {
                template += " ELSE $\(operands.count)"
                operands.append(expression(kind, depth: depth))
            }
            return form(template + " END", operands)
        }
        var template = "CASE"
        var operands: [GeneratedExpression] = []
        for _ in 0..<integer(1...3) {
            template += " WHEN $\(operands.count) THEN $\(operands.count + 1)"
            operands.append(booleanExpression(depth))
            operands.append(expression(kind, depth: depth))
        }
        if chance(0.7) {
            template += " ELSE $\(operands.count)"
            operands.append(expression(kind, depth: depth))
        }
        return form(template + " END", operands)
    }
}
