import Columnar
@testable import Parquet

/// Deterministic generator (SplitMix64) so random tests are reproducible.
struct SeededGenerator: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension Array where Element == UInt8 {
    /// Runs `body` over the bytes as an `UnsafeRawBufferPointer`.
    func raw<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBytes(body)
    }
}

func randomBytes(_ count: Int, using rng: inout SeededGenerator) -> [UInt8] {
    (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
}

/// Runs `body` and reports whether it threw a `ParquetError` (the only acceptable failure).
func throwsParquetError(_ body: () throws -> Void) -> Bool {
    do { try body(); return false } catch is ParquetError { return true } catch { return false }
}
