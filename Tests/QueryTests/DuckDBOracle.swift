import Columnar
import Foundation

/// Runs queries in DuckDB (through `/usr/bin/env python3`, where pip installed duckdb and pyarrow)
/// over a table built from a `RecordBatch`, and returns each query's rows, exactly encoded.
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
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-query-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let input = directory.appendingPathComponent("input.json"), output = directory.appendingPathComponent("output.json")
        let payload: [String: Any] = ["columns": batch.schema.fields.indices.map { columnPayload(batch, $0) }, "queries": queries]
        try JSONSerialization.data(withJSONObject: payload).write(to: input)

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
            return .rows((answer["rows"] as? [Any] ?? []).map { $0 as? String })
        }
    }

    /// A column as JSON: its Arrow type and exact values (integers as text, floats as bit patterns,
    /// text as UTF-8 hex).
    static func columnPayload(_ batch: RecordBatch, _ index: Int) -> [String: Any] {
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
arrays, names = [], []
for c in spec["columns"]:
    t, vs = c["type"], c["values"]
    if t == "bool": arr = pa.array(vs, pa.bool_())
    elif t == "float32": arr = pa.array([None if v is None else struct.unpack("<f", struct.pack("<I", int(v)))[0] for v in vs], pa.float32())
    elif t == "float64": arr = pa.array([None if v is None else struct.unpack("<d", struct.pack("<Q", int(v)))[0] for v in vs], pa.float64())
    elif t == "string": arr = pa.array([None if v is None else bytes.fromhex(v).decode("utf-8") for v in vs], pa.string())
    else: arr = pa.array([None if v is None else int(v) for v in vs], getattr(pa, t)())
    arrays.append(arr); names.append(c["name"])
arrays.append(pa.array(range(len(arrays[0])), pa.int64())); names.append("rid")
data = pa.Table.from_arrays(arrays, names=names)
con = duckdb.connect()
con.execute("SET threads = 1")
con.register("data", data)
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
        out.append({"rows": [enc(r[0]) for r in con.execute(q).fetchall()]})
    except Exception as e:
        out.append({"error": str(e).split("\n")[0]})
json.dump(out, open(sys.argv[2], "w"))
"""#
}
