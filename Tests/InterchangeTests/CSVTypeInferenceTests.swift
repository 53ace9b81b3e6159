import Columnar
import Testing
@testable import Interchange

@Suite struct CSVTypeInferenceTests {
    @Test func booleansAnyCase() throws {
        let batch = try CSVFixture.read("b\ntrue\nFALSE\nTrue\n\nfalse\n")
        #expect(batch.type("b") == .boolean)
        // The blank line is skipped (pyarrow does the same); use NA for a null row in a one-column file.
        #expect(batch.values("b") == [.boolean(true), .boolean(false), .boolean(true), .boolean(false)])
    }

    @Test func zeroAndOneAreIntegersNotBooleans() throws {
        #expect(try CSVFixture.schema("b\n0\n1\n").fields[0].type == .int64)
        #expect(try CSVFixture.schema("b\ntrue\n1\n").fields[0].type == .string)
    }

    @Test func int64EdgeValues() throws {
        let batch = try CSVFixture.read("i\n9223372036854775807\n-9223372036854775808\n0\n-0\n007\nNA\n")
        #expect(batch.type("i") == .int64)
        #expect(batch.values("i") == [.int(.max), .int(.min), .int(0), .int(0), .int(7), .null])
    }

    @Test func unsignedAboveInt64() throws {
        let batch = try CSVFixture.read("u\n9223372036854775808\n18446744073709551615\n1\n")
        #expect(batch.type("u") == .uint64)
        #expect(batch.values("u") == [.uint(1 << 63), .uint(.max), .uint(1)])
    }

    @Test func integersNoIntegerTypeHoldsStayExactAsText() throws {
        // Beyond UInt64.
        #expect(try CSVFixture.schema("x\n18446744073709551616\n1\n").fields[0].type == .string)
        // Above Int64.max alongside a negative: neither int64 nor uint64 holds both.
        #expect(try CSVFixture.schema("x\n9223372036854775808\n-1\n").fields[0].type == .string)
        // With a genuine float in the column, it is a float column anyway.
        let batch = try CSVFixture.read("x\n18446744073709551616\n0.5\n")
        #expect(batch.type("x") == .float64)
        #expect(batch.values("x") == [.double(18446744073709551616.0), .double(0.5)])
    }

    @Test func floatsWithExponentsSpecialsAndNegativeZero() throws {
        let batch = try CSVFixture.read("f\n1.5\n-2e-3\n6.02E+23\n.5\n1.\n-0.0\ninf\n-inf\nInfinity\n3\n")
        #expect(batch.type("f") == .float64)
        let values = batch.values("f")
        #expect(Array(values[0..<5]) == [.double(1.5), .double(-0.002), .double(6.02e23), .double(0.5), .double(1)])
        guard case .double(let negativeZero) = values[5] else { Issue.record("not a double"); return }
        #expect(negativeZero == 0 && negativeZero.sign == .minus)
        #expect(Array(values[6...]) == [.double(.infinity), .double(-.infinity), .double(.infinity), .double(3)])
    }

    @Test func nanSpellingsAreFloatsNotNulls() throws {
        let batch = try CSVFixture.read("f\nnan\nNaN\n-nan\n1\n")
        #expect(batch.type("f") == .float64)
        let column = batch.column(named: "f")!
        #expect(column.nullCount == 0)
        for row in 0..<3 {
            guard case .double(let value) = column.value(at: row) else { Issue.record("not a double"); continue }
            #expect(value.isNaN)
        }
    }

    @Test func floatsAreCorrectlyRounded() throws {
        // Halfway and near-halfway cases where naive digit accumulation goes wrong.
        let texts = ["0.1", "2.2250738585072011e-308", "9007199254740993", "1.7976931348623157e308",
                     "4.9406564584124654e-324", "0.30000000000000004", "123456789012345678901234567890.5"]
        let batch = try CSVFixture.read("f\n" + texts.joined(separator: "\n"))
        #expect(batch.values("f") == texts.map { .double(Double($0)!) })
    }

    @Test func mixedIntegersAndFloatsWidenToFloat64() throws {
        let batch = try CSVFixture.read("x\n1\n2.5\n-3\n")
        #expect(batch.type("x") == .float64)
        #expect(batch.values("x") == [.double(1), .double(2.5), .double(-3)])
    }

    @Test func nonNumbersStayText() throws {
        for text in ["+5", " 5", "5 ", "1,000", "0x10", "1e", "e5", "-", "."] {
            let batch = try CSVFixture.read("x\n\"\(text)\"\n1\n")
            #expect(batch.type("x") == .string, "\(text)")
        }
    }

    @Test func dates() throws {
        let batch = try CSVFixture.read("d\n1970-01-01\n2024-02-29\n1969-12-31\n0001-01-01\n\n")
        #expect(batch.type("d") == .date32)
        #expect(batch.values("d") == [.int(0), .int(19_782), .int(-1), .int(-719_162)])
        #expect(try CSVFixture.schema("d\n2023-02-29\n").fields[0].type == .string)
        #expect(try CSVFixture.schema("d\n2023-13-01\n").fields[0].type == .string)
    }

    @Test func naiveTimestamps() throws {
        let batch = try CSVFixture.read("t\n1970-01-01T00:00:01\n2000-01-01 12:30:00.5\n1969-12-31T23:59:59.999999\n2000-01-01\n")
        #expect(batch.type("t") == .timestamp(.microseconds, utc: false))
        #expect(batch.values("t") == [.int(1_000_000), .int(946_729_800_500_000), .int(-1), .int(946_684_800_000_000)])
    }

    @Test func timestampsWithOffsetsAreUTC() throws {
        let batch = try CSVFixture.read("t\n1970-01-01T00:00:00Z\n1970-01-01T01:00:00+01:00\n1969-12-31T19:00:00.25-05:00\n")
        #expect(batch.type("t") == .timestamp(.microseconds, utc: true))
        #expect(batch.values("t") == [.int(0), .int(0), .int(250_000)])
    }

    @Test func timestampsMixingOffsetsAndNaiveAreText() throws {
        #expect(try CSVFixture.schema("t\n1970-01-01T00:00:00Z\n1970-01-01T00:00:00\n").fields[0].type == .string)
        // Finer than microseconds would lose digits.
        #expect(try CSVFixture.schema("t\n1970-01-01T00:00:00.1234567\n").fields[0].type == .string)
    }

    @Test func nullRules() throws {
        let batch = try CSVFixture.read("i,s,n\n1,a,\nNA,NA,NA\nnull,,null\nNULL,\"\",NULL\n,\"NA\",\n")
        #expect(batch.type("i") == .int64)
        #expect(batch.values("i") == [.int(1), .null, .null, .null, .null])
        // String column: only the empty unquoted field is null.
        #expect(batch.type("s") == .string)
        #expect(batch.values("s") == [.string("a"), .string("NA"), .null, .string(""), .string("NA")])
        // Only nulls (and null spellings) → string, keeping the spellings as text.
        #expect(batch.type("n") == .string)
        #expect(batch.values("n") == [.null, .string("NA"), .string("null"), .string("NULL"), .null])
    }

    @Test func quotedEmptyIsAnEmptyStringNotANumber() throws {
        #expect(try CSVFixture.schema("x\n1\n\"\"\n").fields[0].type == .string)
        #expect(try CSVFixture.schema("x\n1\n\"2\"\n").fields[0].type == .int64)
    }

    @Test func headerOnlyGivesStringsAndNoRows() throws {
        let reader = CSVReader(path: CSVFixture.write("a,b\n"))
        #expect(try reader.inferSchema() == Schema([Field("a", .string), Field("b", .string)]))
        var batches = 0
        try reader.forEachBatch { _ in batches += 1 }
        #expect(batches == 0)
        #expect(reader.rowCount == 0)
        #expect(try reader.readAll().rowCount == 0)
    }

    @Test func typeIsDecidedByTheLastRowToo() throws {
        // Inference reads every row, not a sample: one late non-integer changes the type.
        var text = "x\n"
        for i in 0..<100_000 { text += "\(i)\n" }
        text += "oops\n"
        #expect(try CSVFixture.schema(text).fields[0].type == .string)
    }
}
