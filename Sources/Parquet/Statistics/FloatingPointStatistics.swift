/// Min/max/null-count of FLOAT values following the spec's rules for floating point statistics:
/// NaN never becomes min or max (all-NaN pages get no min/max), a zero min is written as -0.0 and a zero
/// max as +0.0, so readers that disagree about the sign of zero still never prune a matching row.
public struct FloatStatistics: Sendable {
    var range = FloatRange<Float>()
    public init() {}

    public var nullCount: Int { range.nullCount }
    /// Non-null values seen (NaN included).
    public var valueCount: Int { range.valueCount }
    /// Min after the zero rule (nil when no non-NaN value was seen).
    public var min: Float? { range.min }
    public var max: Float? { range.max }

    public mutating func update(_ values: UnsafeBufferPointer<Float>) { range.update(values, isValid: nil) }
    /// Adds a slot-aligned buffer: slots where `isValid` is false count as nulls and are ignored.
    public mutating func update(_ values: UnsafeBufferPointer<Float>, isValid: [Bool]?) { range.update(values, isValid: isValid) }
    public mutating func update(_ values: [Float]) { values.withUnsafeBufferPointer { update($0) } }
    public mutating func addNulls(_ count: Int) { range.nullCount += count }
    public mutating func merge(_ other: FloatStatistics) { range.merge(other.range) }
    public func encoded() -> EncodedStatistics {
        EncodedStatistics(min: min.map { littleEndianBytes($0.bitPattern) }, max: max.map { littleEndianBytes($0.bitPattern) },
                          nullCount: nullCount)
    }
}

/// Min/max/null-count of DOUBLE values; the same rules as `FloatStatistics`.
public struct DoubleStatistics: Sendable {
    var range = FloatRange<Double>()
    public init() {}

    public var nullCount: Int { range.nullCount }
    public var valueCount: Int { range.valueCount }
    public var min: Double? { range.min }
    public var max: Double? { range.max }

    public mutating func update(_ values: UnsafeBufferPointer<Double>) { range.update(values, isValid: nil) }
    public mutating func update(_ values: UnsafeBufferPointer<Double>, isValid: [Bool]?) { range.update(values, isValid: isValid) }
    public mutating func update(_ values: [Double]) { values.withUnsafeBufferPointer { update($0) } }
    public mutating func addNulls(_ count: Int) { range.nullCount += count }
    public mutating func merge(_ other: DoubleStatistics) { range.merge(other.range) }
    public func encoded() -> EncodedStatistics {
        EncodedStatistics(min: min.map { littleEndianBytes($0.bitPattern) }, max: max.map { littleEndianBytes($0.bitPattern) },
                          nullCount: nullCount)
    }
}

struct FloatRange<F: BinaryFloatingPoint & Sendable>: Sendable {
    var nullCount = 0
    var valueCount = 0
    /// +inf / -inf until a non-NaN value arrives; `hasOrdered` says whether one did.
    var lo = F.infinity
    var hi = -F.infinity
    var hasOrdered = false

    var min: F? {
        guard hasOrdered else { return nil }
        return lo == 0 ? -F.zero : lo
    }

    var max: F? {
        guard hasOrdered else { return nil }
        return hi == 0 ? F.zero : hi
    }

    mutating func update(_ values: UnsafeBufferPointer<F>, isValid: [Bool]?) {
        var lo = self.lo, hi = self.hi
        if let isValid {
            precondition(isValid.count == values.count, "statistics: validity length differs from values")
            var valid = 0
            for i in 0..<values.count where isValid[i] {
                let v = values[i]
                valid += 1
                if v < lo { lo = v }
                if v > hi { hi = v }
            }
            valueCount += valid
            nullCount += values.count - valid
        } else {
            // Four independent bounds, so the comparisons do not wait on one another; a NaN compares
            // false and leaves them as they are.
            var lo1 = lo, lo2 = lo, lo3 = lo, hi1 = hi, hi2 = hi, hi3 = hi
            var i = 0
            while i + 4 <= values.count {
                let a = values[i], b = values[i + 1], c = values[i + 2], d = values[i + 3]
                lo = a < lo ? a : lo; lo1 = b < lo1 ? b : lo1; lo2 = c < lo2 ? c : lo2; lo3 = d < lo3 ? d : lo3
                hi = a > hi ? a : hi; hi1 = b > hi1 ? b : hi1; hi2 = c > hi2 ? c : hi2; hi3 = d > hi3 ? d : hi3
                i += 4
            }
            for k in i..<values.count {
                let v = values[k]
                lo = v < lo ? v : lo
                hi = v > hi ? v : hi
            }
            lo = Swift.min(Swift.min(lo, lo1), Swift.min(lo2, lo3))
            hi = Swift.max(Swift.max(hi, hi1), Swift.max(hi2, hi3))
            valueCount += values.count
        }
        self.lo = lo
        self.hi = hi
        // Any ordered value v leaves lo ≤ v ≤ hi; NaNs alone leave lo = +inf above hi = -inf.
        hasOrdered = hasOrdered || lo <= hi
    }

    mutating func merge(_ other: FloatRange) {
        nullCount += other.nullCount
        valueCount += other.valueCount
        guard other.hasOrdered else { return }
        if other.lo < lo { lo = other.lo }
        if other.hi > hi { hi = other.hi }
        hasOrdered = true
    }
}
