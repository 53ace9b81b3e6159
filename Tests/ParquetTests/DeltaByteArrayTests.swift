import Columnar
import Testing
@testable import Parquet

@Suite struct DeltaByteArrayTests {
    func deltaLength(_ strings: [String]) -> [UInt8] {
        let utf8 = strings.map { Array($0.utf8) }
        return DeltaBinaryPackedEncoder.encode(utf8.map { Int32($0.count) }) + utf8.flatMap { $0 }
    }

    func deltaByteArray(_ strings: [String]) -> [UInt8] {
        let utf8 = strings.map { Array($0.utf8) }
        var prefixes: [Int32] = []
        var suffixes: [String] = []
        var previous: [UInt8] = []
        for s in utf8 {
            var p = 0
            while p < min(previous.count, s.count) && previous[p] == s[p] { p += 1 }
            prefixes.append(Int32(p))
            suffixes.append(String(decoding: s[p...], as: UTF8.self))
            previous = s
        }
        return DeltaBinaryPackedEncoder.encode(prefixes) + deltaLength(suffixes)
    }

    @Test func deltaLengthRoundTrip() throws {
        let strings = ["Hello", "World", "Foobar", "ABCDEF", "", "日本語", "🙂"]
        let bytes = deltaLength(strings)
        var out = VarBinary()
        let consumed = try (bytes + [9, 9]).raw { try DeltaByteArrayDecoder.decodeDeltaLength($0, count: strings.count, into: &out) }
        #expect(consumed == bytes.count)
        #expect(out == VarBinary(strings: strings))
    }

    @Test func deltaByteArraySpecExampleAndRandom() throws {
        // Encodings.md: axis, axle, babble, babyhood → prefixes 0 2 0 3, suffixes axis le babble yhood.
        let strings = ["axis", "axle", "babble", "babyhood"]
        var out = VarBinary(strings: ["x"])
        try deltaByteArray(strings).raw { _ = try DeltaByteArrayDecoder.decodeDeltaByteArray($0, count: 4, into: &out) }
        #expect(out == VarBinary(strings: ["x"] + strings))

        var rng = SeededGenerator(seed: 5)
        let random = (0..<20_000).map { i in "key/\(i / 100)/" + String(repeating: "é", count: Int.random(in: 0...5, using: &rng)) }.sorted()
        var decoded = VarBinary()
        try deltaByteArray(random).raw { _ = try DeltaByteArrayDecoder.decodeDeltaByteArray($0, count: random.count, into: &decoded) }
        #expect(decoded == VarBinary(strings: random))
    }

    @Test func hostileInputsThrow() {
        var out = VarBinary()
        // Negative length.
        let negative = DeltaBinaryPackedEncoder.encode([Int32(-1)])
        #expect(throws: ParquetError.self) { try negative.raw { _ = try DeltaByteArrayDecoder.decodeDeltaLength($0, count: 1, into: &out) } }
        // Length past the end.
        let long = DeltaBinaryPackedEncoder.encode([Int32(100)]) + [1, 2, 3]
        #expect(throws: ParquetError.self) { try long.raw { _ = try DeltaByteArrayDecoder.decodeDeltaLength($0, count: 1, into: &out) } }
        // Prefix longer than the previous value.
        let badPrefix = DeltaBinaryPackedEncoder.encode([Int32(0), 5]) + deltaLength(["ab", "c"])
        #expect(throws: ParquetError.self) { try badPrefix.raw { _ = try DeltaByteArrayDecoder.decodeDeltaByteArray($0, count: 2, into: &out) } }
        // Expansion cap.
        let prefixes = DeltaBinaryPackedEncoder.encode([Int32(0)] + [Int32](repeating: 100, count: 999))
        let expand = prefixes + deltaLength([String(repeating: "z", count: 100)] + [String](repeating: "", count: 999))
        #expect(throws: ParquetError.self) {
            try expand.raw { _ = try DeltaByteArrayDecoder.decodeDeltaByteArray($0, count: 1000, into: &out, maxOutputBytes: 10_000) }
        }
        #expect(out.count == 0)
    }
}
