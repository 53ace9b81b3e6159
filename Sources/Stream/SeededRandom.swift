/// SplitMix64 seeded by a few parts — (seed, epoch, shard, salt) for a stream's order, (seed, epoch, cell id)
/// for a tokenizer's draws for one cell — so the same parts give the same sequence on every platform and
/// Swift version (the standard library's generator promises no such thing), whatever the batch, shard,
/// thread or position in the stream.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// Each part is mixed in through a full SplitMix64 step, so nearby seeds, epochs and cells diverge.
    public init(_ first: UInt64, _ rest: UInt64...) {
        var state = Self.mix(first)
        for part in rest { state = Self.mix(state ^ part) }
        self.state = state
    }

    /// A tokenizer's draws for one cell.
    public init(seed: UInt64, epoch: Int, cellID: Int64) {
        self.init(seed, UInt64(truncatingIfNeeded: epoch), UInt64(bitPattern: cellID))
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
        precondition(bound > 0)
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold { product = next().multipliedFullWidth(by: n) }
        }
        return Int(product.high)
    }

    /// Fisher–Yates with `nextIndex`, so the permutation depends on nothing but the seed.
    public mutating func permute<T>(_ items: inout [T]) {
        guard items.count > 1 else { return }
        for i in stride(from: items.count - 1, to: 0, by: -1) { items.swapAt(i, nextIndex(below: i + 1)) }
    }

    private static func mix(_ value: UInt64) -> UInt64 {
        finalize(value &+ 0x9E37_79B9_7F4A_7C15)
    }

    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
