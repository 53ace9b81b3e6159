import Testing
@testable import Columnar

@Suite struct ColumnTests {
    @Test func appendMergesValidity() {
        var a = Column(type: .int64, buffer: .int64([1, 2]))
        let b = Column(type: .int64, buffer: .int64([0, 4]), validity: [false, true])
        a.append(contentsOf: b)
        #expect(a.count == 4)
        #expect(a.nullCount == 1)
        #expect(a.value(at: 2) == .null)
        #expect(a.value(at: 3) == .int(4))
    }

    @Test func varBinarySlicesRebaseOffsets() {
        let v = VarBinary(strings: ["a", "", "héllo", "z"])
        let s = v.slice(1..<3)
        #expect(s.count == 2)
        #expect(s.string(at: 0) == "")
        #expect(s.string(at: 1) == "héllo")
    }

    @Test func dataTypeSpellingsRoundTrip() {
        let all: [DataType] = [.boolean, .int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64,
                               .float32, .float64, .string, .binary, .date32, .timestamp(.microseconds, utc: true),
                               .timestamp(.nanoseconds, utc: false), .timestamp(.milliseconds, utc: false)]
        for t in all { #expect(DataType(t.description) == t) }
    }
}
