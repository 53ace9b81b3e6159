import Columnar
import Foundation
import Testing
@testable import Parquet

/// Every file cairn writes reads back identically in pyarrow and DuckDB, and their filtered reads (which
/// trust our statistics to skip row groups and pages) equal filtering after a full read.
@Suite struct WriterInteropTests {
    static func allTypes(rows: Int, seed: UInt64) -> RecordBatch {
        var g = SeededGenerator(seed: seed)
        func valid() -> [Bool] { (0..<rows).map { i in i % 11 != 5 && UInt8.random(in: 0...255, using: &g) > 20 } }
        func pick<T>(_ specials: [T], _ random: () -> T) -> [T] {
            (0..<rows).map { i in i < specials.count ? specials[i] : random() }
        }
        let strings = ["", "a", "z", "é", "😀", "A longer string that is well past sixty-four bytes so that its statistics get truncated ✓",
                       "\u{7F}", "ÿ", "日本語", "zzzz"]
        let schema = Schema([
            Field("b", .boolean), Field("i8", .int8), Field("i16", .int16), Field("i32", .int32), Field("i64", .int64),
            Field("u8", .uint8), Field("u16", .uint16), Field("u32", .uint32), Field("u64", .uint64),
            Field("f32", .float32), Field("f64", .float64), Field("s", .string), Field("bin", .binary),
            Field("d", .date32), Field("ts_us", .timestamp(.microseconds, utc: true)),
            Field("ts_ns", .timestamp(.nanoseconds, utc: false)), Field("ts_ms", .timestamp(.milliseconds, utc: false)),
            Field("req", .int64, nullable: false),
        ])
        let columns: [Column] = [
            Column(type: .boolean, buffer: .boolean((0..<rows).map { _ in Bool.random(using: &g) }), validity: valid()),
            Column(type: .int8, buffer: .int8(pick([.min, .max, 0, -1], { Int8.random(in: .min ... .max, using: &g) })), validity: valid()),
            Column(type: .int16, buffer: .int16(pick([.min, .max], { Int16.random(in: .min ... .max, using: &g) })), validity: valid()),
            Column(type: .int32, buffer: .int32(pick([.min, .max], { Int32.random(in: -1000...1000, using: &g) })), validity: valid()),
            Column(type: .int64, buffer: .int64(pick([.min, .max, 0], { Int64.random(in: .min ... .max, using: &g) })), validity: valid()),
            Column(type: .uint8, buffer: .uint8(pick([.max, 0, 128], { UInt8.random(in: 0...255, using: &g) })), validity: valid()),
            Column(type: .uint16, buffer: .uint16(pick([.max, 0, 32768], { UInt16.random(in: 0 ... .max, using: &g) })), validity: valid()),
            Column(type: .uint32, buffer: .uint32(pick([.max, 0, 1 << 31], { UInt32.random(in: 0 ... .max, using: &g) })), validity: valid()),
            Column(type: .uint64, buffer: .uint64(pick([.max, 0, 1 << 63, (1 << 63) + 1], { UInt64.random(in: 0 ... .max, using: &g) })), validity: valid()),
            Column(type: .float32, buffer: .float32(pick([.nan, -0.0, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude, .greatestFiniteMagnitude],
                                                         { Float.random(in: -1e6...1e6, using: &g) })), validity: valid()),
            Column(type: .float64, buffer: .float64(pick([-0.0, .nan, 0.0, .infinity, -.infinity, .leastNonzeroMagnitude, 5e-324, .greatestFiniteMagnitude],
                                                         { Double.random(in: -1e12...1e12, using: &g) })), validity: valid()),
            Column(type: .string, buffer: .bytes(VarBinary(strings: pick(strings, { strings[Int.random(in: 0..<strings.count, using: &g)] + String(Int.random(in: 0..<50, using: &g)) }))),
                   validity: valid()),
            Column(type: .binary, buffer: .bytes(VarBinary(strings: pick(["", "\u{0}", "ÿÿ"], { String(UInt32.random(in: 0 ... .max, using: &g), radix: 16) }))),
                   validity: valid()),
            Column(type: .date32, buffer: .int32(pick([0, -719_162, 2_932_896], { Int32.random(in: -20000...40000, using: &g) })), validity: valid()),
            Column(type: .timestamp(.microseconds, utc: true), buffer: .int64(pick([0, -62_135_596_800_000_000], { Int64.random(in: 0...4_000_000_000_000_000, using: &g) })), validity: valid()),
            Column(type: .timestamp(.nanoseconds, utc: false), buffer: .int64(pick([-(1 << 62), 1 << 62], { Int64.random(in: -1 << 60 ... 1 << 60, using: &g) })), validity: valid()),
            Column(type: .timestamp(.milliseconds, utc: false), buffer: .int64(pick([0], { Int64.random(in: 0...4_000_000_000_000, using: &g) })), validity: valid()),
            Column(type: .int64, buffer: .int64((0..<rows).map { Int64($0) })),
        ]
        return RecordBatch(schema: schema, columns: columns)
    }

    func write(_ batch: RecordBatch, _ options: ParquetWriteOptions = ParquetWriteOptions(), to path: String) throws -> ParquetWriteResult {
        var writer = try ParquetWriter(schema: batch.schema, options: options)
        try writer.write(batch)
        let result = try writer.finish()
        try Data(result.bytes).write(to: URL(fileURLWithPath: path))
        return result
    }

    func compareWithOracles(_ batch: RecordBatch, path: String) throws {
        let types = try compareValuesWithOracles(batch, path: path)
        #expect(types["u64"] == "uint64")
        #expect(types["i8"] == "int8")
        #expect(types["s"] == "string")
        #expect(types["bin"] == "binary")
        #expect(types["d"] == "date32[day]")
        #expect(types["ts_us"] == "timestamp[us, tz=UTC]")
        #expect(types["ts_ns"] == "timestamp[ns]")
    }

    /// Every value as pyarrow and DuckDB read the file equals the batch's; returns pyarrow's type names.
    @discardableResult
    func compareValuesWithOracles(_ batch: RecordBatch, path: String) throws -> [String: String] {
        let script = PythonOracle.prelude + #"""
import duckdb
path = sys.argv[1]
t = pq.read_table(path)
out = {"pyarrow": columns_of(t), "types": {f.name: str(f.type) for f in t.schema}}
exprs = []
for f in t.schema:
    q = '"%s"' % f.name
    if pa.types.is_date32(f.type): exprs.append(f"datediff('day', DATE '1970-01-01', {q})")
    elif pa.types.is_timestamp(f.type): exprs.append({"ms": "epoch_ms", "us": "epoch_us", "ns": "epoch_ns"}[f.type.unit] + f"({q})")
    else: exprs.append(q)
rows = duckdb.connect().execute(f"SELECT {', '.join(exprs)} FROM read_parquet(?)", [path]).fetchall()
out["duckdb"] = {f.name: [enc(r[i]) for r in rows] for i, f in enumerate(t.schema)}
print(json.dumps(out))
"""#
        let output = try PythonOracle.run(script, arguments: [path])
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        let pyarrow = json["pyarrow"] as! [String: [Any]]
        let duck = json["duckdb"] as! [String: [Any]]
        for (field, column) in zip(batch.schema.fields, batch.columns) {
            let want = ValueSpelling.of(column).map { $0 ?? "null" }
            let gotArrow = (pyarrow[field.name] ?? []).map { ($0 as? String) ?? "null" }
            let gotDuck = (duck[field.name] ?? []).map { ($0 as? String) ?? "null" }
            #expect(gotArrow == want, "pyarrow, column \(field.name)")
            #expect(gotDuck == want, "duckdb, column \(field.name)")
        }
        return json["types"] as! [String: String]
    }

    @Test(arguments: [0, 1, 3000])
    func everyTypeReadsBackInPyarrowAndDuckDB(rows: Int) throws {
        let dir = PythonOracle.temporaryDirectory()
        let batch = Self.allTypes(rows: rows, seed: UInt64(rows))
        var options = ParquetWriteOptions()
        options.rowGroupRows = 1000
        options.pageBytes = 2000
        _ = try write(batch, options, to: dir + "/all.parquet")
        try compareWithOracles(batch, path: dir + "/all.parquet")
    }

    @Test func everyCodecAndDictionarySetting() throws {
        let dir = PythonOracle.temporaryDirectory()
        let batch = Self.allTypes(rows: 500, seed: 9)
        for codec in [CompressionCodec.uncompressed, .snappy, .gzip, .zstd] {
            for dictionary in [true, false] {
                var options = ParquetWriteOptions()
                options.compression = codec
                options.dictionary = dictionary
                options.rowGroupRows = 200
                let path = dir + "/\(codec)-\(dictionary).parquet"
                _ = try write(batch, options, to: path)
                try compareWithOracles(batch, path: path)
            }
        }
    }

    @Test func filteredReadsEqualFilteringAFullRead() throws {
        let dir = PythonOracle.temporaryDirectory()
        // Sorted-ish columns make row-group and page skipping actually happen.
        var batch = Self.allTypes(rows: 4000, seed: 3)
        for (i, field) in batch.schema.fields.enumerated() where field.type != .boolean {
            let column = batch.columns[i]
            let order = (0..<column.count).sorted { a, b in
                switch (column.value(at: a), column.value(at: b)) {
                case (.null, .null): return a < b
                case (.null, _): return true
                case (_, .null): return false
                case (.double(let x), .double(let y)) where x.isNaN || y.isNaN: return !x.isNaN && y.isNaN
                case (.int(let x), .int(let y)): return x < y
                case (.uint(let x), .uint(let y)): return x < y
                case (.double(let x), .double(let y)): return x < y
                case (.string(let x), .string(let y)): return Array(x.utf8).lexicographicallyPrecedes(Array(y.utf8))
                case (.bytes(let x), .bytes(let y)): return x.lexicographicallyPrecedes(y)
                default: return a < b
                }
            }
            let sorted = order.map { column.slice($0..<($0 + 1)) }
            var merged = Column.empty(column.type)
            for piece in sorted { merged.append(contentsOf: piece) }
            batch.columns[i] = merged
        }
        var options = ParquetWriteOptions()
        options.rowGroupRows = 500
        options.pageBytes = 512
        _ = try write(batch, options, to: dir + "/sorted.parquet")
        let script = PythonOracle.prelude + #"""
import duckdb, datetime
import pyarrow.dataset as ds
path = sys.argv[1]
full = pq.read_table(path)
con = duckdb.connect()
con.execute("CREATE TABLE m AS SELECT * FROM read_parquet(?)", [path])
extra = {"u64": [2**63, 2**63 + 1, 2**64 - 1, 0], "s": ["", "a", "z", "é", "😀", "zz", "\x7f"],
         "f64": [0.0, -0.0, float("inf"), float("-inf")], "f32": [0.0, -0.0, float("inf")],
         "i64": [-2**63, 2**63 - 1], "i8": [-128, 127], "u8": [0, 255, 128]}
ops = {"<": "<", "<=": "<=", "==": "=", ">=": ">=", ">": ">"}
bad = []
checked = 0
for f in full.schema:
    if pa.types.is_boolean(f.type): continue
    vals = pc.unique(full.column(f.name).drop_null())
    if pa.types.is_floating(f.type): vals = vals.filter(pc.invert(pc.is_nan(vals)))
    vals = vals.take(pc.array_sort_indices(vals))
    picks = [vals[int(i * (len(vals) - 1) / 10)] for i in range(11)] if len(vals) else []
    for v in picks + [pa.scalar(t, type=f.type) for t in extra.get(f.name, [])]:
        for op, sql in ops.items():
            expr = {"<": ds.field(f.name) < v, "<=": ds.field(f.name) <= v, "==": ds.field(f.name) == v,
                    ">=": ds.field(f.name) >= v, ">": ds.field(f.name) > v}[op]
            want = full.filter(expr).num_rows
            got = pq.read_table(path, filters=expr).num_rows
            if got != want: bad.append(f"pyarrow {f.name} {op} {v}: {got} rows, full read {want}")
            try: t = v.as_py()
            except ValueError: continue  # nanosecond timestamps outside datetime's range
            q = '"%s"' % f.name
            want2 = con.execute(f"SELECT count(*) FROM m WHERE {q} {sql} ?", [t]).fetchone()[0]
            got2 = con.execute(f"SELECT count(*) FROM read_parquet(?) WHERE {q} {sql} ?", [path, t]).fetchone()[0]
            if got2 != want2: bad.append(f"duckdb {f.name} {sql} {t!r}: {got2} rows, full read {want2}")
            checked += 1
print(json.dumps({"bad": bad, "checked": checked}))
"""#
        let output = try PythonOracle.run(script, arguments: [dir + "/sorted.parquet"])
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect((json["bad"] as! [String]) == [])
        #expect((json["checked"] as! Int) > 500)
    }

    @Test func aMillionRowsAcrossRowGroupsAndPages() throws {
        let dir = PythonOracle.temporaryDirectory()
        let rows = 1_100_000
        let schema = Schema([Field("id", .int64, nullable: false), Field("type", .string), Field("x", .float64)])
        let types = (0..<30).map { "celltype_\($0)" }
        let batch = RecordBatch(schema: schema, columns: [
            Column(type: .int64, buffer: .int64((0..<rows).map(Int64.init))),
            Column(type: .string, buffer: .bytes(VarBinary(strings: (0..<rows).map { types[$0 % 30] })),
                   validity: (0..<rows).map { $0 % 97 != 0 }),
            Column(type: .float64, buffer: .float64((0..<rows).map { Double($0) * 0.5 })),
        ])
        let result = try write(batch, to: dir + "/big.parquet")
        #expect(result.rows == rows)
        let script = #"""
import json, sys
import pyarrow.parquet as pq, duckdb
p = sys.argv[1]
t = pq.read_table(p)
md = pq.ParquetFile(p).metadata
ids = t.column("id").to_pylist()
ty = t.column("type").to_pylist()
x = t.column("x").to_pylist()
ok = ids == list(range(len(ids))) and all((ty[i] is None) == (i % 97 == 0) and (ty[i] is None or ty[i] == "celltype_%d" % (i % 30)) for i in range(len(ty))) and all(x[i] == i * 0.5 for i in range(len(x)))
rg = md.row_group(0)
print(json.dumps({"ok": ok, "rows": t.num_rows, "row_groups": md.num_row_groups,
  "dict": "RLE_DICTIONARY" in str(rg.column(1).encodings), "stats_min": rg.column(0).statistics.min,
  "has_index": rg.column(0).has_column_index and rg.column(0).has_offset_index,
  "duck": duckdb.connect().execute("SELECT count(*), sum(id), count(type) FROM read_parquet(?)", [p]).fetchone()}))
"""#
        let output = try PythonOracle.run(script, arguments: [dir + "/big.parquet"])
        let json = try JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
        #expect(json["ok"] as? Bool == true)
        #expect(json["rows"] as? Int == rows)
        #expect(json["row_groups"] as? Int == 9)
        #expect(json["dict"] as? Bool == true)
        #expect(json["stats_min"] as? Int == 0)
        #expect(json["has_index"] as? Bool == true)
        let duck = json["duck"] as! [Int]
        #expect(duck == [rows, rows * (rows - 1) / 2, rows - (rows + 96) / 97])
    }

    @Test func resultRangesPointAtTheMetadata() throws {
        let batch = Self.allTypes(rows: 300, seed: 1)
        var writer = try ParquetWriter(schema: batch.schema)
        try writer.write(batch)
        let result = try writer.finish()
        let metadata = try FileFooter.decode(Array(result.bytes[result.footer]))
        #expect(metadata.numRows == 300)
        #expect(try FileFooter.metadataRange(tail: Array(result.bytes.suffix(8)), fileSize: result.bytes.count) == result.footer)
        let chunk = metadata.rowGroups[0].columns[3]
        let columnIndexStart = Int(chunk.columnIndexOffset!)
        #expect(result.columnIndex!.contains(columnIndexStart))
        var r = ThriftCompactReader(Array(result.bytes[columnIndexStart..<(columnIndexStart + Int(chunk.columnIndexLength!))]))
        let index = try ColumnIndex(from: &r)
        #expect(index.nullPages.count >= 1)
        let offsetStart = Int(chunk.offsetIndexOffset!)
        #expect(result.offsetIndex!.contains(offsetStart))
        #expect(result.offsetIndex!.upperBound == result.footer.lowerBound)
        // File-level statistics as values.
        #expect(result.statistics[8].max == .uint(UInt64.max))
        #expect(result.statistics[4].min == .int(Int64.min))
        #expect(result.statistics[10].min == .double(-.infinity))
        #expect(result.statistics[17].nullCount == 0)
    }

    @Test func mismatchedBatchesAreRefused() throws {
        var writer = try ParquetWriter(schema: Schema([Field("a", .int64, nullable: false)]))
        #expect(throws: ParquetError.self) {
            try writer.write(RecordBatch(schema: Schema([Field("b", .int64)]), columns: [Column(type: .int64, buffer: .int64([1]))]))
        }
        #expect(throws: ParquetError.invalidArgument("column 'a' holds nulls but is not nullable")) {
            try writer.write(RecordBatch(schema: Schema([Field("a", .int64)]), columns: [Column(type: .int64, buffer: .int64([1]), validity: [false])]))
            _ = try writer.finish()
        }
    }
}
