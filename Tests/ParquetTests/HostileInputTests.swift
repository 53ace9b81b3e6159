import Columnar
import Testing
@testable import Parquet

/// Random and mutated bytes through every decoder: each must return or throw `ParquetError`, never trap.
@Suite struct HostileInputTests {
    func runAllDecoders(_ bytes: [UInt8], count: Int) {
        bytes.raw { raw in
            var u32: [UInt32] = [], i32: [Int32] = [], i64: [Int64] = [], f: [Float] = [], d: [Double] = []
            var bools: [Bool] = [], bin = VarBinary()
            let attempts: [() throws -> Void] = [
                { _ = try RLEHybridDecoder.decode(raw, bitWidth: count % 33, count: count, into: &u32) },
                { _ = try RLEHybridDecoder.decodeLengthPrefixed(raw, bitWidth: 1, count: count, into: &u32) },
                { _ = try RLEHybridDecoder.decodeDictionaryIndices(raw, count: count, into: &u32) },
                { _ = try LevelDecoder.decodeLevels(raw, maxLevel: 3, count: count, lengthPrefixed: false, into: &u32) },
                { _ = try LevelDecoder.decodeValidity(raw, count: count, lengthPrefixed: false) },
                { _ = try LevelDecoder.decodeValidity(raw, count: count, lengthPrefixed: true) },
                { _ = try PlainDecoder.decode(raw, count: count, into: &i32) },
                { _ = try PlainDecoder.decode(raw, count: count, into: &bools) },
                { _ = try PlainDecoder.decode(raw, count: count, into: &bin) },
                { _ = try PlainDecoder.decodeInt96Timestamps(raw, count: count, into: &i64) },
                { _ = try PlainDecoder.decodeFixedLength(raw, count: count, width: 3, into: &bin) },
                { _ = try DeltaBinaryPackedDecoder.decode(raw, count: count, into: &i64) },
                { _ = try DeltaBinaryPackedDecoder.decode(raw, count: count, into: &i32) },
                { _ = try DeltaByteArrayDecoder.decodeDeltaLength(raw, count: count, into: &bin) },
                { _ = try DeltaByteArrayDecoder.decodeDeltaByteArray(raw, count: count, into: &bin, maxOutputBytes: 1 << 24) },
                { _ = try ByteStreamSplitDecoder.decode(raw, count: count, into: &f) },
                { _ = try ByteStreamSplitDecoder.decode(raw, count: count, into: &d) },
                { _ = try DictionaryDecoder.gather([Int64(1), 2, 3], indices: raw.prefix(count).map { UInt32($0) }) },
            ]
            for attempt in attempts {
                do { try attempt() } catch is ParquetError {} catch { Issue.record("non-Parquet error \(error)") }
            }
        }
    }

    @Test func randomBytesNeverTrap() {
        var rng = SeededGenerator(seed: 99)
        for _ in 0..<3000 {
            let bytes = randomBytes(Int.random(in: 0...64, using: &rng), using: &rng)
            runAllDecoders(bytes, count: Int.random(in: 0...300, using: &rng))
        }
    }

    @Test func mutatedValidStreamsNeverTrap() {
        var rng = SeededGenerator(seed: 100)
        let seeds: [[UInt8]] = [
            DeltaBinaryPackedEncoder.encode((0..<300).map { Int64($0 * $0) }),
            RLEHybridEncoder.encode((0..<300).map { UInt32($0 % 5) }, bitWidth: 3),
            RLEHybridEncoder.encodeValidity((0..<300).map { $0 % 3 != 0 }, lengthPrefixed: true),
            PlainEncoder.encode(VarBinary(strings: (0..<50).map { "value \($0)" })),
        ]
        for _ in 0..<2000 {
            var bytes = seeds.randomElement(using: &rng)!
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[i] = UInt8.random(in: 0...255, using: &rng)
            }
            if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0..<bytes.count, using: &rng)) }
            runAllDecoders(bytes, count: Int.random(in: 0...300, using: &rng))
        }
    }
}
