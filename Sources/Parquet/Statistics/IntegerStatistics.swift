/// Min/max/null-count of INT32 values. With `unsigned` (uint8/16/32 logical types) values compare as
/// `UInt32` bit patterns, as Parquet's type-defined order requires; otherwise as signed integers.
/// Use one per page, then `merge` pages into the row group's accumulator.
public struct Int32Statistics: Sendable {
    var range: OrderedKeyRange<UInt32>
    public init(unsigned: Bool = false) { range = OrderedKeyRange(flip: unsigned ? 0 : 1 << 31) }

    public var isUnsigned: Bool { range.flip == 0 }
    public var nullCount: Int { range.nullCount }
    /// Non-null values seen.
    public var valueCount: Int { range.valueCount }
    public var min: Int32? { range.minBits.map { Int32(bitPattern: $0) } }
    public var max: Int32? { range.maxBits.map { Int32(bitPattern: $0) } }

    /// Adds non-null values.
    public mutating func update(_ values: UnsafeBufferPointer<Int32>) {
        values.withMemoryRebound(to: UInt32.self) { range.update($0, isValid: nil) }
    }
    /// Adds a slot-aligned buffer: slots where `isValid` is false count as nulls and are ignored.
    public mutating func update(_ values: UnsafeBufferPointer<Int32>, isValid: [Bool]?) {
        values.withMemoryRebound(to: UInt32.self) { range.update($0, isValid: isValid) }
    }
    public mutating func update(_ values: [Int32]) { values.withUnsafeBufferPointer { update($0) } }
    public mutating func addNulls(_ count: Int) { range.nullCount += count }
    public mutating func merge(_ other: Int32Statistics) { range.merge(other.range) }
    public func encoded() -> EncodedStatistics { range.encoded() }
}

/// Min/max/null-count of INT64 values; `unsigned` (uint64) compares as `UInt64`, so values above 2^63
/// order above every smaller value.
public struct Int64Statistics: Sendable {
    var range: OrderedKeyRange<UInt64>
    public init(unsigned: Bool = false) { range = OrderedKeyRange(flip: unsigned ? 0 : 1 << 63) }

    public var isUnsigned: Bool { range.flip == 0 }
    public var nullCount: Int { range.nullCount }
    public var valueCount: Int { range.valueCount }
    public var min: Int64? { range.minBits.map { Int64(bitPattern: $0) } }
    public var max: Int64? { range.maxBits.map { Int64(bitPattern: $0) } }

    public mutating func update(_ values: UnsafeBufferPointer<Int64>) {
        values.withMemoryRebound(to: UInt64.self) { range.update($0, isValid: nil) }
    }
    public mutating func update(_ values: UnsafeBufferPointer<Int64>, isValid: [Bool]?) {
        values.withMemoryRebound(to: UInt64.self) { range.update($0, isValid: isValid) }
    }
    public mutating func update(_ values: [Int64]) { values.withUnsafeBufferPointer { update($0) } }
    public mutating func addNulls(_ count: Int) { range.nullCount += count }
    public mutating func merge(_ other: Int64Statistics) { range.merge(other.range) }
    public func encoded() -> EncodedStatistics { range.encoded() }
}

/// Min/max/null-count of BOOLEAN values (false < true), encoded as one byte each.
public struct BooleanStatistics: Sendable {
    public private(set) var nullCount = 0
    public private(set) var valueCount = 0
    private var sawFalse = false
    private var sawTrue = false

    public init() {}

    public var min: Bool? { valueCount == 0 ? nil : !sawFalse }
    public var max: Bool? { valueCount == 0 ? nil : sawTrue }

    public mutating func update(_ values: UnsafeBufferPointer<Bool>, isValid: [Bool]? = nil) {
        for (i, v) in values.enumerated() {
            if let isValid, !isValid[i] { nullCount += 1; continue }
            valueCount += 1
            if v { sawTrue = true } else { sawFalse = true }
        }
    }
    public mutating func update(_ values: [Bool]) { values.withUnsafeBufferPointer { update($0) } }
    public mutating func addNulls(_ count: Int) { nullCount += count }
    public mutating func merge(_ other: BooleanStatistics) {
        nullCount += other.nullCount
        valueCount += other.valueCount
        sawFalse = sawFalse || other.sawFalse
        sawTrue = sawTrue || other.sawTrue
    }
    public func encoded() -> EncodedStatistics {
        EncodedStatistics(min: min.map { [$0 ? 1 : 0] }, max: max.map { [$0 ? 1 : 0] }, nullCount: nullCount)
    }
}

/// Range of integer bit patterns under an order where `pattern ^ flip` compares unsigned:
/// `flip` is the sign bit for signed order, 0 for unsigned order.
struct OrderedKeyRange<Bits: FixedWidthInteger & UnsignedInteger & Sendable>: Sendable {
    let flip: Bits
    var nullCount = 0
    var valueCount = 0
    /// Min/max in key space (`bits ^ flip`); meaningful when `valueCount > 0`.
    var minKey: Bits = .max
    var maxKey: Bits = .min

    init(flip: Bits) { self.flip = flip }

    var minBits: Bits? { valueCount == 0 ? nil : minKey ^ flip }
    var maxBits: Bits? { valueCount == 0 ? nil : maxKey ^ flip }

    mutating func update(_ values: UnsafeBufferPointer<Bits>, isValid: [Bool]?) {
        var lo = minKey, hi = maxKey
        let flip = self.flip
        if let isValid {
            precondition(isValid.count == values.count, "statistics: validity length differs from values")
            var valid = 0
            for i in 0..<values.count where isValid[i] {
                let key = values[i] ^ flip
                lo = Swift.min(lo, key)
                hi = Swift.max(hi, key)
                valid += 1
            }
            valueCount += valid
            nullCount += values.count - valid
        } else {
            for v in values {
                let key = v ^ flip
                lo = Swift.min(lo, key)
                hi = Swift.max(hi, key)
            }
            valueCount += values.count
        }
        minKey = lo
        maxKey = hi
    }

    mutating func merge(_ other: OrderedKeyRange) {
        precondition(flip == other.flip, "statistics: merging signed with unsigned accumulators")
        nullCount += other.nullCount
        valueCount += other.valueCount
        minKey = Swift.min(minKey, other.minKey)
        maxKey = Swift.max(maxKey, other.maxKey)
    }

    func encoded() -> EncodedStatistics {
        EncodedStatistics(min: minBits.map(littleEndianBytes), max: maxBits.map(littleEndianBytes), nullCount: nullCount)
    }
}
