import Testing
@testable import Parquet

@Suite struct DeltaBinaryPackedTests {
    func decode64(_ bytes: [UInt8], count: Int) throws -> [Int64] {
        var out: [Int64] = []
        try bytes.raw { _ = try DeltaBinaryPackedDecoder.decode($0, count: count, into: &out) }
        return out
    }

    @Test func specExampleOne() throws {
        // Encodings.md example 1: 1 2 3 4 5 → deltas 1, min delta 1, bit widths 0.
        let expected: [UInt8] = [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 0, 0, 0, 0]
        #expect(DeltaBinaryPackedEncoder.encode([Int64(1), 2, 3, 4, 5]) == expected)
        #expect(try decode64(expected, count: 5) == [1, 2, 3, 4, 5])
    }

    @Test func specExampleTwo() throws {
        // Encodings.md example 2: 7 5 3 1 2 3 4 5 → min delta -2, relative 0 0 0 3 3 3 3, width 2.
        var expected: [UInt8] = [0x80, 0x01, 0x04, 0x08, 0x0E, 0x03, 0x02, 0, 0, 0, 0xC0, 0x3F]
        expected += [UInt8](repeating: 0, count: 6)
        let values: [Int64] = [7, 5, 3, 1, 2, 3, 4, 5]
        #expect(DeltaBinaryPackedEncoder.encode(values) == expected)
        #expect(try decode64(expected, count: 8) == values)
        var consumed = 0
        var out: [Int64] = []
        try (expected + [0xEE]).raw { consumed = try DeltaBinaryPackedDecoder.decode($0, count: 8, into: &out) }
        #expect(consumed == expected.count)
    }

    @Test func int64RoundTripsWithWrapping() throws {
        var rng = SeededGenerator(seed: 11)
        let edges: [Int64] = [.min, .max, .min, 0, .max, -1, 1, .min]
        for count in [0, 1, 2, 127, 128, 129, 1000, 100_000] {
            var values = (0..<count).map { _ in Int64.random(in: -1000...1000, using: &rng) }
            if count > 20 {
                for (k, e) in edges.enumerated() { values[count / 2 + k] = e }
                for k in 0..<(count / 4) { values[k] = Int64.random(in: .min ... .max, using: &rng) }
            }
            let encoded = DeltaBinaryPackedEncoder.encode(values)
            #expect(try decode64(encoded, count: count) == values)
        }
        let sorted = (0..<10_000).map { Int64($0) * 1_000_003 }
        let encoded = DeltaBinaryPackedEncoder.encode(sorted)
        #expect(encoded.count < 600) // 79 blocks of min delta + 4 zero widths, no packed bits
        #expect(try decode64(encoded, count: sorted.count) == sorted)
    }

    @Test func int32RoundTripsWithWrapping() throws {
        var rng = SeededGenerator(seed: 12)
        var values = (0..<5000).map { _ in Int32.random(in: .min ... .max, using: &rng) }
        values += [.min, .max, .min, .max, 0, -1]
        let encoded = DeltaBinaryPackedEncoder.encode(values)
        // Int32 deltas wrap in 32 bits, so no miniblock needs more than 32 bits.
        var out: [Int32] = []
        try encoded.raw { _ = try DeltaBinaryPackedDecoder.decode($0, count: values.count, into: &out) }
        #expect(out == values)
    }

    /// Sorted runs with gaps of every width up to 20 bits and a drop at each run's start (gene positions
    /// within cells): whole miniblocks take the width-specialized path, the tail the general one.
    @Test(arguments: Array(1...20))
    func int32RoundTripsAtEveryMiniblockWidth(bits: Int) throws {
        var rng = SeededGenerator(seed: 40 &+ UInt64(bits))
        for count in [1, 33, 129, 1000, 4099] {
            var values: [Int32] = []
            var current: Int32 = 0
            while values.count < count {
                if values.count % 300 == 0 { current = Int32.random(in: -50...50, using: &rng) }
                current &+= Int32.random(in: 0..<(Int32(1) << Int32(bits)), using: &rng)
                values.append(current)
            }
            let encoded = DeltaBinaryPackedEncoder.encode(values)
            var out: [Int32] = []
            try encoded.raw { _ = try DeltaBinaryPackedDecoder.decode($0, count: values.count, into: &out) }
            #expect(out == values, "\(bits) bits, \(count) values")
        }
    }

    @Test func hostileHeadersThrow() {
        let cases: [[UInt8]] = [
            [],
            [0x80, 0x01],                                     // header cut short
            [0x00, 0x04, 0x05, 0x02],                         // block size 0
            [0x81, 0x01, 0x04, 0x05, 0x02],                   // block size 129
            [0x80, 0x01, 0x00, 0x05, 0x02],                   // 0 miniblocks
            [0x80, 0x01, 0x03, 0x05, 0x02],                   // 128 / 3
            [0x80, 0x01, 0x04, 0x01, 0x02],                   // total 1 < 5 wanted
            [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 65, 0, 0, 0], // bit width 65
            [0x80, 0x01, 0x04, 0x05, 0x02, 0x02, 8, 0, 0, 0],  // miniblock data missing
            [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
        ]
        for bytes in cases {
            #expect(throws: ParquetError.self) { _ = try decode64(bytes, count: 5) }
        }
    }
}
