/// The random numbers a tokenizer draws for one cell: SplitMix64 seeded by (seed, epoch, cell id), so a
/// cell's draws do not depend on its batch, shard, thread or position in the stream.
public struct CellRandomGenerator: RandomNumberGenerator {
    private var state: UInt64

    public init(seed: UInt64, epoch: Int, cellID: Int64) {
        // Each part is mixed in through a full SplitMix64 step, so nearby seeds, epochs and cells diverge.
        var state = Self.mix(seed)
        state = Self.mix(state ^ UInt64(truncatingIfNeeded: epoch))
        state = Self.mix(state ^ UInt64(bitPattern: cellID))
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// A uniform double in [0, 1): the top 53 bits of the next draw.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1p-53
    }

    /// A uniform integer in 0 ..< bound (Lemire's multiply-shift, rejecting the biased low products).
    public mutating func nextIndex(below bound: Int) -> Int {
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = next().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        finalize(value &+ 0x9E37_79B9_7F4A_7C15)
    }

    private static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
