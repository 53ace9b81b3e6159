import Testing
@testable import Parquet

@Suite struct RLEHybridTests {
    func decode(_ bytes: [UInt8], bitWidth: Int, count: Int) throws -> [UInt32] {
        var out: [UInt32] = []
        try bytes.raw { _ = try RLEHybridDecoder.decode($0, bitWidth: bitWidth, count: count, into: &out) }
        return out
    }

    @Test func decodesSpecBitPackedExample() throws {
        // Encodings.md: 0…7 at bit width 3 as one bit-packed group: header (1 << 1) | 1.
        #expect(try decode([0x03, 0b1000_1000, 0b1100_0110, 0b1111_1010], bitWidth: 3, count: 8) == Array(0...7))
    }

    @Test func decodesRLERunAndTruncatesToCount() throws {
        // RLE run of 100 fives (header 200 = 0xC8 0x01), width 3 → one value byte.
        #expect(try decode([0xC8, 0x01, 0x05], bitWidth: 3, count: 10) == Array(repeating: 5, count: 10))
    }

    @Test func encoderUsesRunsForRepeats() {
        let values = [UInt32](repeating: 7, count: 1000)
        let encoded = RLEHybridEncoder.encode(values, bitWidth: 3)
        #expect(encoded == [0xD0, 0x0F, 0x07]) // 1000 << 1 = 2000 = 0xD0 0x0F
    }

    @Test(arguments: [0, 1, 2, 3, 5, 8, 13, 20, 31, 32])
    func roundTripsRandomRunsAndLiterals(bitWidth: Int) throws {
        var rng = SeededGenerator(seed: 42 &+ UInt64(bitWidth))
        let maxValue: UInt32 = bitWidth == 32 ? .max : (1 << UInt32(bitWidth)) - 1
        for count in [0, 1, 7, 8, 9, 100, 517, 100_000] {
            var values: [UInt32] = []
            while values.count < count {
                let v = UInt32.random(in: 0...maxValue, using: &rng)
                let run = Bool.random(using: &rng) ? Int.random(in: 1...30, using: &rng) : 1
                values.append(contentsOf: repeatElement(v, count: min(run, count - values.count)))
            }
            let encoded = RLEHybridEncoder.encode(values, bitWidth: bitWidth)
            #expect(try decode(encoded, bitWidth: bitWidth, count: count) == values)
        }
    }

    @Test func lengthPrefixedAndDictionaryIndexStreams() throws {
        let levels: [UInt32] = [0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0]
        let prefixed = RLEHybridEncoder.encodeLevels(levels, maxLevel: 1, lengthPrefixed: true)
        var out: [UInt32] = []
        let consumed = try (prefixed + [0xAA, 0xBB]).raw {
            try LevelDecoder.decodeLevels($0, maxLevel: 1, count: levels.count, lengthPrefixed: true, into: &out)
        }
        #expect(out == levels)
        #expect(consumed == prefixed.count)

        let indices: [UInt32] = (0..<300).map { UInt32($0 % 37) }
        let stream = RLEHybridEncoder.encodeDictionaryIndices(indices, dictionarySize: 37)
        #expect(stream[0] == 6)
        var decoded: [UInt32] = []
        try stream.raw { _ = try RLEHybridDecoder.decodeDictionaryIndices($0, count: indices.count, into: &decoded) }
        #expect(decoded == indices)
    }

    @Test func validityFastPathMatchesGeneralDecoder() throws {
        var rng = SeededGenerator(seed: 7)
        for count in [0, 1, 9, 1000, 100_000] {
            let mask = (0..<count).map { _ in UInt8.random(in: 0...9, using: &rng) < 7 }
            for prefixed in [false, true] {
                let bytes = RLEHybridEncoder.encodeValidity(mask, lengthPrefixed: prefixed)
                let validity = try bytes.raw { try LevelDecoder.decodeValidity($0, count: count, lengthPrefixed: prefixed) }
                #expect(validity.isValid == mask)
                #expect(validity.nonNullCount == mask.filter { $0 }.count)
                #expect(validity.consumedBytes == bytes.count)
            }
        }
    }

    @Test func levelAboveMaximumIsCorrupt() {
        let bytes = RLEHybridEncoder.encode([0, 1, 2, 3], bitWidth: 2)
        #expect(throws: ParquetError.self) {
            var out: [UInt32] = []
            try bytes.raw { _ = try LevelDecoder.decodeLevels($0, maxLevel: 2, count: 4, lengthPrefixed: false, into: &out) }
        }
        #expect(throws: ParquetError.self) {
            _ = try [0x08, 0x02].raw { try LevelDecoder.decodeValidity($0, count: 4, lengthPrefixed: false) }
        }
    }

    @Test func hostileStreamsThrow() {
        let cases: [([UInt8], Int)] = [
            ([], 1),                                   // nothing at all
            ([0x03], 8),                               // bit-packed group with no bytes
            ([0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F], 1), // varint overflow
            ([0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01], 100), // huge bit-packed run, no data
            ([0x02], 1),                               // RLE run without its value byte
        ]
        for (bytes, count) in cases {
            #expect(throws: ParquetError.self) { _ = try decode(bytes, bitWidth: 8, count: count) }
        }
        #expect(throws: ParquetError.self) { _ = try decode([0x02, 0x01], bitWidth: 33, count: 1) }
        #expect(throws: ParquetError.self) {
            var out: [UInt32] = []
            try [0x21, 0x02, 0x00].raw { _ = try RLEHybridDecoder.decodeDictionaryIndices($0, count: 1, into: &out) }
        }
        #expect(throws: ParquetError.self) {
            var out: [UInt32] = []
            try [0xFF, 0xFF, 0x00, 0x00, 0x02].raw { _ = try RLEHybridDecoder.decodeLengthPrefixed($0, bitWidth: 1, count: 1, into: &out) }
        }
    }
}
