import Columnar
import Testing
@testable import Parquet

@Suite struct PlainEncodingTests {
    @Test func int32AndInt64RoundTripWithEdges() throws {
        var rng = SeededGenerator(seed: 1)
        let ints32: [Int32] = [.min, .max, 0, -1, 1] + (0..<100_000).map { _ in .random(in: .min ... .max, using: &rng) }
        let ints64: [Int64] = [.min, .max, 0, -1, 1] + (0..<100_000).map { _ in .random(in: .min ... .max, using: &rng) }
        let bytes32 = PlainEncoder.encode(ints32)
        let bytes64 = PlainEncoder.encode(ints64)
        #expect(bytes32.count == ints32.count * 4)
        var out32: [Int32] = [99]
        var out64: [Int64] = []
        #expect(try bytes32.raw { try PlainDecoder.decode($0, count: ints32.count, into: &out32) } == bytes32.count)
        try bytes64.raw { _ = try PlainDecoder.decode($0, count: ints64.count, into: &out64) }
        #expect(out32 == [99] + ints32)
        #expect(out64 == ints64)
        #expect(PlainEncoder.encode([Int32(1), -2]) == [1, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF])
    }

    @Test func floatsRoundTripBitExactly() throws {
        let floats: [Float] = [.nan, -.nan, Float(bitPattern: 0x7FC0_1234), 0, -0, .infinity, -.infinity,
                               .leastNonzeroMagnitude, .greatestFiniteMagnitude, 1.5]
        let doubles: [Double] = [.nan, Double(bitPattern: 0xFFF8_0000_0000_0001), 0, -0, .infinity, -.infinity, .pi]
        var f: [Float] = []
        var d: [Double] = []
        try PlainEncoder.encode(floats).raw { _ = try PlainDecoder.decode($0, count: floats.count, into: &f) }
        try PlainEncoder.encode(doubles).raw { _ = try PlainDecoder.decode($0, count: doubles.count, into: &d) }
        #expect(f.map(\.bitPattern) == floats.map(\.bitPattern))
        #expect(d.map(\.bitPattern) == doubles.map(\.bitPattern))
    }

    @Test func booleansArePackedLSBFirst() throws {
        let values = [true, false, true, true, false, false, false, false, true]
        let bytes = PlainEncoder.encode(values)
        #expect(bytes == [0b0000_1101, 0b0000_0001])
        var out: [Bool] = []
        #expect(try bytes.raw { try PlainDecoder.decode($0, count: values.count, into: &out) } == 2)
        #expect(out == values)
    }

    @Test func byteArraysRoundTrip() throws {
        let strings = ["", "a", "héllo wörld", "日本語", "🙂🙃", String(repeating: "x", count: 10_000), ""]
        let values = VarBinary(strings: strings)
        let bytes = PlainEncoder.encode(values)
        #expect(Array(bytes[0..<9]) == [0, 0, 0, 0, 1, 0, 0, 0, 0x61])
        var out = VarBinary(strings: ["prefix"])
        #expect(try bytes.raw { try PlainDecoder.decode($0, count: strings.count, into: &out) } == bytes.count)
        #expect(out == VarBinary(strings: ["prefix"] + strings))
    }

    @Test func fixedLengthByteArrays() throws {
        var out = VarBinary()
        let consumed = try [1, 2, 3, 4, 5, 6, 7].raw { try PlainDecoder.decodeFixedLength($0, count: 3, width: 2, into: &out) }
        #expect(consumed == 6)
        #expect(out == VarBinary(offsets: [0, 2, 4, 6], bytes: [1, 2, 3, 4, 5, 6]))
        var empty = VarBinary()
        try [UInt8]().raw { _ = try PlainDecoder.decodeFixedLength($0, count: 5, width: 0, into: &empty) }
        #expect(empty.count == 5)
    }

    @Test func int96TimestampsBecomeNanoseconds() throws {
        // 2020-01-01T00:00:01.5 = Julian day 2458850, 1.5 s into the day.
        var bytes: [UInt8] = []
        withUnsafeBytes(of: Int64(1_500_000_000).littleEndian) { bytes.append(contentsOf: $0) }
        withUnsafeBytes(of: Int32(2_458_850).littleEndian) { bytes.append(contentsOf: $0) }
        var out: [Int64] = []
        try bytes.raw { _ = try PlainDecoder.decodeInt96Timestamps($0, count: 1, into: &out) }
        #expect(out == [1_577_836_801_500_000_000])
        // Year ~1 is outside the Int64 nanosecond range.
        var far: [UInt8] = [0, 0, 0, 0, 0, 0, 0, 0]
        withUnsafeBytes(of: Int32(1_721_426).littleEndian) { far.append(contentsOf: $0) }
        #expect(throws: ParquetError.self) { try far.raw { _ = try PlainDecoder.decodeInt96Timestamps($0, count: 1, into: &out) } }
    }

    @Test func truncatedInputThrowsAndLeavesOutputUnchanged() {
        var ints: [Int64] = [5]
        #expect(throws: ParquetError.self) { try [1, 2, 3].raw { _ = try PlainDecoder.decode($0, count: 1, into: &ints) } }
        #expect(ints == [5])
        var bins = VarBinary()
        #expect(throws: ParquetError.self) { try [5, 0, 0, 0, 1].raw { _ = try PlainDecoder.decode($0, count: 1, into: &bins) } }
        #expect(throws: ParquetError.self) { try [0xFF, 0xFF, 0xFF, 0xFF].raw { _ = try PlainDecoder.decode($0, count: 1, into: &bins) } }
        #expect(bins.count == 0)
        var bools: [Bool] = []
        #expect(throws: ParquetError.self) { try [1].raw { _ = try PlainDecoder.decode($0, count: 9, into: &bools) } }
        #expect(throws: ParquetError.self) { try [1].raw { _ = try PlainDecoder.decode($0, count: -1, into: &bools) } }
        #expect(throws: ParquetError.self) { try [1].raw { _ = try PlainDecoder.decodeFixedLength($0, count: Int.max, width: 2, into: &bins) } }
    }
}
