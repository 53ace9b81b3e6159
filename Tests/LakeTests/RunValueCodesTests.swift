import Columnar
import Testing
@testable import Lake

/// The index build's value codes: exactly the whole values 0...65,535 are coded, at the narrowest width,
/// and every code decodes to the value's own bits.
@Suite struct RunValueCodesTests {
    /// The codes' width, or nil, for `values` of `type`; checks that the codes decode to the same bytes.
    func width<T: BitwiseCopyable>(_ values: [T], _ type: DataType) -> Int? {
        values.withUnsafeBytes { bytes -> Int? in
            guard let (codes, width) = RunValueCodes.encode(bytes, type: type, count: values.count) else { return nil }
            let narrow: [UInt8] = width == 1 ? codes.map { UInt8($0) } : codes.withUnsafeBytes { Array($0) }
            var back = [UInt8](repeating: 0xAA, count: bytes.count)
            narrow.withUnsafeBytes { narrow in
                back.withUnsafeMutableBytes { RunValueCodes.decode(narrow.baseAddress!, width: width, count: values.count, type: type, into: $0.baseAddress!) }
            }
            #expect(back == Array(bytes), "codes of \(values) decode to other bytes")
            return width
        }
    }

    @Test func floatsAreCodedWhenWholeAndInRange() {
        #expect(width([Float(0), 1, 7, 255], .float32) == 1)
        #expect(width([Float(0), 256, 65_535], .float32) == 2)
        for odd: Float in [65_536, 0.5, 254.75, -0.0, -1, .nan, .infinity, -.infinity, .leastNonzeroMagnitude, 1e9] {
            #expect(width([Float(3), odd], .float32) == nil, "\(odd) must not be coded")
        }
        #expect(width([Double(0), 255], .float64) == 1)
        #expect(width([Double(12), 65_535], .float64) == 2)
        for odd: Double in [65_536, 65_535.000_000_000_01, 1e-300, -0.0, -3, .nan, .infinity, 0.1] {
            #expect(width([Double(3), odd], .float64) == nil, "\(odd) must not be coded")
        }
    }

    @Test func integersAreCodedWhenBelow65536AndNotNegative() {
        #expect(width([Int32(0), 200], .int32) == 1)
        #expect(width([Int32(1), 65_535], .int32) == 2)
        #expect(width([Int32(1), -1], .int32) == nil)
        #expect(width([Int32(1), 65_536], .int32) == nil)
        #expect(width([UInt32(9), 40_000], .uint32) == 2)
        #expect(width([Int64(5), 1 << 40], .int64) == nil)
        #expect(width([Int64(5), 255], .int64) == 1)
        #expect(width([UInt64(5), 1 << 63], .uint64) == nil)
        #expect(width([UInt16(3), 255], .uint16) == 1)
        #expect(width([UInt16(3), 256], .uint16) == nil)  // two-byte codes of two-byte values gain nothing
        #expect(width([Int16(3), -2], .int16) == nil)
        #expect(!RunValueCodes.applies(to: .uint8) && !RunValueCodes.applies(to: .boolean) && !RunValueCodes.applies(to: .string))
    }
}
