/// SplitMix64: a small generator whose sequence is the same on every platform and Swift version, so a
/// (seed, epoch, shard) names the same batches everywhere (the standard library's generator promises no such thing).
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator for one purpose: `parts` (the user's seed, the epoch, a shard, a salt…) mixed together.
    public init(_ parts: UInt64...) {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for part in parts { state = SeededRandom.mix(state ^ part) }
        self.state = state
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return SeededRandom.mix(state)
    }

    static func mix(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A uniform integer in 0..<bound without modulo bias (Lemire's method, exact for every bound).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        let range = UInt64(bound)
        var product = next().multipliedFullWidth(by: range)
        if product.low < range {
            let threshold = (0 &- range) % range
            while product.low < threshold { product = next().multipliedFullWidth(by: range) }
        }
        return Int(product.high)
    }

    /// Fisher–Yates, with `below` so the permutation depends on nothing but the seed.
    public mutating func permute<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, below(i + 1)) }
    }
}
