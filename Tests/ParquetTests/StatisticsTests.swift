import Columnar
import Testing
@testable import Parquet

@Suite struct StatisticsTests {
    @Test func signedAndUnsignedInt64() {
        let big = UInt64(1) << 63 + 5
        let values: [Int64] = [3, Int64(bitPattern: big), 7, 0]
        var signed = Int64Statistics()
        signed.update(values)
        #expect(signed.min == Int64(bitPattern: big))
        #expect(signed.max == 7)
        var unsigned = Int64Statistics(unsigned: true)
        unsigned.update(values)
        #expect(unsigned.min == 0)
        #expect(unsigned.max.map { UInt64(bitPattern: $0) } == big)
        let encoded = unsigned.encoded()
        #expect(encoded.min == [0, 0, 0, 0, 0, 0, 0, 0])
        #expect(encoded.max == [5, 0, 0, 0, 0, 0, 0, 0x80])
    }

    @Test func int32WithNullsAndMerge() {
        var page1 = Int32Statistics()
        [Int32(5), 0, -9].withUnsafeBufferPointer { page1.update($0, isValid: [true, false, true]) }
        var page2 = Int32Statistics()
        page2.update([Int32.max])
        page2.addNulls(2)
        var chunk = Int32Statistics()
        chunk.merge(page1)
        chunk.merge(page2)
        #expect(chunk.min == -9)
        #expect(chunk.max == .max)
        #expect(chunk.nullCount == 3)
        #expect(chunk.encoded() == EncodedStatistics(min: [0xF7, 0xFF, 0xFF, 0xFF], max: [0xFF, 0xFF, 0xFF, 0x7F], nullCount: 3))

        var uint32 = Int32Statistics(unsigned: true)
        uint32.update([Int32(bitPattern: 0xFFFF_FFFF), 1])
        #expect(uint32.min == 1)
        #expect(uint32.max == -1)

        var empty = Int32Statistics()
        empty.addNulls(4)
        #expect(!empty.encoded().hasMinMax)
        #expect(empty.encoded().nullCount == 4)
    }

    @Test func floatRules() {
        var s = DoubleStatistics()
        s.update([.nan, 3, -2, .nan])
        #expect(s.min == -2 && s.max == 3)
        var allNaN = FloatStatistics()
        allNaN.update([.nan, .nan])
        #expect(allNaN.min == nil && !allNaN.encoded().hasMinMax)
        var zeros = DoubleStatistics()
        zeros.update([0.0, 0.0])
        #expect(zeros.min!.sign == .minus && zeros.max!.sign == .plus)
        #expect(zeros.encoded().min == [0, 0, 0, 0, 0, 0, 0, 0x80])
        #expect(zeros.encoded().max == [0, 0, 0, 0, 0, 0, 0, 0])
        var negZeroMax = FloatStatistics()
        negZeroMax.update([-0.0, -5])
        #expect(negZeroMax.max!.sign == .plus && negZeroMax.max == 0)
        var infs = FloatStatistics()
        infs.update([.infinity, -.infinity, .nan])
        #expect(infs.min == -.infinity && infs.max == .infinity)
        var merged = FloatStatistics()
        merged.merge(allNaN)
        merged.merge(infs)
        #expect(merged.min == -.infinity && merged.valueCount == 5)
    }

    /// Long buffers go through the lane-wise loops: their bounds must be what one value at a time gives,
    /// wherever the extremes, NaNs and signed zeros fall (tails included).
    @Test func longBuffersMatchOneValueAtATime() {
        var rng = SeededGenerator(seed: 21)
        for count in [7, 8, 9, 33, 1001] {
            let doubles: [Double] = (0..<count).map { _ in
                switch Int.random(in: 0..<10, using: &rng) {
                case 0: return .nan
                case 1: return Bool.random(using: &rng) ? 0.0 : -0.0
                default: return Double.random(in: -1e6...1e6, using: &rng)
                }
            }
            var s = DoubleStatistics()
            s.update(doubles)
            let ordered = doubles.filter { !$0.isNaN }
            #expect(s.min == ordered.min().map { $0 == 0 ? -0.0 : $0 } && s.max == ordered.max().map { $0 == 0 ? 0.0 : $0 }, "\(count)")
            var f = FloatStatistics()
            f.update(doubles.map(Float.init))
            #expect(f.min == ordered.min().map { Float($0) == 0 ? -0.0 : Float($0) } && f.max == ordered.max().map { Float($0) == 0 ? 0.0 : Float($0) })
            let ints = (0..<count).map { _ in Int64.random(in: .min ... .max, using: &rng) }
            var signed = Int64Statistics(), unsigned = Int64Statistics(unsigned: true)
            signed.update(ints)
            unsigned.update(ints)
            #expect(signed.min == ints.min() && signed.max == ints.max())
            #expect(unsigned.min.map { UInt64(bitPattern: $0) } == ints.map { UInt64(bitPattern: $0) }.min())
            #expect(unsigned.max.map { UInt64(bitPattern: $0) } == ints.map { UInt64(bitPattern: $0) }.max())
        }
        var nans = DoubleStatistics()
        nans.update([Double](repeating: .nan, count: 20))
        #expect(nans.min == nil && nans.valueCount == 20)
    }

    @Test func booleans() {
        var s = BooleanStatistics()
        s.update([true, true])
        #expect(s.encoded() == EncodedStatistics(min: [1], max: [1], nullCount: 0))
        s.update([false])
        #expect(s.encoded().min == [0])
    }

    @Test func byteArraysUseUnsignedByteOrder() {
        let strings = ["b", "", "ÿ", "a", "z", "日本", "🙂", "Z"]
        var s = ByteArrayStatistics()
        let values = VarBinary(strings: strings)
        s.update(values, isValid: [true, false, true, true, true, true, true, true])
        #expect(s.min == Array("Z".utf8))
        #expect(s.max == Array("🙂".utf8))
        #expect(s.nullCount == 1)
        var withEmpty = ByteArrayStatistics()
        withEmpty.update(values, range: 0..<2)
        #expect(withEmpty.min == [])
        #expect(withEmpty.max == Array("b".utf8))
        withEmpty.merge(s)
        #expect(withEmpty.max == Array("🙂".utf8))
    }

    @Test func randomByteArraysMatchSortedOrder() {
        var rng = SeededGenerator(seed: 21)
        let values = (0..<5000).map { _ in randomBytes(Int.random(in: 0...6, using: &rng), using: &rng) }
        var binary = VarBinary()
        for v in values { binary.append(contentsOf: v) }
        var s = ByteArrayStatistics()
        s.update(binary)
        let sorted = values.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(s.min == sorted.first)
        #expect(s.max == sorted.last)
    }

    @Test func truncation() {
        var s = ByteArrayStatistics()
        s.update(VarBinary(strings: [String(repeating: "a", count: 100), String(repeating: "b", count: 100)]))
        let t = s.encoded(truncatingTo: 8, utf8: true)
        #expect(t.min == Array("aaaaaaaa".utf8) && !t.isMinExact)
        #expect(t.max == Array("bbbbbbbc".utf8) && !t.isMaxExact)
        #expect(s.encoded(truncatingTo: 200, utf8: true) == s.encoded())

        // Binary max: trailing 0xFF bytes roll over; all 0xFF cannot be bounded.
        #expect(BoundTruncation.upperBound([1, 0xFF, 0xFF, 7], maxLength: 3, utf8: false) == [2])
        #expect(BoundTruncation.upperBound([0xFF, 0xFF, 0xFF], maxLength: 2, utf8: false) == nil)
        // UTF-8: cuts on code point boundaries, increments code points.
        let text = Array("aé日🙂".utf8) // 1 + 2 + 3 + 4 bytes
        #expect(BoundTruncation.lowerBound(text, maxLength: 5, utf8: true) == Array("aé".utf8))
        #expect(BoundTruncation.upperBound(text, maxLength: 5, utf8: true) == Array("aê".utf8))
        #expect(BoundTruncation.upperBound(Array("\u{10FFFF}\u{10FFFF}x".utf8), maxLength: 8, utf8: true) == nil)
        #expect(BoundTruncation.upperBound(Array("a\u{D7FF}x".utf8), maxLength: 4, utf8: true) == Array("a\u{E000}".utf8))
        let bound = BoundTruncation.upperBound(text, maxLength: 6, utf8: true)!
        #expect(String(validating: bound, as: UTF8.self) != nil)
        #expect(!bound.lexicographicallyPrecedes(text))
    }
}
