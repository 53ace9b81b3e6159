import Columnar
import Foundation
import Testing
@testable import Interchange

/// Reads the same generated CSV with cairn and with pyarrow.csv (in a `python3` subprocess) and
/// compares every value.
///
/// pyarrow runs with null_values ["", "NA", "null", "NULL"] and quoted_strings_can_be_null=False,
/// matching `CSVNullRules` except that pyarrow also nulls `NA` in string columns, so generated
/// strings never spell a null. Where types legitimately differ, values are compared in pyarrow's type:
/// - timestamps: cairn always infers `timestamp[us]`; pyarrow picks `[s]` or `[ns]` from the finest
///   fraction it sees. Values are compared in microseconds (the data has no finer digits).
/// - integers above Int64.max: cairn infers `uint64` (exact), pyarrow `double` (rounded).
/// - integers beyond UInt64: cairn keeps them as `string` (exact), pyarrow `double`.
@Suite struct PyArrowDifferentialTests {
    static let pyarrowAvailable: Bool = (try? runPython("import pyarrow.csv")) != nil

    @Test(.enabled(if: PyArrowDifferentialTests.pyarrowAvailable, "needs python3 with pyarrow"))
    func valuesMatchPyArrow() throws {
        let path = CSVFixture.write(Self.generateCSV(rows: 3_000), name: "differential.csv")
        let ours = try CSVReader(path: path, options: CSVOptions(batchSize: 1_000, readBufferSize: 4_096)).readAll()
        let theirs = try Self.readWithPyArrow(path)

        #expect(ours.rowCount == 3_000)
        #expect(ours.schema.names == theirs.map(\.name))
        let expectedTypes: [String: (DataType, String)] = [
            "int": (.int64, "int64"), "float": (.float64, "double"), "digits": (.float64, "double"),
            "bool": (.boolean, "bool"), "text": (.string, "string"), "date": (.date32, "date32[day]"),
            "naive": (.timestamp(.microseconds, utc: false), "timestamp[ns]"),
            "utc": (.timestamp(.microseconds, utc: true), "timestamp[s, tz=UTC]"),
            "unsigned": (.uint64, "double"), "huge": (.string, "double"), "sparse": (.int64, "int64"),
        ]
        for (index, column) in theirs.enumerated() {
            guard let (ourType, theirType) = expectedTypes[column.name] else {
                Issue.record("unexpected column \(column.name)")
                continue
            }
            #expect(ours.schema.fields[index].type == ourType, "cairn type of \(column.name)")
            #expect(column.type == theirType, "pyarrow type of \(column.name)")
            let ourValues = ours.values(column.name)
            #expect(ourValues.count == column.values.count)
            var mismatches = 0
            for (row, (mine, their)) in zip(ourValues, column.values).enumerated() {
                let lhs = Self.canonical(mine, comparedAs: theirType)
                let rhs = their.map { theirType == "double" ? Self.canonical(double: Double($0)!) : $0 }
                if lhs != rhs && mismatches < 5 {
                    mismatches += 1
                    Issue.record("\(column.name) row \(row): cairn \(lhs ?? "null"), pyarrow \(rhs ?? "null")")
                }
            }
        }
    }

    // MARK: - Comparison

    private static func canonical(double: Double) -> String {
        double.isNaN ? "nan" : String(double.bitPattern)
    }

    /// The value as a string in pyarrow's type, `nil` for null.
    private static func canonical(_ value: Value, comparedAs theirType: String) -> String? {
        switch value {
        case .null: return nil
        case .boolean(let b): return b ? "true" : "false"
        case .int(let i): return theirType == "double" ? canonical(double: Double(i)) : String(i)
        case .uint(let u): return theirType == "double" ? canonical(double: Double(u)) : String(u)
        case .double(let d): return canonical(double: d)
        case .string(let s): return theirType == "double" ? Double(s).map { canonical(double: $0) } : s
        case .bytes(let b): return String(decoding: b, as: UTF8.self)
        }
    }

    // MARK: - pyarrow subprocess

    private struct TheirColumn {
        var name: String
        var type: String
        var values: [String?]
    }

    private static let script = """
    import datetime, json, sys
    import pyarrow.csv as pc
    table = pc.read_csv(sys.argv[1], convert_options=pc.ConvertOptions(
        null_values=["", "NA", "null", "NULL"], strings_can_be_null=True, quoted_strings_can_be_null=False))
    epoch = datetime.datetime(1970, 1, 1)
    def render(v):
        if v is None: return None
        if isinstance(v, bool): return "true" if v else "false"
        if isinstance(v, float): return repr(v)
        if isinstance(v, datetime.datetime):
            if v.tzinfo is not None: v = v.astimezone(datetime.timezone.utc).replace(tzinfo=None)
            return str((v - epoch) // datetime.timedelta(microseconds=1))
        if isinstance(v, datetime.date): return str((v - epoch.date()).days)
        return str(v)
    out = [{"name": n, "type": str(table.column(n).type), "values": [render(v) for v in table.column(n).to_pylist()]}
           for n in table.column_names]
    json.dump(out, sys.stdout)
    """

    private static func readWithPyArrow(_ path: String) throws -> [TheirColumn] {
        let output = try runPython(script, arguments: [path])
        let json = try JSONSerialization.jsonObject(with: output) as! [[String: Any]]
        return json.map { column in
            TheirColumn(name: column["name"] as! String, type: column["type"] as! String,
                        values: (column["values"] as! [Any]).map { $0 as? String })
        }
    }

    @discardableResult
    private static func runPython(_ code: String, arguments: [String] = []) throws -> Data {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", code] + arguments
        let stdout = Pipe()
        process.standardOutput = stdout
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw CocoaError(.fileReadUnknown) }
        return data
    }

    // MARK: - Generated data

    /// Deterministic pseudo-random numbers (SplitMix64), so a failure reproduces.
    private struct SplitMix64: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
    }

    static func generateCSV(rows: Int) -> String {
        var random = SplitMix64(state: 42)
        let columns = ["int", "float", "digits", "bool", "text", "date", "naive", "utc", "unsigned", "huge", "sparse"]
        var text = "\u{FEFF}" + columns.joined(separator: ",") + "\r\n"
        let fixedInts = ["9223372036854775807", "-9223372036854775808", "0", "-1"]
        let fixedFloats = ["-0.0", "inf", "-inf", "nan", "1e308", "4.9e-324", "2.2250738585072014e-308", "0.1", "1E+5"]
        let words = ["plain", "with,comma", "with \"quotes\"", "two\nlines", "crlf\r\ninside", "  padded ", "naïve 日本 🧬", "", "'single'"]
        for row in 0..<rows {
            var fields: [String] = []
            fields.append(row < fixedInts.count ? fixedInts[row] : String(Int64.random(in: .min ... .max, using: &random) >> UInt64.random(in: 0..<64, using: &random)))
            if row < fixedFloats.count {
                fields.append(fixedFloats[row])
            } else {
                let value = Double(bitPattern: random.next())
                fields.append(value.isFinite ? String(format: row % 2 == 0 ? "%.17g" : "%.6e", value) : "1.5")
            }
            // Long digit strings exercise correct rounding beyond 17 significant digits.
            let digits = (0..<Int.random(in: 1...30, using: &random)).map { _ in String(Int.random(in: 0...9, using: &random)) }.joined()
            fields.append("\(row % 3 == 0 ? "-" : "")\(digits).\(row % 10)e\(Int.random(in: -30...30, using: &random))")
            fields.append(["true", "false", "TRUE", "False"][row % 4])
            let word = words[row % words.count]
            fields.append(word.isEmpty || word.unicodeScalars.contains(where: { ",\"\n\r".unicodeScalars.contains($0) }) ? "\"" + word.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : word)
            let day = Int.random(in: -20_000...40_000, using: &random)
            let date = Date(timeIntervalSince1970: Double(day) * 86_400)
            let dateText = Self.isoDate(date)
            fields.append(dateText)
            let micros = Int.random(in: 0..<86_400_000_000, using: &random)
            let clock = String(format: "%02d:%02d:%02d", micros / 3_600_000_000, micros / 60_000_000 % 60, micros / 1_000_000 % 60)
            fields.append("\(dateText)\(row % 2 == 0 ? "T" : " ")\(clock)" + (row % 3 == 0 ? String(format: ".%06d", micros % 1_000_000) : ""))
            let offsetMinutes = Int.random(in: -12...14, using: &random) * 60 + (row % 4 == 0 ? 30 : 0)
            let offset = row % 5 == 0 ? "Z" : String(format: "%@%02d:%02d", offsetMinutes < 0 ? "-" : "+", abs(offsetMinutes) / 60, abs(offsetMinutes) % 60)
            fields.append("\(dateText)T\(clock)\(offset)")
            fields.append(String(UInt64.random(in: (UInt64(Int64.max) + 1)...UInt64.max, using: &random)))
            fields.append(String(UInt64.random(in: 0...UInt64.max, using: &random)) + String(Int.random(in: 10...99, using: &random)))
            fields.append(row % 3 == 0 ? "" : row % 3 == 1 ? "NA" : String(row))
            text += fields.joined(separator: ",") + (row % 2 == 0 ? "\r\n" : "\n")
        }
        return text
    }

    private static func isoDate(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let parts = calendar.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", parts.year!, parts.month!, parts.day!)
    }
}
