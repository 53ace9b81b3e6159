extension Double {
    /// Whether the value has no fractional part (±infinity counts as integral, NaN does not), as
    /// `self == rounded(.towardZero)` says, without the libm call that baseline x86-64 makes of
    /// `rounded`: below 2^52 in magnitude one truncating conversion decides; above, every finite double
    /// is an integer. Tokenizers ask this of every stored value.
    @inline(__always)
    var isIntegral: Bool {
        magnitude < 4_503_599_627_370_496 ? Double(Int64(self)) == self : !isNaN
    }
}
