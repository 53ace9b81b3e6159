import Columnar
import Foundation
import Testing
@testable import Interchange

/// The Arrow IPC stream writer, read back by pyarrow (`pyarrow.ipc.open_stream`), the reader users have.
@Suite struct ArrowStreamWriterTests {
    /// Collects a stream in memory.
    struct MemorySink: ArrowByteSink {
        var bytes: [UInt8] = []
        mutating func write(_ chunk: UnsafeRawBufferPointer) throws { bytes.append(contentsOf: chunk) }
    }

    /// Reads a stream file with pyarrow and prints, per batch, each column as JSON; with "file", reads the
    /// IPC file format memory-mapped (its footer's blocks, not a scan of the stream inside it).
    static let reader = #"""
import sys, json, pyarrow as pa
if sys.argv[2] == "file":
    r = pa.ipc.open_file(pa.memory_map(sys.argv[1]))
    batches = [r.get_batch(i) for i in range(r.num_record_batches)]
else:
    r = pa.ipc.open_stream(open(sys.argv[1], "rb"))
    batches = list(r)
print(json.dumps([str(f.type) + (" null" if f.nullable else "") for f in r.schema]))
for batch in batches:
    batch.validate(full=True)
    print(json.dumps(batch.to_pydict()))
"""#

    func python(_ path: String, format: String = "stream") throws -> [String] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.reader, path, format]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        let problem = String(decoding: err.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(problem)")
        return String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
    }

    static let fields = [
        ArrowField("i8", .int(bits: 8, signed: true)), ArrowField("u16", .int(bits: 16, signed: false)),
        ArrowField("i32", .int(bits: 32, signed: true), nullable: true), ArrowField("u64", .int(bits: 64, signed: false)),
        ArrowField("f32", .float32), ArrowField("f64", .float64, nullable: true), ArrowField("flag", .bool, nullable: true),
        ArrowField("name", .utf8, nullable: true),
        ArrowField("tokens", .list(ArrowField("item", .int(bits: 16, signed: false)))),
        ArrowField("values", .list(ArrowField("item", .float32))),
    ]

    /// Batch 0 has three rows of every type, batch 1 none.
    static func columns(batch: Int) -> (rows: Int, columns: [ArrowArray]) {
        let rows = batch == 0 ? 3 : 0
        let b = Int8(batch)
        return (rows, [
            .fixed(count: rows, validity: nil, values: ArrowBuffer([Int8](repeating: -5 + b, count: rows))),
            .fixed(count: rows, validity: nil, values: ArrowBuffer((0..<rows).map { UInt16(60000 + $0) })),
            .fixed(count: rows, validity: (0..<rows).map { $0 != 1 }, values: ArrowBuffer((0..<rows).map { Int32(-$0) })),
            .fixed(count: rows, validity: nil, values: ArrowBuffer((0..<rows).map { UInt64.max - UInt64($0) })),
            .fixed(count: rows, validity: nil, values: ArrowBuffer((0..<rows).map { Float($0) + 0.5 })),
            .fixed(count: rows, validity: (0..<rows).map { $0 != 0 }, values: ArrowBuffer((0..<rows).map { Double($0) * 1e300 })),
            .bool(values: (0..<rows).map { $0 % 2 == 0 }, validity: (0..<rows).map { $0 != 2 }),
            ArrowArray.from(Column(type: .string, buffer: .bytes(VarBinary(strings: ["B cell", "", "ünïcode"].prefix(rows).map { $0 })),
                                   validity: [true, false, true].prefix(rows).map { $0 })).array,
            .list(offsets: [0, 2, 2, 5].prefix(rows + 1).map { $0 },
                  element: .fixed(count: 5, validity: nil, values: ArrowBuffer([UInt16](arrayLiteral: 1, 2, 3, 4, 65535))), validity: nil),
            .list(offsets: [0, 1, 3, 3].prefix(rows + 1).map { $0 },
                  element: .fixed(count: 3, validity: nil, values: ArrowBuffer([Float](arrayLiteral: 0.25, 1, 2))), validity: nil),
        ])
    }

    static let expected = [
        #"["int8", "uint16", "int32 null", "uint64", "float", "double null", "bool null", "string null", "list<item: uint16 not null>", "list<item: float not null>"]"#,
        #"{"i8": [-5, -5, -5], "u16": [60000, 60001, 60002], "i32": [0, null, -2], "u64": [18446744073709551615, 18446744073709551614, 18446744073709551613], "f32": [0.5, 1.5, 2.5], "f64": [null, 1e+300, 2e+300], "flag": [true, false, null], "name": ["B cell", null, "\u00fcn\u00efcode"], "tokens": [[1, 2], [], [3, 4, 65535]], "values": [[0.25], [1.0, 2.0], []]}"#,
        #"{"i8": [], "u16": [], "i32": [], "u64": [], "f32": [], "f64": [], "flag": [], "name": [], "tokens": [], "values": []}"#,
    ]

    /// The two batches of `columns(batch:)`, handed to a writer.
    static func writeBatches(_ write: (Int, [ArrowArray]) throws -> Void) throws {
        for batch in 0..<2 {
            let (rows, columns) = columns(batch: batch)
            try write(rows, columns)
        }
    }

    @Test func everyTypeReadsBackInPyArrow() throws {
        var writer = try ArrowStreamWriter(sink: MemorySink(), fields: Self.fields)
        try Self.writeBatches { try writer.write(rows: $0, columns: $1) }
        try writer.finish()
        let path = NSTemporaryDirectory() + "arrow-\(UUID().uuidString).arrows"
        try Data(writer.sink.bytes).write(to: URL(fileURLWithPath: path))
        #expect(try python(path) == Self.expected)
    }

    /// The file format: the same batches, found through the footer by a reader that maps the file; and
    /// every block the footer lists starts a message at an 8-byte boundary.
    @Test func theFileFormatReadsBackMapped() throws {
        var writer = try ArrowFileWriter(sink: MemorySink(), fields: Self.fields)
        try Self.writeBatches { try writer.write(rows: $0, columns: $1) }
        try writer.finish()
        let bytes = writer.sink.bytes
        #expect(Array(bytes.prefix(6)) == Array("ARROW1".utf8) && Array(bytes.suffix(6)) == Array("ARROW1".utf8))
        let path = NSTemporaryDirectory() + "arrow-\(UUID().uuidString).arrow"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try python(path, format: "file") == Self.expected)
        // The stream inside reads as a stream too (after the 8 bytes of magic).
        let stream = NSTemporaryDirectory() + "arrow-\(UUID().uuidString).arrows"
        try Data(bytes.dropFirst(8)).write(to: URL(fileURLWithPath: stream))
        #expect(try python(stream) == Self.expected)
    }

    @Test func aFileWithNoBatchesHasItsSchema() throws {
        var writer = try ArrowFileWriter(sink: MemorySink(), fields: [ArrowField("cell_id", .int(bits: 64, signed: true))])
        try writer.finish()
        let path = NSTemporaryDirectory() + "arrow-\(UUID().uuidString).arrow"
        try Data(writer.sink.bytes).write(to: URL(fileURLWithPath: path))
        #expect(try python(path, format: "file") == [#"["int64"]"#])
    }

    @Test func aStreamWithNoBatchesHasItsSchema() throws {
        var writer = try ArrowStreamWriter(sink: MemorySink(), fields: [ArrowField("cell_id", .int(bits: 64, signed: true))])
        try writer.finish()
        let path = NSTemporaryDirectory() + "arrow-\(UUID().uuidString).arrows"
        try Data(writer.sink.bytes).write(to: URL(fileURLWithPath: path))
        #expect(try python(path) == [#"["int64"]"#])
        #expect(writer.sink.bytes.count % 8 == 0)
    }
}
