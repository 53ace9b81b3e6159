extension Double {
    /// Whether the value has no fractional part (±infinity counts as integral, NaN does not), as
    /// `self == rounded(.towardZero)` says, without the libm call that baseline x86-64 makes of
    /// `rounded`. Every double of magnitude 2^52 or more is an integer, and below that adding and taking
    /// away 2^52 rounds to the nearest integer: so `fraction` is 0 exactly for integers (NaN for NaN).
    /// Tokenizers ask this of every stored value; fragment writers, of every floating-point one.
    @inlinable @inline(__always)
    public var isIntegral: Bool { fraction == 0 }

    /// The magnitude's distance to the nearest integer (0 for integers and infinities, NaN for NaN),
    /// without a branch, so that a loop can sum it over many values and test once.
    @inlinable @inline(__always)
    public var fraction: Double {
        let m = Swift.min(magnitude, 0x1p52)  // NaN stays NaN: min keeps its first operand unless the second is less
        return ((m + 0x1p52) - 0x1p52 - m).magnitude
    }
}
