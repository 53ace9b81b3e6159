/// Statistics of a page or column chunk in the Parquet statistics encoding, ready to be copied into the
/// Thrift `Statistics` (`min_value`, `max_value`, `null_count`, `is_min_value_exact`, `is_max_value_exact`).
///
/// `min`/`max` are PLAIN-encoded without length prefix: little-endian 4 or 8 bytes for numbers, one byte
/// for booleans, the raw bytes for byte arrays. They are nil when there is no non-null, non-NaN value
/// (or when a truncated max cannot be expressed).
public struct EncodedStatistics: Hashable, Sendable {
    public var min: [UInt8]?
    public var max: [UInt8]?
    public var nullCount: Int
    /// False when `min` is a truncated lower bound rather than an actual value.
    public var isMinExact: Bool
    /// False when `max` is an incremented, truncated upper bound rather than an actual value.
    public var isMaxExact: Bool

    public init(min: [UInt8]?, max: [UInt8]?, nullCount: Int, isMinExact: Bool = true, isMaxExact: Bool = true) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
        self.isMinExact = isMinExact
        self.isMaxExact = isMaxExact
    }

    /// Both bounds are present (readers only prune with both).
    public var hasMinMax: Bool { min != nil && max != nil }
}

/// Little-endian bytes of a fixed-width value (the PLAIN statistics encoding of numbers).
@inline(__always)
func littleEndianBytes<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
    withUnsafeBytes(of: value.littleEndian) { Array($0) }
}
