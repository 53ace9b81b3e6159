import Columnar
import Testing
@testable import Parquet

/// Decodes value sections written by pyarrow (an independent implementation; note it uses block size 256
/// for INT64 DELTA_BINARY_PACKED) and checks our encoders agree where the layout is fixed.
@Suite struct PyArrowCompatibilityTests {
    @Test func deltaBinaryPackedFromPyArrow() throws {
        var out: [Int64] = []
        let consumed = try PyArrowFixtures.deltaBinaryPacked.raw {
            try DeltaBinaryPackedDecoder.decode($0, count: PyArrowFixtures.ints.count, into: &out)
        }
        #expect(out == PyArrowFixtures.ints)
        #expect(consumed == PyArrowFixtures.deltaBinaryPacked.count)
    }

    @Test func deltaByteArraysFromPyArrow() throws {
        let strings = PyArrowFixtures.strings
        var prefixed = VarBinary()
        var lengths = VarBinary()
        let c1 = try PyArrowFixtures.deltaByteArray.raw { try DeltaByteArrayDecoder.decodeDeltaByteArray($0, count: strings.count, into: &prefixed) }
        let c2 = try PyArrowFixtures.deltaLengthByteArray.raw { try DeltaByteArrayDecoder.decodeDeltaLength($0, count: strings.count, into: &lengths) }
        #expect(prefixed == VarBinary(strings: strings))
        #expect(lengths == VarBinary(strings: strings))
        #expect(c1 == PyArrowFixtures.deltaByteArray.count)
        #expect(c2 == PyArrowFixtures.deltaLengthByteArray.count)
    }

    @Test func byteStreamSplitFromPyArrow() throws {
        var out: [Double] = []
        try PyArrowFixtures.byteStreamSplitDoubles.raw {
            _ = try ByteStreamSplitDecoder.decode($0, count: PyArrowFixtures.doubleBits.count, into: &out)
        }
        #expect(out.map(\.bitPattern) == PyArrowFixtures.doubleBits)
    }
}
