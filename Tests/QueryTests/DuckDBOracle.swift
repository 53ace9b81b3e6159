import Columnar
import Foundation

/// Runs queries in DuckDB (through `/usr/bin/env python3`, where pip installed duckdb and pyarrow)
/// over tables built from `RecordBatch`es, and returns each query's rows, exactly encoded.
enum DuckDBOracle {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// One query's answer: the error DuckDB raised, or the first column of every row.
    enum Answer {
        case error(String)
        case rows([String?])
    }

    /// Runs every query against the table `data`: `batch`'s columns plus `rid`, the row position.
    /// Values come back as `b:0|1`, `i:<digits>`, `f:<repr>` (so `nan`, `inf`, `-0.0` survive) or
    /// `s:<hex of UTF-8>`; NULL as nil.
    static func run(_ queries: [String], over batch: RecordBatch) throws -> [Answer] {
        var columns = batch.schema.fields.indices.map { columnPayload(batch, $0) }
        columns.append(["name": "rid", "type": "int64", "values": (0..<batch.rowCount).map(String.init)])
        return try run(queries, tablePayloads: ["data": columns]).map { answer in
            switch answer {
            case .error(let message): return .error(message)
            case .rows(let rows): return .rows(rows.map { $0.first ?? nil })
            }
        }
    }

    /// One query's answer over several tables: the error DuckDB raised, or every column of every row.
    enum TableAnswer {
        case error(String)
        case rows([[String?]])
    }

    /// Runs every query against `tables`, each registered under its name; values encoded as above.
    static func run(_ queries: [String], over tables: [String: RecordBatch]) throws -> [TableAnswer] {
        try run(queries, tablePayloads: tables.mapValues { batch in batch.schema.fields.indices.map { columnPayload(batch, $0) } })
    }

    private static func run(_ queries: [String], tablePayloads: [String: [[String: Any]]]) throws -> [TableAnswer] {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.json"), output = directory.appendingPathComponent("output.json")
        try JSONSerialization.data(withJSONObject: ["tables": tablePayloads, "queries": queries] as [String: Any]).write(to: input)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, input.path, output.path]
        let errors = Pipe()
        process.standardError = errors
        try process.run()
        let errorData = errors.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed: \(String(decoding: errorData, as: UTF8.self))")
        }
        guard let answers = try JSONSerialization.jsonObject(with: Data(contentsOf: output)) as? [[String: Any]] else {
            throw Failure(description: "unreadable oracle output")
        }
        return answers.map { answer in
            if let message = answer["error"] as? String { return .error(message) }
            return .rows((answer["rows"] as? [[Any]] ?? []).map { $0.map { $0 as? String } })
        }
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
import json, struct, sys
import duckdb, pyarrow as pa
spec = json.load(open(sys.argv[1]))
con = duckdb.connect()
con.execute("SET threads = 1")
keep = []
for name, columns in spec["tables"].items():
    arrays, names = [], []
    for c in columns:
        t, vs = c["type"], c["values"]
        if t == "bool": arr = pa.array(vs, pa.bool_())
        elif t == "float32": arr = pa.array([None if v is None else struct.unpack("<f", struct.pack("<I", int(v)))[0] for v in vs], pa.float32())
        elif t == "float64": arr = pa.array([None if v is None else struct.unpack("<d", struct.pack("<Q", int(v)))[0] for v in vs], pa.float64())
        elif t == "string": arr = pa.array([None if v is None else bytes.fromhex(v).decode("utf-8") for v in vs], pa.string())
        else: arr = pa.array([None if v is None else int(v) for v in vs], getattr(pa, t)())
        arrays.append(arr); names.append(c["name"])
    table = pa.Table.from_arrays(arrays, names=names)
    keep.append(table)
    con.register(name, table)
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
        out.append({"error": str(e).split("\n")[0]})
json.dump(out, open(sys.argv[2], "w"))
"""#
}
