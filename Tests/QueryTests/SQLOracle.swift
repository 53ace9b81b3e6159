import Columnar
import Foundation

/// Runs queries in a reference SQL engine, DuckDB (through `/usr/bin/env python3`, where pip installed
/// duckdb and pyarrow) or SQLite (Python's standard `sqlite3`), over tables built from `RecordBatch`es,
/// and returns each query's rows, exactly encoded. Queries are written in DuckDB's dialect, DuckDB's
/// semantics being the reference; SQLite is a second, independent engine, compared only where its answer
/// equals DuckDB's (`SecondOracle`).
///
/// SQLite has no boolean or unsigned 64-bit type: booleans are loaded as the integers 0 and 1, and a
/// uint64 column holding a value above `Int64.max` is left out, a query naming it answered `unsupported`.
/// NaN is NULL there. Its LIKE is made case-sensitive and the last ORDER BY of a query puts NULLs last, as
/// DuckDB's do.
enum SQLOracle {
    enum Engine: String, CustomStringConvertible {
        case duckdb, sqlite
        var description: String { self == .duckdb ? "DuckDB" : "SQLite" }
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One query's answer: the error the engine raised, its rows, or `unsupported` where the engine cannot
    /// hold the data the query reads (nothing to compare).
    enum Answer<Row> {
        case error(String)
        case rows([Row])
        case unsupported(String)

        func map<T>(_ transform: (Row) -> T) -> Answer<T> {
            switch self {
            case .error(let message): return .error(message)
            case .rows(let rows): return .rows(rows.map(transform))
            case .unsupported(let reason): return .unsupported(reason)
            }
        }
    }

    /// The first column of every row.
    typealias ColumnAnswer = Answer<String?>
    /// Every column of every row.
    typealias TableAnswer = Answer<[String?]>

    /// Runs every query against the table `data`: `batch`'s columns plus `rid`, the row position.
    /// Values come back as `b:0|1`, `i:<digits>`, `f:<repr>` (so `nan`, `inf`, `-0.0` survive) or
    /// `s:<hex of UTF-8>`; NULL as nil.
    static func run(_ queries: [String], over batch: RecordBatch, in engine: Engine) throws -> [ColumnAnswer] {
        var columns = batch.schema.fields.indices.map { columnPayload(batch, $0) }
        columns.append(["name": "rid", "type": "int64", "values": (0..<batch.rowCount).map(String.init)])
        return try run(queries, tablePayloads: ["data": columns], in: engine).map { $0.map { $0.first ?? nil } }
    }

    /// Runs every query against `tables`, each registered under its name; values encoded as above.
    static func run(_ queries: [String], over tables: [String: RecordBatch], in engine: Engine) throws -> [TableAnswer] {
        try run(queries, tablePayloads: tables.mapValues { batch in batch.schema.fields.indices.map { columnPayload(batch, $0) } }, in: engine)
    }

    private static func run(_ queries: [String], tablePayloads: [String: [[String: Any]]], in engine: Engine) throws -> [TableAnswer] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.json"), output = directory.appendingPathComponent("output.json")
        let sent = engine == .sqlite ? queries.map(nullsLastOrder) : queries
        try JSONSerialization.data(withJSONObject: ["engine": engine.rawValue, "tables": tablePayloads, "queries": sent] as [String: Any]).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input.path, output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed (\(engine)): \(String(decoding: errorData, as: UTF8.self))")
        }
        guard let answers = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: Any]] else {
            throw Failure(description: "unreadable oracle output")
        }
        return answers.map { answer in
            if let message = answer["error"] as? String { return .error(message) }
            if let reason = answer["unsupported"] as? String { return .unsupported(reason) }
            return .rows((answer["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } })
        }
    }

    /// The query with NULLS LAST on each key of its final, top-level ORDER BY (DuckDB's default order,
    /// where SQLite puts NULLs first).
    static func nullsLastOrder(_ query: String) -> String {
        guard let order = query.range(of: " ORDER BY ", options: .backwards), !query[order.upperBound...].contains(")") else { return query }
        let keys = query[order.upperBound...].split(separator: ",").map { key in
            key.uppercased().contains("NULLS") ? String(key) : key.trimmingCharacters(in: .whitespaces) + " NULLS LAST"
        }
        return query[..<order.upperBound] + keys.joined(separator: ", ")
    }

    /// A column as JSON: its Arrow type and exact values (integers as text, floats as bit patterns,
    /// text as UTF-8 hex).
    private static func columnPayload(_ batch: RecordBatch, _ index: Int) -> [String: Any] {
        let field = batch.schema.fields[index], column = batch.columns[index]
        let arrowType: String
        switch field.type {
        case .boolean: arrowType = "bool"
        case .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64: arrowType = field.type.description
        case .float32: arrowType = "float32"
        case .float64: arrowType = "float64"
        default: arrowType = "string"
        }
        let values: [Any] = (0..<column.count).map { row -> Any in
            switch column.value(at: row) {
            case .null: return NSNull()
            case .boolean(let b): return b
            case .int(let v): return String(v)
            case .uint(let v): return String(v)
            case .double(let v):
                return field.type == .float32 ? String(Float(v).bitPattern) : String(v.bitPattern)
            case .string(let s): return Array(s.utf8).map { String(format: "%02x", $0) }.joined()
            case .bytes(let b): return b.map { String(format: "%02x", $0) }.joined()
            }
        }
        return ["name": field.name, "type": arrowType, "values": values]
    }

    private static let script = #"""
import json, re, struct, sys
spec = json.load(open(sys.argv[1]))
def values(t, vs):
    if t == "bool": return vs
    if t == "float32": return [None if v is None else struct.unpack("<f", struct.pack("<I", int(v)))[0] for v in vs]
    if t == "float64": return [None if v is None else struct.unpack("<d", struct.pack("<Q", int(v)))[0] for v in vs]
    if t == "string": return [None if v is None else bytes.fromhex(v).decode("utf-8") for v in vs]
    return [None if v is None else int(v) for v in vs]
tables = {name: [(c["name"], c["type"], values(c["type"], c["values"])) for c in columns] for name, columns in spec["tables"].items()}
omitted = set()
if spec["engine"] == "duckdb":
    import duckdb, pyarrow as pa
    con = duckdb.connect()
    con.execute("SET threads = 1")
    keep = []
    for name, columns in tables.items():
        arrays = [pa.array(vs, pa.bool_() if t == "bool" else getattr(pa, t)()) for _, t, vs in columns]
        keep.append(pa.Table.from_arrays(arrays, names=[n for n, _, _ in columns]))
        con.register(name, keep[-1])
else:
    import sqlite3
    con = sqlite3.connect(":memory:")
    con.execute("PRAGMA case_sensitive_like = ON")
    for name, columns in tables.items():
        kept = []
        for n, t, vs in columns:
            if t == "uint64" and any(v is not None and v >= 2**63 for v in vs): omitted.add(n)
            else: kept.append((n, t, vs))
        kinds = {"bool": "INTEGER", "float32": "REAL", "float64": "REAL", "string": "TEXT"}
        con.execute('CREATE TABLE "%s" (%s)' % (name, ", ".join('"%s" %s' % (n, kinds.get(t, "INTEGER")) for n, t, _ in kept)))
        con.executemany('INSERT INTO "%s" VALUES (%s)' % (name, ", ".join("?" for _ in kept)), list(zip(*[vs for _, _, vs in kept])))
def enc(v):
    if v is None: return None
    if isinstance(v, bool): return "b:" + ("1" if v else "0")
    if isinstance(v, int): return "i:%d" % v
    if isinstance(v, float): return "f:" + repr(v)
    if isinstance(v, str): return "s:" + v.encode("utf-8").hex()
    return "x:" + repr(v)
out = []
for q in spec["queries"]:
    try:
        out.append({"rows": [[enc(v) for v in r] for r in con.execute(q).fetchall()]})
    except Exception as e:
        message = str(e).split("\n")[0]
        missing = re.match(r"no such column: (?:\w+\.)?(\w+)$", message)
        out.append({"unsupported": message} if missing and missing.group(1) in omitted else {"error": message})
json.dump(out, open(sys.argv[2], "w"))
"""#

    // MARK: - Comparing answers

    /// Whether cairn's value matches an engine's encoded one: integers and floats by value (floats within
    /// 1e-9 relative, NaN equal to NaN), text exactly. With `booleansAsIntegers` (SQLite, which has no
    /// boolean type), a boolean equals the integer 0 or 1.
    static func same(_ value: Value, _ expected: String?, booleansAsIntegers: Bool = false) -> Bool {
        guard let expected else { return value == .null }
        let tag = expected.prefix(2), body = String(expected.dropFirst(2))
        switch (value, tag) {
        case (.boolean(let v), "b:"): return (v ? "1" : "0") == body
        case (.boolean(let v), "i:") where booleansAsIntegers: return (v ? "1" : "0") == body
        case (.int(let v), "b:") where booleansAsIntegers: return String(v) == body
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

    /// An encoded value as a `Value` (booleans as booleans, integers above `Int64.max` as `uint`).
    static func decode(_ encoded: String?) -> Value {
        guard let encoded else { return .null }
        let body = String(encoded.dropFirst(2))
        switch encoded.prefix(2) {
        case "b:": return .boolean(body == "1")
        case "i:": return Int64(body).map(Value.int) ?? UInt64(body).map(Value.uint) ?? .string(encoded)
        case "f:": return Double(body).map(Value.double) ?? .string(encoded)
        case "s:":
            var bytes: [UInt8] = [], index = body.startIndex
            while index < body.endIndex, let next = body.index(index, offsetBy: 2, limitedBy: body.endIndex) {
                bytes.append(UInt8(body[index..<next], radix: 16) ?? 0)
                index = next
            }
            return .string(String(decoding: bytes, as: UTF8.self))
        default: return .string(encoded)
        }
    }

    /// Rows of values, in order, the form both sides of a comparison take.
    static func rows(of batch: RecordBatch) -> [[Value]] {
        (0..<batch.rowCount).map { row in batch.columns.map { $0.value(at: row) } }
    }

    enum Comparison: Equatable {
        case same
        case bothFailed
        case differ(String)
    }

    /// `ours` (cairn's rows, or those of the engine `oursFrom`) against an engine's answer: the same rows
    /// in the same order (every query orders its rows), or both failed, or the first difference. Booleans
    /// equal 0 and 1 where either side is SQLite.
    static func compare(_ ours: Result<[[Value]], any Error>, _ answer: TableAnswer, from engine: Engine, oursFrom: Engine? = nil) -> Comparison {
        let booleansAsIntegers = engine == .sqlite || oursFrom == .sqlite
        let oursName = oursFrom?.description ?? "cairn"
        switch (ours, answer) {
        case (_, .unsupported(let reason)): return .differ("\(engine) cannot run it: \(reason)")
        case (.failure, .error): return .bothFailed
        case (.failure(let error), .rows): return .differ("\(oursName) fails (\(error)), \(engine) does not")
        case (.success, .error(let message)): return .differ("\(engine) fails (\(message)), \(oursName) does not")
        case (.success(let rows), .rows(let expected)):
            guard rows.count == expected.count else { return .differ("\(rows.count) rows, \(engine) \(expected.count)") }
            for (row, (values, encoded)) in zip(rows, expected).enumerated() {
                guard values.count == encoded.count else { return .differ("\(values.count) columns, \(engine) \(encoded.count)") }
                if let column = values.indices.first(where: { !same(values[$0], encoded[$0], booleansAsIntegers: booleansAsIntegers) }) {
                    return .differ("row \(row) column \(column): \(oursName) \(values[column]), \(engine) \(encoded[column] ?? "NULL")")
                }
            }
            return .same
        }
    }
}

/// SQLite as a second oracle: a query is in the agreed subset when SQLite's answer equals DuckDB's under
/// the suites' rules (`SQLOracle.compare`: same rows in order, floats within 1e-9, booleans as 0/1), or
/// when SQLite, DuckDB and cairn all fail. On the agreed subset cairn must equal SQLite too. Where the two
/// engines differ (SQLite's integer division, dynamic types, NaN as NULL, missing functions such as ILIKE,
/// overflow turning into floats) DuckDB alone is the reference.
struct SecondOracle {
    /// Queries seen, and those in the agreed subset with rows and with all three failing.
    private(set) var queries = 0, agreedRows = 0, agreedFailures = 0
    var agreed: Int { agreedRows + agreedFailures }

    /// Counts the query and, when it is in the agreed subset, returns how cairn differs from SQLite, if it does.
    mutating func check(_ ours: Result<[[Value]], any Error>, duckdb: SQLOracle.TableAnswer, sqlite: SQLOracle.TableAnswer) -> String? {
        queries += 1
        let decoded: Result<[[Value]], any Error>
        switch sqlite {
        case .unsupported: return nil
        case .error(let message): decoded = .failure(SQLOracle.Failure(description: message))
        case .rows(let rows): decoded = .success(rows.map { $0.map(SQLOracle.decode) })
        }
        switch SQLOracle.compare(decoded, duckdb, from: .duckdb, oursFrom: .sqlite) {
        case .differ: return nil
        case .bothFailed:
            guard case .failure = ours else { return nil }
            agreedFailures += 1
            return nil
        case .same:
            agreedRows += 1
            if case .differ(let detail) = SQLOracle.compare(ours, sqlite, from: .sqlite) { return detail }
            return nil
        }
    }

    var summary: String { "SQLite agrees with DuckDB on \(agreed) of \(queries) queries (\(agreedRows) with rows, \(agreedFailures) failing in all three engines)" }
}
