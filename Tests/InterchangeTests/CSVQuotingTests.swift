import Columnar
import Testing
@testable import Interchange

@Suite struct CSVQuotingTests {
    @Test func quotedFieldsHoldDelimitersNewlinesAndDoubledQuotes() throws {
        let batch = try CSVFixture.read("a,b\n\"x,y\",\"line1\nline2\"\n\"say \"\"hi\"\"\",\"\"\"\"\n")
        #expect(batch.values("a") == [.string("x,y"), .string("say \"hi\"")])
        #expect(batch.values("b") == [.string("line1\nline2"), .string("\"")])
    }

    @Test func crlfLineEndsAndNoTrailingNewline() throws {
        let batch = try CSVFixture.read("a,b\r\n1,x\r\n2,\"y\r\nz\"\r\n3,w")
        #expect(batch.values("a") == [.int(1), .int(2), .int(3)])
        #expect(batch.values("b") == [.string("x"), .string("y\r\nz"), .string("w")])
    }

    @Test func loneCarriageReturnEndsARecord() throws {
        let batch = try CSVFixture.read("a\r1\r2\r")
        #expect(batch.values("a") == [.int(1), .int(2)])
    }

    @Test func byteOrderMarkIsIgnored() throws {
        let path = CSVFixture.write(bytes: [0xEF, 0xBB, 0xBF] + Array("id,name\n1,é\n".utf8))
        let batch = try CSVReader(path: path).readAll()
        #expect(batch.schema.names == ["id", "name"])
        #expect(batch.values("name") == [.string("é")])
    }

    @Test func whitespaceIsPreservedInStrings() throws {
        let batch = try CSVFixture.read("s\n  padded  \n\" q \"\n\t\n")
        #expect(batch.values("s") == [.string("  padded  "), .string(" q "), .string("\t")])
    }

    @Test func quotesInsideUnquotedFieldsAreLiteral() throws {
        let batch = try CSVFixture.read("s\nab\"c\n")
        #expect(batch.values("s") == [.string("ab\"c")])
    }

    @Test func tsvByExtensionAndExplicitDelimiter() throws {
        let tsv = try CSVFixture.read("a\tb\n1\tx,y\n", name: "data.tsv")
        #expect(tsv.values("b") == [.string("x,y")])
        let tab = try CSVFixture.read("a\tb\n1\t2\n", name: "data.TAB")
        #expect(tab.values("b") == [.int(2)])
        let semicolon = try CSVFixture.read("a;b\n1;\"2;3\"\n", options: CSVOptions(delimiter: ";"))
        #expect(semicolon.values("b") == [.string("2;3")])
        #expect(CSVFixture.error("a\n1\n", options: CSVOptions(delimiter: "\"")).map { $0.reason } != nil)
    }

    @Test func trailingEmptyFieldAndEmptyQuotedLine() throws {
        let batch = try CSVFixture.read("a,b\n1,\n2,\"\"\n")
        #expect(batch.values("b") == [.null, .string("")])
        let single = try CSVFixture.read("s\n\"\"\nx\n")
        #expect(single.values("s") == [.string(""), .string("x")])
    }

    @Test func utf8IsKeptVerbatim() throws {
        let batch = try CSVFixture.read("s\nnaïve\n日本語\n🧬\n")
        #expect(batch.values("s") == [.string("naïve"), .string("日本語"), .string("🧬")])
    }

    /// Tiny read buffers put every kind of token across a read boundary: quotes, doubled quotes,
    /// CRLF split between reads, a BOM, records longer than the buffer.
    @Test func everyReadBufferSizeGivesTheSameResult() throws {
        let text = "\u{FEFF}id,text,f\r\n1,\"a,\"\"b\"\"\r\nc\",1.5\r\n2,plain,-2e3\r\n3,\"" + String(repeating: "long ", count: 50)
            + "\",\r\n4,\"\",-0.0"
        let path = CSVFixture.write(text)
        let expected = try CSVReader(path: path).readAll()
        #expect(expected.rowCount == 4)
        #expect(expected.values("text")[0] == .string("a,\"b\"\r\nc"))
        for size in [1, 2, 3, 4, 5, 7, 16, 17, 31, 64] {
            let batch = try CSVReader(path: path, options: CSVOptions(readBufferSize: size)).readAll()
            #expect(batch == expected, "readBufferSize \(size) differs")
        }
    }
}
