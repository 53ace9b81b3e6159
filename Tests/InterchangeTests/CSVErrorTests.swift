import Columnar
import Testing
@testable import Interchange

@Suite struct CSVErrorTests {
    @Test func fieldCountNamesFileAndLine() throws {
        let path = CSVFixture.write("a,b,c,d\n1,2,3,4\n1,2,3,4,5\n", name: "donors.csv")
        #expect(throws: CSVError(path: path, line: 3, reason: .fieldCount(found: 5, expected: 4))) {
            try CSVReader(path: path).inferSchema()
        }
        let error = CSVFixture.error("a,b,c,d\n1,2,3,4\n1,2,3,4,5\n", name: "donors.csv")
        #expect(error?.description.hasSuffix("donors.csv:3: 5 fields, header has 4") == true)
    }

    @Test func lineNumbersCountLinesInsideQuotedFields() {
        // The record on line 2 spans lines 2–4, "2,w" is line 5, the short record is line 6.
        let error = CSVFixture.error("a,b\n1,\"x\ny\nz\"\n2,w\n3\n")
        #expect(error?.line == 6)
        let crlf = CSVFixture.error("a,b\r\n1,\"x\r\ny\"\r\n3\r\n")
        #expect(crlf?.line == 4)
        let bom = CSVFixture.error(bytes: [0xEF, 0xBB, 0xBF] + Array("a,b\n1\n".utf8))
        #expect(bom?.line == 2)
    }

    @Test func unterminatedQuoteNamesTheOpeningLine() {
        let error = CSVFixture.error("a,b\n1,2\n3,\"open\nstill open\n", name: "donors.csv")
        #expect(error?.reason == .unterminatedQuote)
        #expect(error?.line == 3)
        #expect(error?.description.hasSuffix("donors.csv:3: unterminated quoted field") == true)
    }

    @Test func textAfterClosingQuote() {
        let error = CSVFixture.error("a\n\"ab\"c\n")
        #expect(error?.reason == .textAfterClosingQuote)
        #expect(error?.line == 2)
    }

    @Test func overrideValueThatDoesNotParse() {
        let options = CSVOptions(schemaOverrides: ["age": .int32])
        let error = CSVFixture.error("name,age\nx,1\ny,x\n", name: "donors.csv", options: options)
        #expect(error?.reason == .invalidValue(column: "age", text: "x", type: .int32))
        #expect(error?.description.hasSuffix("donors.csv:3: column 'age': 'x' is not a valid int32") == true)
        // Out of range for the override type.
        let overflow = CSVFixture.error("age\n2147483648\n", options: options)
        #expect(overflow?.reason == .invalidValue(column: "age", text: "2147483648", type: .int32))
    }

    @Test func emptyFiles() {
        for text in ["", "\n", "\n\r\n"] {
            let error = CSVFixture.error(text, name: "donors.csv")
            #expect(error?.reason == .emptyFile)
            #expect(error?.description.hasSuffix("donors.csv: empty file (no header)") == true)
        }
        #expect(CSVFixture.error(bytes: [0xEF, 0xBB, 0xBF])?.reason == .emptyFile)
    }

    @Test func badHeaderNames() {
        #expect(CSVFixture.error("a,,c\n")?.reason == .emptyHeaderName(column: 2))
        #expect(CSVFixture.error("a,b,a\n")?.reason == .duplicateHeaderName("a"))
        #expect(CSVFixture.error(bytes: [0x61, 0x2C, 0xFF, 0x0A])?.reason == .invalidUTF8InHeader)
    }

    @Test func invalidUTF8InAStringColumn() {
        let bytes = Array("id,name\n1,ok\n2,".utf8) + [0xC3, 0x28] + Array("\n".utf8)
        let error = CSVFixture.error(bytes: bytes, name: "donors.csv")
        #expect(error?.reason == .invalidUTF8(column: "name"))
        #expect(error?.line == 3)
        // A binary override accepts any bytes.
        #expect(CSVFixture.error(bytes: bytes, options: CSVOptions(schemaOverrides: ["name": .binary])) == nil)
    }

    @Test func missingFile() {
        let path = "/nonexistent-\(Int.random(in: 0..<1_000_000))/donors.csv"
        #expect(throws: CSVError(path: path, reason: .fileNotFound)) { try CSVReader(path: path).inferSchema() }
        #expect(CSVError(path: path, reason: .fileNotFound).description == "\(path): no such file")
    }

    @Test func overrideOfAColumnTheHeaderLacks() {
        let error = CSVFixture.error("a,b\n1,2\n", options: CSVOptions(schemaOverrides: ["c": .int32]))
        #expect(error?.reason == .unknownOverrideColumn("c", available: ["a", "b"]))
    }

    @Test func everyErrorIsOneLine() {
        let errors: [CSVError] = [
            CSVError(path: "f.csv", line: 1, reason: .invalidValue(column: "c", text: CSVError.excerpt(UnsafeBufferPointer(start: nil, count: 0)), type: .int8)),
            CSVError(path: "f.csv", line: 2, reason: .unterminatedQuote),
        ]
        for error in errors { #expect(!error.description.contains("\n")) }
        let multiline = CSVFixture.error("n\n\"a\nb\"\n", options: CSVOptions(schemaOverrides: ["n": .int64]))
        #expect(multiline?.description.contains("\n") == false)
        #expect(multiline?.line == 2)
    }
}
