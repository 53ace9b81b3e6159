import Columnar
import Testing
@testable import Parquet

@Suite struct DictionaryEncodingTests {
    @Test func int64DictionaryRoundTrip() throws {
        var rng = SeededGenerator(seed: 3)
        let palette: [Int64] = [.min, .max, 0, -1, 42]
        let values = (0..<100_000).map { _ in palette.randomElement(using: &rng)! }
        var builder = Int64DictionaryBuilder()
        builder.append(values)
        #expect(builder.dictionary.count == 5)
        #expect(builder.state.indexBitWidth == 3)
        #expect(!builder.state.shouldFallBackToPlain)
        let indices = builder.takeIndices()
        #expect(builder.indices.isEmpty)
        #expect(try DictionaryDecoder.gather(builder.dictionary, indices: indices) == values)
    }

    /// Runs (sorted ids, a cell's id over its entries) are followed eight values at a time: runs of every
    /// length, ending anywhere in a group of eight, a value coming back after another, and a slice ending
    /// mid-run must all give the indices of their own values.
    @Test func runsOfAnyLengthKeepTheirIndices() throws {
        var rng = SeededGenerator(seed: 12)
        var values: [Int64] = []
        while values.count < 50_000 {
            let value = Int64.random(in: 0..<300, using: &rng)
            let length = Bool.random(using: &rng) ? Int.random(in: 1...20, using: &rng) : Int.random(in: 1...3000, using: &rng)
            values.append(contentsOf: repeatElement(value, count: length))
            if Int.random(in: 0..<5, using: &rng) == 0 { values.append(value &+ 1) }  // one value breaking a run
        }
        var builder = Int64DictionaryBuilder()
        var start = 0
        while start < values.count {
            let end = min(values.count, start + Int.random(in: 1...9000, using: &rng))
            builder.append(Array(values[start..<end]))
            start = end
        }
        #expect(try DictionaryDecoder.gather(builder.dictionary, indices: builder.takeIndices()) == values)
    }

    /// Values at random (no runs) whose dictionary outgrows its table many times, mid-slice: each value
    /// keeps its first-seen index across every growth.
    @Test func aGrowingTableKeepsFirstSeenIndices() throws {
        var rng = SeededGenerator(seed: 5)
        let values = (0..<60_000).map { _ in UInt32.random(in: 0..<20_000, using: &rng) }
        var builder = Int32DictionaryBuilder()
        var start = 0
        while start < values.count {
            let end = min(values.count, start + Int.random(in: 1...7000, using: &rng))
            builder.append(values[start..<end].map { Int32(bitPattern: $0) })
            start = end
        }
        var firstSeen: [Int32] = [], seen = Set<Int32>()
        for value in values.map({ Int32(bitPattern: $0) }) where seen.insert(value).inserted { firstSeen.append(value) }
        let dictionary = builder.dictionary
        #expect(dictionary == firstSeen)
        #expect(builder.takeIndices().map { dictionary[Int($0)] } == values.map { Int32(bitPattern: $0) })
    }

    @Test func floatKeysAreBitPatterns() throws {
        let values: [Double] = [0.0, -0.0, .nan, Double(bitPattern: 0x7FF8_0000_0000_0001), .nan, 0.0, .infinity]
        var builder = DoubleDictionaryBuilder()
        builder.append(values)
        #expect(builder.dictionary.count == 5)
        var out: [Double] = []
        let indices = builder.indices
        try indices.withUnsafeBufferPointer { try DictionaryDecoder.gather(builder.dictionary, indices: $0, into: &out) }
        #expect(out.map(\.bitPattern) == values.map(\.bitPattern))

        var floats = FloatDictionaryBuilder()
        floats.append([Float(0), -0.0, .nan, 1, 1])
        #expect(floats.dictionary.count == 4)
        #expect(floats.indices == [0, 1, 2, 3, 3])
        var ints = Int32DictionaryBuilder()
        ints.append([Int32.min, .max, .min])
        #expect(ints.dictionary == [.min, .max])
    }

    @Test func byteArrayDictionaryRoundTrip() throws {
        var rng = SeededGenerator(seed: 4)
        let words = ["", "a", "b", "ä", "日本", "🙂", String(repeating: "long", count: 100)] + (0..<2000).map { "w\($0)" }
        let values = VarBinary(strings: (0..<100_000).map { _ in words.randomElement(using: &rng)! })
        var builder = ByteArrayDictionaryBuilder()
        builder.append(values, range: 0..<50_000)
        builder.append(values, range: 50_000..<100_000)
        #expect(builder.dictionary.count == words.count)
        var out = VarBinary()
        try builder.indices.withUnsafeBufferPointer { try DictionaryDecoder.gather(builder.dictionary, indices: $0, into: &out) }
        #expect(out == values)
        #expect(builder.state.dictionaryBytes == builder.dictionary.bytes.count + 4 * builder.dictionary.count)
    }

    @Test func reportsFallback() {
        var tiny = Int64DictionaryBuilder(policy: DictionaryFallbackPolicy(maxDictionaryBytes: 64))
        tiny.append((0..<9).map { Int64($0) })
        #expect(tiny.state.exceedsByteLimit)
        #expect(tiny.state.shouldFallBackToPlain)

        var unique = ByteArrayDictionaryBuilder()
        unique.append(VarBinary(strings: (0..<5000).map { "unique-\($0)" }))
        #expect(!unique.state.exceedsByteLimit)
        #expect(unique.state.shouldFallBackToPlain)
    }

    /// A page's index stream decoded run by run gives what decoding the indices and then gathering gives,
    /// for a dictionary that fills its index width and for one just past the width below (looked up
    /// through a padded copy).
    @Test(arguments: [1, 2, 3, 4, 5, 6, 7, 8, 9, 16])
    func indexStreamDecodesLikeIndicesThenGather(bitWidth: Int) throws {
        var rng = SeededGenerator(seed: 70 &+ UInt64(bitWidth))
        for size in [1 << bitWidth] + (bitWidth > 1 ? [(1 << (bitWidth - 1)) + 1] : []) {
            let dictionary = (0..<size).map { Float($0) * 0.5 }
            #expect(RLEHybridEncoder.bitWidth(forMaxValue: UInt32(size - 1)) == bitWidth)
            for count in [0, 1, 8, 511, 512, 513, 5000, 20_000] {
                var indices: [UInt32] = []
                while indices.count < count {
                    let index = UInt32.random(in: 0..<UInt32(dictionary.count), using: &rng)
                    let run = Bool.random(using: &rng) ? Int.random(in: 1...40, using: &rng) : 1
                    indices.append(contentsOf: repeatElement(index, count: min(run, count - indices.count)))
                }
                let stream = RLEHybridEncoder.encodeDictionaryIndices(indices, dictionarySize: dictionary.count)
                var fused: [Float] = [42]  // decoding appends
                try stream.raw { try DictionaryDecoder.decodeIndexStream($0, count: count, dictionary: dictionary, into: &fused) }
                var decoded: [UInt32] = []
                try stream.raw { _ = try RLEHybridDecoder.decodeDictionaryIndices($0, count: count, into: &decoded) }
                var gathered: [Float] = [42]
                try decoded.withUnsafeBufferPointer { try DictionaryDecoder.gather(dictionary, indices: $0, into: &gathered) }
                #expect(fused == gathered, "\(count) values of a dictionary of \(size)")
            }
        }
    }

    /// Skipping a page's first values (rows before the first one a read keeps) gives the tail of a full
    /// decode, wherever the skip ends: inside an RLE run, on a run's edge, inside a bit-packed group of
    /// eight or on its edge; an index past the dictionary is still refused when it lies after the skip.
    @Test(arguments: [1, 3, 7, 8, 12])
    func indexStreamSkipsLeadingValues(bitWidth: Int) throws {
        var rng = SeededGenerator(seed: 90 &+ UInt64(bitWidth))
        let dictionary = (0..<(1 << bitWidth)).map { Int32($0) * 3 }
        var indices: [UInt32] = []
        while indices.count < 3000 {
            let index = UInt32.random(in: 0..<UInt32(dictionary.count), using: &rng)
            let run = Bool.random(using: &rng) ? Int.random(in: 1...60, using: &rng) : 1
            indices.append(contentsOf: repeatElement(index, count: run))
        }
        let stream = RLEHybridEncoder.encodeDictionaryIndices(indices, dictionarySize: dictionary.count)
        let full = indices.map { dictionary[Int($0)] }
        for skip in [0, 1, 7, 8, 9, 15, 16, 17, 100, 511, 512, 1000, 2999] + (0..<40).map({ _ in Int.random(in: 0..<3000, using: &rng) }) {
            let end = Int.random(in: (skip + 1)...indices.count, using: &rng)
            var out = [Int32](repeating: -1, count: end - skip)
            try stream.raw { raw in
                try out.withUnsafeMutableBufferPointer { try DictionaryDecoder.decodeIndexStream(raw, dictionary: dictionary, skipping: skip, into: $0) }
            }
            #expect(out == Array(full[skip..<end]), "skip \(skip) end \(end)")
        }
        let bad = RLEHybridEncoder.encodeDictionaryIndices([UInt32](repeating: 0, count: 20) + [UInt32(dictionary.count - 1)] + [UInt32](repeating: 0, count: 20),
                                                           dictionarySize: dictionary.count)
        let short = Array(dictionary.dropLast())
        var out = [Int32](repeating: 0, count: 5)
        try bad.raw { raw in
            try out.withUnsafeMutableBufferPointer { try DictionaryDecoder.decodeIndexStream(raw, dictionary: short, skipping: 21, into: $0) }
        }
        #expect(throws: ParquetError.self) {
            try bad.raw { raw in
                try out.withUnsafeMutableBufferPointer { try DictionaryDecoder.decodeIndexStream(raw, dictionary: short, skipping: 18, into: $0) }
            }
        }
    }

    /// An index past the dictionary, in a bit-packed or an RLE run, throws and leaves the output as it was.
    @Test func indexStreamOutOfRangeThrowsAndKeepsOutput() throws {
        for indices in [[UInt32](repeating: 1, count: 700) + [7] + [UInt32](repeating: 2, count: 5), [UInt32](repeating: 6, count: 100)] {
            let stream = RLEHybridEncoder.encodeDictionaryIndices(indices, dictionarySize: 8)
            var out: [Int32] = [9, 9]
            #expect(throws: ParquetError.self) {
                try stream.raw { try DictionaryDecoder.decodeIndexStream($0, count: indices.count, dictionary: [Int32](0..<6), into: &out) }
            }
            #expect(out == [9, 9])
        }
    }

    @Test func outOfRangeIndicesThrow() {
        #expect(throws: ParquetError.self) { _ = try DictionaryDecoder.gather([Int64(1), 2], indices: [0, 1, 2]) }
        #expect(throws: ParquetError.self) { _ = try DictionaryDecoder.gather([Int64](), indices: [0]) }
        var out = VarBinary()
        #expect(throws: ParquetError.self) {
            try [UInt32(5)].withUnsafeBufferPointer { try DictionaryDecoder.gather(VarBinary(strings: ["x"]), indices: $0, into: &out) }
        }
        #expect(out.count == 0)
    }
}
