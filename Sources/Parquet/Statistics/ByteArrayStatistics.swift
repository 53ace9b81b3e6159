import Columnar

/// Min/max/null-count of BYTE_ARRAY (and FIXED_LEN_BYTE_ARRAY) values in unsigned lexicographic byte
/// order, which for UTF-8 strings is code point order. Only the current min and max are copied, once
/// per `update` call.
public struct ByteArrayStatistics: Sendable {
    public private(set) var nullCount = 0
    public private(set) var valueCount = 0
    public private(set) var min: [UInt8]?
    public private(set) var max: [UInt8]?

    public init() {}

    /// Adds values `range` of `values` (all of them by default); slots where `isValid` (indexed like
    /// `values`) is false count as nulls and are ignored.
    public mutating func update(_ values: VarBinary, range: Range<Int>? = nil, isValid: [Bool]? = nil) {
        let range = range ?? 0..<values.count
        if let isValid { precondition(isValid.count >= range.upperBound, "statistics: validity shorter than values") }
        var minIndex = -1, maxIndex = -1
        var valid = 0
        values.bytes.withUnsafeBytes { bytes in
            func value(_ i: Int) -> UnsafeRawBufferPointer {
                UnsafeRawBufferPointer(rebasing: bytes[values.offsets[i]..<values.offsets[i + 1]])
            }
            for i in range {
                if let isValid, !isValid[i] { continue }
                valid += 1
                let v = value(i)
                if minIndex < 0 {
                    minIndex = i
                    maxIndex = i
                    continue
                }
                if compareBytes(v, value(minIndex)) < 0 { minIndex = i }
                if compareBytes(v, value(maxIndex)) > 0 { maxIndex = i }
            }
            guard minIndex >= 0 else { return }
            offer(min: value(minIndex), max: value(maxIndex))
        }
        valueCount += valid
        nullCount += range.count - valid
    }

    /// Adds one non-null value.
    public mutating func update(bytes value: UnsafeRawBufferPointer) {
        valueCount += 1
        offer(min: value, max: value)
    }

    public mutating func addNulls(_ count: Int) { nullCount += count }

    public mutating func merge(_ other: ByteArrayStatistics) {
        nullCount += other.nullCount
        valueCount += other.valueCount
        if let lo = other.min, let hi = other.max {
            lo.withUnsafeBytes { l in hi.withUnsafeBytes { h in offer(min: l, max: h) } }
        }
    }

    /// The statistics, with min and max exact.
    public func encoded() -> EncodedStatistics {
        EncodedStatistics(min: min, max: max, nullCount: nullCount)
    }

    /// The statistics with min/max cut to at most `maxLength` bytes: a cut min is a prefix (still a lower
    /// bound); a cut max is incremented to stay an upper bound, or omitted when that is impossible.
    /// With `utf8`, cuts fall on code point boundaries and increments produce valid UTF-8.
    public func encoded(truncatingTo maxLength: Int, utf8: Bool) -> EncodedStatistics {
        var result = encoded()
        if let lo = min, lo.count > maxLength {
            result.min = BoundTruncation.lowerBound(lo, maxLength: maxLength, utf8: utf8)
            result.isMinExact = false
        }
        if let hi = max, hi.count > maxLength {
            result.max = BoundTruncation.upperBound(hi, maxLength: maxLength, utf8: utf8)
            result.isMaxExact = false
        }
        return result
    }

    private mutating func offer(min lo: UnsafeRawBufferPointer, max hi: UnsafeRawBufferPointer) {
        if let current = min {
            if current.withUnsafeBytes({ compareBytes(lo, $0) }) < 0 { min = Array(lo) }
        } else {
            min = Array(lo)
        }
        if let current = max {
            if current.withUnsafeBytes({ compareBytes(hi, $0) }) > 0 { max = Array(hi) }
        } else {
            max = Array(hi)
        }
    }
}

/// Unsigned lexicographic comparison: negative, zero or positive.
func compareBytes(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Int {
    let n = Swift.min(a.count, b.count)
    if n > 0 {
        let c = memcmpBytes(a.baseAddress!, b.baseAddress!, n)
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}
