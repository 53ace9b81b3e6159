import Testing
@testable import Parquet

@Suite struct BitPackingTests {
    @Test(arguments: Array(0...64))
    func roundTripsEveryWidth(bitWidth: Int) throws {
        var rng = SeededGenerator(seed: UInt64(bitWidth) &+ 1)
        let mask: UInt64 = bitWidth == 64 ? ~0 : (1 << UInt64(bitWidth)) - 1
        for count in [0, 1, 7, 8, 9, 63, 1000] {
            let values = (0..<count).map { _ in UInt64.random(in: .min ... .max, using: &rng) & mask }
            let packed = BitPacking.pack(values, bitWidth: bitWidth)
            #expect(packed.count == BitPacking.byteCount(values: count, bitWidth: bitWidth))
            #expect(try BitPacking.unpack(packed, count: count, bitWidth: bitWidth) == values)
        }
    }

    @Test func masksWideValues() throws {
        let packed = BitPacking.pack([0xFF, 0x01], bitWidth: 3)
        #expect(try BitPacking.unpack(packed, count: 2, bitWidth: 3) == [7, 1])
    }

    @Test func matchesSpecLayout() {
        // Encodings.md: values 0…7 with bit width 3 pack to 10001000 11000110 11111010.
        #expect(BitPacking.pack([0, 1, 2, 3, 4, 5, 6, 7], bitWidth: 3) == [0b1000_1000, 0b1100_0110, 0b1111_1010])
    }

    @Test func unpacksIntoUInt32() throws {
        let values: [UInt32] = [1, 2, 3, 0xFFFF_FFFF, 0, 17]
        var packed: [UInt8] = []
        values.withUnsafeBufferPointer { BitPacking.pack($0, bitWidth: 32, into: &packed) }
        var out = [UInt32](repeating: 0, count: values.count)
        try packed.raw { src in try out.withUnsafeMutableBufferPointer { try BitPacking.unpack(src, bitWidth: 32, into: $0) } }
        #expect(out == values)
    }

    @Test func rejectsBadWidthsAndShortInput() {
        #expect(throws: ParquetError.self) { try BitPacking.unpack([1, 2, 3], count: 1, bitWidth: 65) }
        #expect(throws: ParquetError.self) { try BitPacking.unpack([1, 2, 3], count: 1, bitWidth: -1) }
        #expect(throws: ParquetError.self) { try BitPacking.unpack([1, 2, 3], count: 4, bitWidth: 7) }
        #expect(throws: ParquetError.self) { try BitPacking.unpack([], count: Int.max, bitWidth: 64) }
    }
}
