import Columnar
import Testing
@testable import Parquet

@Suite struct ByteStreamSplitTests {
    /// Reference encoder: byte k of value i goes to stream k.
    func split(_ plain: [UInt8], width: Int) -> [UInt8] {
        let n = plain.count / width
        var out = [UInt8](repeating: 0, count: plain.count)
        for i in 0..<n { for k in 0..<width { out[k * n + i] = plain[i * width + k] } }
        return out
    }

    @Test func decodesAllWidths() throws {
        var rng = SeededGenerator(seed: 9)
        let doubles: [Double] = [.nan, -0.0, 0, .infinity, -.infinity, .pi] + (0..<1000).map { _ in .random(in: -1e9...1e9, using: &rng) }
        let floats: [Float] = [.nan, -0.0, 1.25, -.infinity]
        let ints32: [Int32] = [.min, .max, 0, -1, 77]
        let ints64: [Int64] = [.min, .max, 0, -1, 77]
        var d: [Double] = [], f: [Float] = [], i32: [Int32] = [], i64: [Int64] = []
        try split(PlainEncoder.encode(doubles), width: 8).raw { _ = try ByteStreamSplitDecoder.decode($0, count: doubles.count, into: &d) }
        try split(PlainEncoder.encode(floats), width: 4).raw { _ = try ByteStreamSplitDecoder.decode($0, count: floats.count, into: &f) }
        try split(PlainEncoder.encode(ints32), width: 4).raw { _ = try ByteStreamSplitDecoder.decode($0, count: ints32.count, into: &i32) }
        try split(PlainEncoder.encode(ints64), width: 8).raw { _ = try ByteStreamSplitDecoder.decode($0, count: ints64.count, into: &i64) }
        #expect(d.map(\.bitPattern) == doubles.map(\.bitPattern))
        #expect(f.map(\.bitPattern) == floats.map(\.bitPattern))
        #expect(i32 == ints32)
        #expect(i64 == ints64)

        var fixed = VarBinary()
        try split([1, 2, 3, 4, 5, 6], width: 3).raw { _ = try ByteStreamSplitDecoder.decodeFixedLength($0, count: 2, width: 3, into: &fixed) }
        #expect(fixed == VarBinary(offsets: [0, 3, 6], bytes: [1, 2, 3, 4, 5, 6]))
    }

    @Test func specExample() throws {
        // Encodings.md example: three 32-bit values with' bytes AA BB CC DD, 00 11 22 33, A3 B4 C5 D6.
        let encoded: [UInt8] = [0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6]
        var out: [Int32] = []
        try encoded.raw { _ = try ByteStreamSplitDecoder.decode($0, count: 3, into: &out) }
        #expect(out.map { UInt32(bitPattern: $0) } == [0xDDCC_BBAA, 0x3322_1100, 0xD6C5_B4A3])
    }

    @Test func badSizesThrow() {
        var out: [Double] = []
        #expect(throws: ParquetError.self) { try [UInt8](repeating: 0, count: 12).raw { _ = try ByteStreamSplitDecoder.decode($0, count: 1, into: &out) } }
        #expect(throws: ParquetError.self) { try [UInt8](repeating: 0, count: 16).raw { _ = try ByteStreamSplitDecoder.decode($0, count: 3, into: &out) } }
        var fixed = VarBinary()
        #expect(throws: ParquetError.self) { try [UInt8](repeating: 0, count: 4).raw { _ = try ByteStreamSplitDecoder.decodeFixedLength($0, count: 1, width: 0, into: &fixed) } }
    }
}
