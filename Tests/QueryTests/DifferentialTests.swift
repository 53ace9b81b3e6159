import Columnar
import Foundation
import Testing
@testable import Query

/// cairn's evaluator against DuckDB on the same rows: hundreds of random expressions covering every
/// operator, function and NULL case, compared value by value (floats within 1e-9 relative, NaN equal
/// to NaN), including which expressions fail; boolean ones are also compared as WHERE filters.
@Suite(.serialized) struct DifferentialTests {
    /// A table with NULLs everywhere, integer extremes, NaN, ±inf, −0.0, non-ASCII text.
    static func table(seed: UInt64, rows: Int) -> RecordBatch {
        var random = SeededGenerator(seed: seed)
        func maybe<T>(_ value: T, nullRate: Double = 0.15) -> T? {
            Double.random(in: 0..<1, using: &random) < nullRate ? nil : value
        }
        func pick<T>(_ options: [T]) -> T { options.randomElement(using: &random)! }
        var i: [Int32?] = [], j: [Int32?] = [], b: [Int64?] = [], ti: [Int8?] = [], u: [UInt16?] = [], ub: [UInt64?] = []
        var d: [Double?] = [], e: [Double?] = [], f: [Float?] = []
        var s: [String?] = [], s2: [String?] = [], num: [String?] = [], t: [Bool?] = []
        for _ in 0..<rows {
            i.append(maybe(pick([Int32.random(in: -20...20, using: &random), Int32.random(in: -2_000_000_000...2_000_000_000, using: &random), .max, .min, 0, 7])))
            j.append(maybe(Int32.random(in: -3...3, using: &random)))
            b.append(maybe(pick([Int64.random(in: -1000...1000, using: &random), .max - Int64.random(in: 0...5, using: &random), .min, 16_777_217, Int64.random(in: .min / 2 ... .max / 2, using: &random)])))
            ti.append(maybe(pick([Int8.random(in: -10...10, using: &random), .max, .min, 100, -100])))
            u.append(maybe(pick([UInt16.random(in: 0...20, using: &random), .max, 0, 300])))
            ub.append(maybe(pick([UInt64.random(in: 0...100, using: &random), .max, UInt64(Int64.max) + 1, UInt64(Int64.max), 5])))
            d.append(maybe(pick([Double.random(in: -100...100, using: &random), .nan, .infinity, -.infinity, -0.0, 0, 1e-300, 1.7e308, 2.5, -2.5, 0.125, 4.35, Double.random(in: -1e6...1e6, using: &random)])))
            e.append(maybe(pick([Double.random(in: -3...3, using: &random), 0, 1, 0.5, 10, -0.75])))
            f.append(maybe(pick([Float.random(in: -100...100, using: &random), .nan, 16_777_216, 0.1, 1.5, -0.5, .infinity])))
            s.append(maybe(pick(["", "abc", "Abc", "héllo", "HÉLLO", "日本語", "ß", "ẞ", "ÉCOLE", "İstanbul", "ΣΑΣ", "👍🏽", "a_b%c", "it's", "Zebra", "ab", "a\\bc", "mississippi", "x"])))
            // No pattern ends with the escape character '!': DuckDB reports that only when matching reaches it.
            s2.append(maybe(pick(["%", "a%", "%c", "_", "h_llo", "%é%", "", "a!%", "%ß%", "%É%", "__", "日%", "!_b%"])))
            num.append(maybe(pick(["12", " 42 ", "-7", "1e3", "12.5", "-12.5", "0x1F", "1_000", "-0", ".5", "3.", "0", "127", "128", "2.5", "1e-2", "255"])))
            t.append(maybe(Bool.random(using: &random)))
        }
        func column<T>(_ type: DataType, _ values: [T?], _ wrap: ([T]) -> ColumnBuffer, zero: T) -> Column {
            let validity = values.map { $0 != nil }
            return Column(type: type, buffer: wrap(values.map { $0 ?? zero }), validity: validity.contains(false) ? validity : nil)
        }
        let schema = Schema([
            Field("i", .int32), Field("j", .int32), Field("b", .int64), Field("ti", .int8), Field("u", .uint16), Field("ub", .uint64),
            Field("d", .float64), Field("e", .float64), Field("f", .float32), Field("s", .string), Field("s2", .string),
            Field("num", .string), Field("t", .boolean),
        ])
        let text = { (values: [String?]) -> Column in
            Column(type: .string, buffer: .bytes(VarBinary(strings: values.map { $0 ?? "" })),
                   validity: values.contains(where: { $0 == nil }) ? values.map { $0 != nil } : nil)
        }
        return RecordBatch(schema: schema, columns: [
            column(.int32, i, ColumnBuffer.int32, zero: 0), column(.int32, j, ColumnBuffer.int32, zero: 0),
            column(.int64, b, ColumnBuffer.int64, zero: 0), column(.int8, ti, ColumnBuffer.int8, zero: 0),
            column(.uint16, u, ColumnBuffer.uint16, zero: 0), column(.uint64, ub, ColumnBuffer.uint64, zero: 0),
            column(.float64, d, ColumnBuffer.float64, zero: 0), column(.float64, e, ColumnBuffer.float64, zero: 0),
            column(.float32, f, ColumnBuffer.float32, zero: 0), text(s), text(s2), text(num),
            column(.boolean, t, ColumnBuffer.boolean, zero: false),
        ])
    }

    /// What cairn says: an error, or one value per row.
    enum Outcome {
        case error(String)
        case column(Column)
    }

    static func cairn(_ text: String, on batch: RecordBatch) -> Outcome {
        do {
            let bound = try ExpressionBinder(schema: batch.schema, qualifier: "data").bind(SQLParser.parseExpression(text))
            return .column(try ExpressionEvaluator().evaluate(bound, on: batch))
        } catch {
            return .error("\(error)")
        }
    }

    /// Whether cairn's value matches DuckDB's encoded one.
    static func same(_ value: Value, _ expected: String?) -> Bool {
        guard let expected else { return value == .null }
        let tag = expected.prefix(2), body = String(expected.dropFirst(2))
        switch (value, tag) {
        case (.boolean(let v), "b:"): return (v ? "1" : "0") == body
        case (.int(let v), "i:"): return String(v) == body
        case (.uint(let v), "i:"): return String(v) == body
        case (.string(let v), "s:"): return Array(v.utf8).map { String(format: "%02x", $0) }.joined() == body
        case (.double(let v), "f:"), (.double(let v), "i:"):
            guard let w = Double(body) else { return false }
            if v.isNaN || w.isNaN { return v.isNaN && w.isNaN }
            if v.isInfinite || w.isInfinite { return v == w }
            return Swift.abs(v - w) <= 1e-9 * Swift.max(Swift.abs(v), Swift.abs(w))
        case (.int(let v), "f:"):
            return Double(body).map { Double(v) == $0 } ?? false
        default: return false
        }
    }

    struct Mismatch: CustomStringConvertible {
        var expression: String
        var detail: String
        var description: String { "\(expression)\n    \(detail)" }
    }

    /// Compares every expression's projection (and, for boolean ones, its filter) with DuckDB.
    static func compare(_ expressions: [(GeneratedExpression, isPredicate: Bool)], on batch: RecordBatch) throws -> (mismatches: [Mismatch], errors: Int) {
        var queries: [String] = []
        for (e, isPredicate) in expressions {
            queries.append("SELECT \(e.duckdb) FROM data ORDER BY rid")
            if isPredicate { queries.append("SELECT rid FROM data WHERE \(e.duckdb) ORDER BY rid") }
        }
        let answers = try DuckDBOracle.run(queries, over: batch)
        var mismatches: [Mismatch] = []
        var errors = 0
        var next = 0
        for (e, isPredicate) in expressions {
            let projection = answers[next]
            next += 1
            let filter: DuckDBOracle.Answer? = isPredicate ? answers[next] : nil
            if isPredicate { next += 1 }
            let ours = cairn(e.cairn, on: batch)
            switch (projection, ours) {
            case (.error, .error):
                errors += 1
                continue
            case (.error(let message), .column):
                mismatches.append(Mismatch(expression: e.cairn, detail: "DuckDB fails (\(message)), cairn does not"))
                continue
            case (.rows, .error(let message)):
                mismatches.append(Mismatch(expression: e.cairn, detail: "cairn fails (\(message)), DuckDB does not"))
                continue
            case (.rows(let expected), .column(let column)):
                guard expected.count == column.count else {
                    mismatches.append(Mismatch(expression: e.cairn, detail: "\(column.count) rows, DuckDB \(expected.count)"))
                    continue
                }
                if let row = expected.indices.first(where: { !same(column.value(at: $0), expected[$0]) }) {
                    mismatches.append(Mismatch(expression: e.cairn, detail: "row \(row): cairn \(column.value(at: row)), DuckDB \(expected[row] ?? "NULL")"))
                    continue
                }
            }
            guard let filter else { continue }
            let bound = try ExpressionBinder(schema: batch.schema).bindCondition(SQLParser.parseExpression(e.cairn))
            let selected: [Int]
            do {
                selected = try ExpressionEvaluator().selectedRows(bound, on: batch)
            } catch {
                mismatches.append(Mismatch(expression: e.cairn, detail: "cairn's filter fails: \(error)"))
                continue
            }
            switch filter {
            case .error(let message):
                mismatches.append(Mismatch(expression: e.cairn, detail: "DuckDB's filter fails: \(message)"))
            case .rows(let rows):
                let expected = rows.map { $0.map { Int($0.dropFirst(2))! } ?? -1 }
                if expected != selected {
                    mismatches.append(Mismatch(expression: e.cairn, detail: "WHERE keeps \(selected), DuckDB \(expected)"))
                }
            }
        }
        return (mismatches, errors)
    }

    /// Floats as text, the part of CAST most likely to drift: thousands of values across the range.
    @Test func floatTextMatchesDuckDB() throws {
        var random = SeededGenerator(seed: 42)
        var floats: [Float] = [], doubles: [Double] = []
        for _ in 0..<3000 {
            let exponent = Double(Int.random(in: -44...37, using: &random))
            floats.append(Float(Double.random(in: 1..<10, using: &random) * Foundation.pow(10, exponent)) * (Bool.random(using: &random) ? 1 : -1))
            doubles.append(Double(bitPattern: UInt64.random(in: 0...0x7FEF_FFFF_FFFF_FFFF, using: &random)))
            doubles.append(Double(Int64.random(in: 1 << 53 ... 1 << 62, using: &random)))
        }
        floats += [67_445_504, 306_104_416, 123_456_792, 4_294_967_296, 1e15, 16_777_216, 0.1, .leastNonzeroMagnitude, .greatestFiniteMagnitude]
        doubles += [1e16, 9.5e15, 1e-5, 0.0001, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 0.1 + 0.2]
        let n = max(floats.count, doubles.count)
        floats += Array(repeating: 1, count: n - floats.count)
        doubles += Array(repeating: 1, count: n - doubles.count)
        let batch = RecordBatch(schema: Schema([Field("f", .float32), Field("d", .float64)]), columns: [
            Column(type: .float32, buffer: .float32(floats)), Column(type: .float64, buffer: .float64(doubles)),
        ])
        let answers = try DuckDBOracle.run(["SELECT CAST(f AS VARCHAR) FROM data ORDER BY rid", "SELECT CAST(d AS VARCHAR) FROM data ORDER BY rid"], over: batch)
        for (k, name) in ["f", "d"].enumerated() {
            guard case .rows(let expected) = answers[k] else { Issue.record("DuckDB failed"); continue }
            let ours = try CastKernel.cast(batch.columns[k], to: .string)
            let differing = (0..<n).filter { !Self.same(ours.value(at: $0), expected[$0]) }
            let examples = differing.prefix(5).map { "\(batch.columns[k].value(at: $0)): cairn \(ours.value(at: $0)), DuckDB \(expected[$0] ?? "NULL")" }
            #expect(differing.isEmpty, "\(name): \(differing.count) of \(n) differ, e.g. \(examples)")
        }
    }

    static let seeds: [UInt64] = Array(1...5)

    static func expressions(seed: UInt64) -> [(GeneratedExpression, isPredicate: Bool)] {
        var generator = ExpressionGenerator(seed: seed &* 7919)
        return (0..<240).map { k in
            let kind: ExpressionGenerator.Kind = k % 5 < 2 ? .boolean : [.integer, .float, .text][k % 5 - 2]
            return (generator.expression(kind, depth: 3), kind == .boolean)
        }
    }

    @Test(arguments: seeds)
    func randomExpressionsMatchDuckDB(seed: UInt64) throws {
        let batch = Self.table(seed: seed, rows: 48)
        let expressions = Self.expressions(seed: seed)
        let (mismatches, errors) = try Self.compare(expressions, on: batch)
        let report = mismatches.prefix(15).map(\.description).joined(separator: "\n")
        #expect(mismatches.isEmpty, "\(mismatches.count) of \(expressions.count) differ:\n\(report)")
        // Errors are part of the semantics, but most expressions should produce values.
        #expect(errors < expressions.count / 3, "\(errors) of \(expressions.count) expressions fail in both engines")
    }

    /// The expressions the seeds above generate use every operator and function.
    @Test func generatedExpressionsCoverEveryConstruct() {
        let text = Self.seeds.flatMap { Self.expressions(seed: $0).map(\.0.cairn) }.joined(separator: "\n")
        for construct in ["+", " - ", "*", "/", "//", "%", "||", "(- ", "=", "<>", "!=", "<=", ">=", " AND ", " OR ", "NOT ", " IN (",
                          "NOT IN", "BETWEEN", "NOT BETWEEN", " LIKE ", " ILIKE ", "NOT LIKE", "NOT ILIKE", "ESCAPE", "IS NULL", "IS NOT NULL",
                          "IS DISTINCT FROM", "IS NOT DISTINCT FROM", "CASE WHEN", "ELSE", "CAST(", "abs(", "round(", "ln(",
                          "log10(", "log1p(", "exp(", "sqrt(", "lower(", "upper(", "length(", "substr(", "substring(", "coalesce(",
                          "NULL", "TRUE", "FALSE", "AS VARCHAR", "AS DOUBLE", "AS FLOAT", "AS INTEGER", "AS UTINYINT", "num AS"] {
            #expect(text.contains(construct), "no generated expression uses \(construct)")
        }
        #expect(text.components(separatedBy: "CASE ").dropFirst().contains { !$0.hasPrefix("WHEN") }, "no simple CASE")
    }
}
