import Foundation

/// The digits DuckDB prints for a FLOAT.
///
/// DuckDB looks for the fewest significant digits (up to 9) whose value lies strictly inside the
/// float's rounding interval, taking the closer of the two candidates of that length. When that is
/// undecidable — a candidate falls exactly on the interval's edge before one falls inside, or two
/// candidates are equally close — it prints the float widened to a double instead (about 1% of
/// values: 67445504 prints as `67445504.0`, not `67445500.0`). This reproduces that rule with exact
/// integer arithmetic.
enum Float32Digits {
    /// `digits × 10^exponent` for a positive finite `value`, or nil when DuckDB would print the double.
    static func shortest(_ value: Float) -> (digits: UInt64, exponent: Int)? {
        guard value.isFinite, value > 0 else { return nil }
        let bits = value.bitPattern
        let biased = Int((bits >> 23) & 0xFF), fraction = UInt64(bits & 0x7F_FFFF)
        let m = biased == 0 ? fraction : fraction | (1 << 23)
        let q = biased == 0 ? -149 : biased - 150
        // The value and the edges of its rounding interval, in units of 2^(q-2).
        let v = 4 * m, high = 4 * m + 2
        let low = biased > 1 && fraction == 0 ? 4 * m - 1 : 4 * m - 2
        let unit = q - 2

        var e10 = Int(Foundation.log10(Double(value)).rounded(.down))
        while compare(1, e10, v, unit) > 0 { e10 -= 1 }
        while compare(1, e10 + 1, v, unit) <= 0 { e10 += 1 }

        for count in 1...9 {
            let k = e10 - count + 1
            var floor = UInt64(max(0, (Double(value) / Foundation.pow(10, Double(k))).rounded(.down)))
            while floor > 0 && compare(floor, k, v, unit) > 0 { floor -= 1 }
            while compare(floor + 1, k, v, unit) <= 0 { floor += 1 }
            if compare(floor, k, v, unit) == 0 { return (floor, k) }
            let ceiling = floor + 1
            let floorInside = compare(floor, k, low, unit) > 0
            let ceilingInside = compare(ceiling, k, high, unit) < 0
            if floorInside && ceilingInside {
                // Which is closer: compare their midpoint with the value.
                let order = compare(floor + ceiling, k, 2 * v, unit)
                if order == 0 { return nil }
                return order < 0 ? (ceiling, k) : (floor, k)
            }
            if floorInside { return (floor, k) }
            if ceilingInside { return (ceiling, k) }
            if compare(floor, k, low, unit) == 0 || compare(ceiling, k, high, unit) == 0 { return nil }
        }
        return nil
    }

    /// Three-way comparison of `c × 10^k` with `x × 2^b`, exactly.
    private static func compare(_ c: UInt64, _ k: Int, _ x: UInt64, _ b: Int) -> Int {
        var left = ExactInteger(c), right = ExactInteger(x)
        if k >= 0 { left.multiply(byPowerOf5: k) } else { right.multiply(byPowerOf5: -k) }
        let shift = k - b
        if shift >= 0 { left.shiftLeft(shift) } else { right.shiftLeft(-shift) }
        return ExactInteger.compare(left, right)
    }
}

/// A non-negative integer of any size, just enough to compare scaled decimals with binary fractions.
struct ExactInteger {
    /// Little-endian 32-bit limbs.
    private(set) var limbs: [UInt32]

    init(_ value: UInt64) {
        limbs = [UInt32(truncatingIfNeeded: value), UInt32(truncatingIfNeeded: value >> 32)]
        normalize()
    }

    mutating func multiply(by factor: UInt32) {
        var carry: UInt64 = 0
        for i in limbs.indices {
            let product = UInt64(limbs[i]) * UInt64(factor) + carry
            limbs[i] = UInt32(truncatingIfNeeded: product)
            carry = product >> 32
        }
        if carry > 0 { limbs.append(UInt32(carry)) }
    }

    mutating func multiply(byPowerOf5 exponent: Int) {
        var remaining = exponent
        while remaining >= 13 {
            multiply(by: 1_220_703_125) // 5^13 fits in 32 bits
            remaining -= 13
        }
        var factor: UInt32 = 1
        for _ in 0..<remaining { factor *= 5 }
        multiply(by: factor)
    }

    mutating func shiftLeft(_ bits: Int) {
        let whole = bits / 32, part = UInt32(bits % 32)
        if part > 0 {
            var carry: UInt32 = 0
            for i in limbs.indices {
                let shifted = limbs[i] << part | carry
                carry = limbs[i] >> (32 - part)
                limbs[i] = shifted
            }
            if carry > 0 { limbs.append(carry) }
        }
        limbs.insert(contentsOf: repeatElement(0, count: whole), at: 0)
        normalize()
    }

    private mutating func normalize() {
        while limbs.count > 1 && limbs.last == 0 { limbs.removeLast() }
    }

    static func compare(_ a: ExactInteger, _ b: ExactInteger) -> Int {
        if a.limbs.count != b.limbs.count { return a.limbs.count < b.limbs.count ? -1 : 1 }
        for i in a.limbs.indices.reversed() where a.limbs[i] != b.limbs[i] {
            return a.limbs[i] < b.limbs[i] ? -1 : 1
        }
        return 0
    }
}
