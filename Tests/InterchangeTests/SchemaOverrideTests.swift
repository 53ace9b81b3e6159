import Columnar
import Testing
@testable import Interchange

@Suite struct SchemaOverrideTests {
    @Test func parsesNamesAndTypes() throws {
        let overrides = try SchemaOverrideParser.parse("age:int32, donor : string,t:timestamp[us, UTC],d:date32,x:float32")
        #expect(overrides == ["age": .int32, "donor": .string, "t": .timestamp(.microseconds, utc: true),
                              "d": .date32, "x": .float32])
        #expect(try SchemaOverrideParser.parse("") == [:])
        #expect(try SchemaOverrideParser.parse("a:b:int8") == ["a:b": .int8])
    }

    @Test func clearErrors() {
        #expect(throws: SchemaOverrideError(message: "column 'age' is given twice")) {
            try SchemaOverrideParser.parse("age:int32,age:int64")
        }
        #expect(throws: SchemaOverrideError.self) { try SchemaOverrideParser.parse("age") }
        #expect(throws: SchemaOverrideError.self) { try SchemaOverrideParser.parse(":int8") }
        do {
            _ = try SchemaOverrideParser.parse("age:int33")
            Issue.record("no error")
        } catch {
            #expect("\(error)".hasPrefix("--schema: column 'age': unknown type 'int33'"))
        }
    }

    @Test func overridesReplaceInference() throws {
        let options = CSVOptions(schemaOverrides: try SchemaOverrideParser.parse("zip:string,age:int8,score:float32,flag:bool"))
        let batch = try CSVFixture.read("zip,age,score,flag,other\n007,1,0.1,TRUE,5\n010,NA,2,false,6\n", options: options)
        #expect(batch.schema.fields.map(\.type) == [.string, .int8, .float32, .boolean, .int64])
        #expect(batch.values("zip") == [.string("007"), .string("010")])
        #expect(batch.values("age") == [.int(1), .null])
        #expect(batch.values("score") == [.double(Double(Float(0.1))), .double(2)])
        #expect(batch.values("flag") == [.boolean(true), .boolean(false)])
    }

    @Test func temporalOverrides() throws {
        let options = CSVOptions(schemaOverrides: ["t": .timestamp(.milliseconds, utc: true), "n": .timestamp(.nanoseconds, utc: false)])
        let batch = try CSVFixture.read("t,n\n1970-01-01T00:00:01.5+00:00,1970-01-01 00:00:00.000000001\n1970-01-02,1970-01-01\n", options: options)
        #expect(batch.values("t") == [.int(1_500), .int(86_400_000)])
        #expect(batch.values("n") == [.int(1), .int(0)])
        // Digits finer than the unit are not silently dropped; a naive column refuses offsets.
        let tooFine = CSVFixture.error("t\n1970-01-01T00:00:00.0001\n", options: CSVOptions(schemaOverrides: ["t": .timestamp(.milliseconds, utc: false)]))
        #expect(tooFine?.reason == .invalidValue(column: "t", text: "1970-01-01T00:00:00.0001", type: .timestamp(.milliseconds, utc: false)))
        let offset = CSVFixture.error("t\n1970-01-01T00:00:00Z\n", options: CSVOptions(schemaOverrides: ["t": .timestamp(.microseconds, utc: false)]))
        #expect(offset?.line == 2)
    }

    @Test func overrideErrorsAreFoundBeforeAnyBatch() throws {
        // The bad value is in the last batch; pass 1 reports it before the first batch is made.
        var text = "n\n"
        for i in 0..<100 { text += "\(i)\n" }
        text += "300\n"
        let reader = CSVReader(path: CSVFixture.write(text), options: CSVOptions(schemaOverrides: ["n": .uint8], batchSize: 10))
        var batches = 0
        #expect(throws: CSVError.self) { try reader.forEachBatch { _ in batches += 1 } }
        #expect(batches == 0)
    }
}
