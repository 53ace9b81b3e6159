import Columnar
import Foundation
import Testing
@testable import Parquet

/// cairn reads what pyarrow and DuckDB write, identically: every codec, dictionary on and off, statistics
/// on and off, data pages v1 and v2, the delta and byte-stream-split encodings, INT96, row ranges through
/// the page index. What it cannot represent is refused with the column's name; hostile bytes throw.
@Suite(.serialized) struct ReaderInteropTests {
    static let directory = PythonOracle.temporaryDirectory()

    /// Writes `sample.parquet` variants with pyarrow and prints the values every variant holds.
    nonisolated(unsafe) static let generated: [String: Any] = {
        let script = PythonOracle.prelude + #"""
import datetime, os, random
import pyarrow as pa
random.seed(5)
out = sys.argv[1]
n = 3000
def maybe(f, i): return None if i % 13 == 7 else f(i)
strings = ["", "a", "é", "😀", "zz", "日本語", "x" * 100]
t = pa.table({
  "b": pa.array([maybe(lambda i: i % 3 == 0, i) for i in range(n)], pa.bool_()),
  "i8": pa.array([maybe(lambda i: (i % 256) - 128, i) for i in range(n)], pa.int8()),
  "i16": pa.array([maybe(lambda i: (i * 37 % 65536) - 32768, i) for i in range(n)], pa.int16()),
  "i32": pa.array([maybe(lambda i: random.randint(-2**31, 2**31 - 1), i) for i in range(n)], pa.int32()),
  "i64": pa.array([maybe(lambda i: random.randint(-2**63, 2**63 - 1), i) for i in range(n)], pa.int64()),
  "u8": pa.array([maybe(lambda i: i % 256, i) for i in range(n)], pa.uint8()),
  "u16": pa.array([maybe(lambda i: i * 31 % 65536, i) for i in range(n)], pa.uint16()),
  "u32": pa.array([maybe(lambda i: random.randint(0, 2**32 - 1), i) for i in range(n)], pa.uint32()),
  "u64": pa.array([maybe(lambda i: random.randint(0, 2**64 - 1), i) for i in range(n)], pa.uint64()),
  "f32": pa.array([maybe(lambda i: float(random.choice([0.5, -0.0, float("inf"), 1e-40, 3.25])), i) for i in range(n)], pa.float32()),
  "f64": pa.array([maybe(lambda i: random.uniform(-1e300, 1e300), i) for i in range(n)], pa.float64()),
  "s": pa.array([maybe(lambda i: strings[i % 7] + str(i % 50), i) for i in range(n)], pa.string()),
  "bin": pa.array([maybe(lambda i: bytes([i % 256, 0, 255]), i) for i in range(n)], pa.binary()),
  "d": pa.array([maybe(lambda i: datetime.date(1970, 1, 1) + datetime.timedelta(days=i * 7 - 9000), i) for i in range(n)], pa.date32()),
  "ts": pa.array([maybe(lambda i: i * 1_000_003_123, i) for i in range(n)], pa.timestamp("us", tz="UTC")),
  "tsn": pa.array([maybe(lambda i: i * 999_999_937, i) for i in range(n)], pa.timestamp("ns")),
  "req": pa.array(list(range(n)), pa.int64()),
})
t = t.cast(t.schema.set(t.schema.get_field_index("req"), pa.field("req", pa.int64(), nullable=False)))
files = {}
def write(name, **kw):
    path = os.path.join(out, name + ".parquet")
    pq.write_table(t, path, row_group_size=1000, data_page_size=2048, **kw)
    files[name] = path
for codec in ["snappy", "zstd", "gzip", "none"]:
    for dictionary in [True, False]:
        write(f"{codec}-dict{int(dictionary)}", compression=codec, use_dictionary=dictionary)
write("nostats", write_statistics=False)
# Dictionary pages, then PLAIN once the dictionary is full (checked every write batch).
write("fallback", dictionary_pagesize_limit=64, write_batch_size=100)
write("v2", data_page_version="2.0")
write("v2-plain-gzip", data_page_version="2.0", use_dictionary=False, compression="gzip")
write("delta", use_dictionary=False, data_page_version="2.0", column_encoding={
    "i32": "DELTA_BINARY_PACKED", "i64": "DELTA_BINARY_PACKED", "u64": "DELTA_BINARY_PACKED",
    "s": "DELTA_BYTE_ARRAY", "bin": "DELTA_LENGTH_BYTE_ARRAY", "f32": "BYTE_STREAM_SPLIT", "f64": "BYTE_STREAM_SPLIT"})
write("pageindex", write_page_index=True)
tsn_only = t.select(["tsn", "req"])
pq.write_table(tsn_only, os.path.join(out, "int96.parquet"), use_deprecated_int96_timestamps=True)
files["int96"] = os.path.join(out, "int96.parquet")
print(json.dumps({"files": files, "values": columns_of(t), "types": {f.name: str(f.type) for f in t.schema}}))
"""#
        let output = try! PythonOracle.run(script, arguments: [directory])
        return try! JSONSerialization.jsonObject(with: Data(output.utf8)) as! [String: Any]
    }()

    static var files: [String: String] { generated["files"] as! [String: String] }
    static var values: [String: [Any]] { generated["values"] as! [String: [Any]] }

    func expectMatches(_ batch: RecordBatch, columns: [String]? = nil, rows: Range<Int>? = nil, file: String) {
        for (field, column) in zip(batch.schema.fields, batch.columns) {
            var want = (Self.values[field.name] ?? []).map { ($0 as? String) ?? "null" }
            if let rows { want = Array(want[rows]) }
            let got = ValueSpelling.of(column).map { $0 ?? "null" }
            #expect(got == want, "\(file): column \(field.name)")
        }
    }

    @Test func everyVariantReadsIdentically() throws {
        for (name, path) in Self.files.sorted(by: { $0.key < $1.key }) where name != "int96" {
            let reader = try ParquetFileReader(source: FileByteSource(path: path))
            #expect(reader.rowCount == 3000)
            expectMatches(try reader.read(), file: name)
            // Row group by row group gives the same rows.
            var parts: [RecordBatch] = []
            for g in 0..<reader.rowGroupCount { parts.append(try reader.readRowGroup(g)) }
            #expect(RecordBatch.concatenate(parts, schema: reader.schema).columns.map(ValueSpelling.of)
                    == (try reader.read()).columns.map(ValueSpelling.of), "\(name)")
        }
    }

    /// A string or binary chunk stored as dictionary pages hands up each row's index into its dictionary;
    /// a chunk with any page stored otherwise hands up none.
    @Test func dictionaryChunksHandUpTheirCodes() throws {
        let fallback = try ParquetFileReader(source: FileByteSource(path: Self.files["fallback"]!)).readRowGroup(0)
        let fallbackHasCodes = fallback.columns[fallback.schema.index(of: "s")!].dictionary != nil
        #expect(!fallbackHasCodes, "codes from a chunk with PLAIN pages")
        for name in ["none-dict1", "zstd-dict1", "v2", "pageindex", "none-dict0", "delta"] {
            let reader = try ParquetFileReader(source: FileByteSource(path: Self.files[name]!))
            for group in 0..<reader.rowGroupCount {
                let batch = try reader.readRowGroup(group)
                for field in ["s", "bin"] {
                    let column = batch.columns[batch.schema.index(of: field)!]
                    guard case .bytes(let values) = column.buffer else { Issue.record("\(field) is not bytes"); continue }
                    guard let codes = column.dictionary else {
                        #expect(name == "none-dict0" || name == "delta", "\(name) \(field): no codes")
                        continue
                    }
                    #expect(name != "none-dict0" && name != "delta", "\(name) \(field): codes from plain pages")
                    #expect(codes.indices.count == column.count)
                    for row in 0..<column.count where !column.isNull(row) {
                        let code = Int(codes.indices[row])
                        #expect(code < codes.values.count && values.bytes[values.byteRange(row)] == codes.values.bytes[codes.values.byteRange(code)],
                                "\(name) \(field) row \(row)")
                    }
                }
            }
        }
    }

    @Test func typesMapToCairnTypes() throws {
        let reader = try ParquetFileReader(source: FileByteSource(path: Self.files["zstd-dict1"]!))
        let types = Dictionary(uniqueKeysWithValues: reader.schema.fields.map { ($0.name, $0.type) })
        #expect(types == ["b": .boolean, "i8": .int8, "i16": .int16, "i32": .int32, "i64": .int64, "u8": .uint8, "u16": .uint16,
                          "u32": .uint32, "u64": .uint64, "f32": .float32, "f64": .float64, "s": .string, "bin": .binary,
                          "d": .date32, "ts": .timestamp(.microseconds, utc: true), "tsn": .timestamp(.nanoseconds, utc: false),
                          "req": .int64])
        #expect(reader.schema.field(named: "req")?.nullable == false)
        #expect(reader.schema.field(named: "s")?.nullable == true)
    }

    @Test func int96TimestampsReadAsNanoseconds() throws {
        let reader = try ParquetFileReader(source: FileByteSource(path: Self.files["int96"]!))
        #expect(reader.schema.field(named: "tsn")?.type == .timestamp(.nanoseconds, utc: false))
        expectMatches(try reader.read(), file: "int96")
    }

    @Test func rowRangesEqualSlicesOfAFullRead() throws {
        for name in ["pageindex", "zstd-dict1", "v2"] {
            let reader = try ParquetFileReader(source: FileByteSource(path: Self.files[name]!))
            let full = try reader.read()
            var g = SeededGenerator(seed: 11)
            for _ in 0..<60 {
                let a = Int.random(in: 0...3000, using: &g), b = Int.random(in: 0...3000, using: &g)
                let range = min(a, b)..<max(a, b)
                let columns = ["s", "i64", "b", "d"].shuffled(using: &g)
                let part = try reader.read(columns: columns, rows: range)
                let expected = full.project(columns)!.slice(range)
                #expect(part.schema == expected.schema)
                #expect(part.columns.map(ValueSpelling.of) == expected.columns.map(ValueSpelling.of), "\(name) \(range)")
            }
            #expect(try reader.read(rows: 2999..<3000).rowCount == 1)
            #expect(try reader.read(rows: 5..<5).rowCount == 0)
            #expect(throws: ParquetError.self) { try reader.read(rows: 0..<3001) }
            #expect(throws: ParquetError.invalidArgument("no column 'nope'")) { try reader.read(columns: ["nope"]) }
        }
    }

    @Test func duckDBWrittenFiles() throws {
        let path = Self.directory + "/duck.parquet"
        let script = #"""
import duckdb, json, sys
con = duckdb.connect()
con.execute(f"COPY (SELECT i::BIGINT AS id, 'v' || (i % 17)::VARCHAR AS s, CASE WHEN i % 5 = 0 THEN NULL ELSE (i * 0.5)::DOUBLE END AS x, (i % 3 = 0) AS flag, DATE '2020-01-01' + (i % 400)::INTEGER AS day FROM range(50000) t(i)) TO '{sys.argv[1]}' (FORMAT parquet)")
print("ok")
"""#
        _ = try PythonOracle.run(script, arguments: [path])
        let batch = try ParquetFileReader(source: FileByteSource(path: path)).read()
        #expect(batch.rowCount == 50000)
        let id = batch.column(named: "id")!, s = batch.column(named: "s")!, x = batch.column(named: "x")!, day = batch.column(named: "day")!
        for i in [0, 1, 5, 16, 17, 49_999] {
            #expect(id.value(at: i) == .int(Int64(i)))
            #expect(s.value(at: i) == .string("v\(i % 17)"))
            #expect(x.value(at: i) == (i % 5 == 0 ? .null : .double(Double(i) * 0.5)))
            #expect(day.value(at: i) == .int(Int64(18262 + i % 400)))
        }
    }

    @Test func unsupportedColumnsAreNamed() throws {
        let script = #"""
import sys, decimal
import pyarrow as pa, pyarrow.parquet as pq
pq.write_table(pa.table({"ok": [1, 2], "tags": [[1], [2, 3]]}), sys.argv[1] + "/list.parquet")
pq.write_table(pa.table({"price": pa.array([decimal.Decimal("1.25")], pa.decimal128(5, 2))}), sys.argv[1] + "/decimal.parquet")
print("ok")
"""#
        _ = try PythonOracle.run(script, arguments: [Self.directory])
        #expect(throws: ParquetError.unsupported("nested column 'tags' (LIST)")) {
            try ParquetFileReader(source: FileByteSource(path: Self.directory + "/list.parquet"))
        }
        #expect(throws: ParquetError.unsupported("column 'price' has type DECIMAL")) {
            try ParquetFileReader(source: FileByteSource(path: Self.directory + "/decimal.parquet"))
        }
    }

    @Test func hostileFilesThrowInsteadOfTrapping() throws {
        for name in ["zstd-dict1", "v2-plain-gzip", "delta", "snappy-dict0"] {
            let good = try Array(Data(contentsOf: URL(fileURLWithPath: Self.files[name]!)))
            var g = SeededGenerator(seed: 99)
            // Truncations.
            for cut in stride(from: 0, to: good.count, by: max(1, good.count / 150)) {
                #expect(throwsParquetError { _ = try ParquetFileReader(source: InMemoryByteSource(Array(good.prefix(cut)))).read() })
            }
            // Random byte flips: either a clean error or (when the flip hit padding) a successful read.
            for _ in 0..<400 {
                var bytes = good
                for _ in 0..<Int.random(in: 1...4, using: &g) {
                    bytes[Int.random(in: 0..<bytes.count, using: &g)] = UInt8.random(in: 0...255, using: &g)
                }
                do { _ = try ParquetFileReader(source: InMemoryByteSource(bytes)).read() } catch is ParquetError {} catch {
                    Issue.record("\(name): non-Parquet error \(error)")
                }
            }
        }
        #expect(throws: ParquetError.corrupt("not a Parquet file: 3 bytes is too short to hold PAR1 magic and a footer")) {
            try ParquetFileReader(source: InMemoryByteSource([1, 2, 3]))
        }
    }
}
