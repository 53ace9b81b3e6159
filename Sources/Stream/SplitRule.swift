import Foundation

/// A leak-free train/validation split: cells are assigned by a hash of a column's value (a donor, a
/// dataset), so every cell sharing that value lands in the same part, on every machine and every run.
public struct SplitRule: Sendable, Equatable {
    public var parts: [(name: String, fraction: Double)]
    /// The column whose value is hashed; nil hashes the cell id (a per-cell split).
    public var column: String?
    public var seed: UInt64
    /// The part to stream.
    public var use: String

    public static func == (a: SplitRule, b: SplitRule) -> Bool {
        a.parts.map(\.name) == b.parts.map(\.name) && a.parts.map(\.fraction) == b.parts.map(\.fraction)
            && a.column == b.column && a.seed == b.seed && a.use == b.use
    }

    public struct Invalid: Error, CustomStringConvertible {
        public var description: String
    }

    /// Parses `train=0.9,val=0.1`: names unique, fractions positive and summing to 1.
    public init(parts text: String, column: String?, seed: UInt64, use: String) throws {
        var parts: [(String, Double)] = []
        for piece in text.split(separator: ",", omittingEmptySubsequences: false) {
            let pair = piece.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard pair.count == 2, !pair[0].isEmpty, let fraction = Double(pair[1]), fraction > 0, fraction <= 1 else {
                throw Invalid(description: "--split: '\(piece)' is not NAME=FRACTION (e.g. train=0.9,val=0.1)")
            }
            guard !parts.contains(where: { $0.0 == pair[0] }) else { throw Invalid(description: "--split: part '\(pair[0])' given twice") }
            parts.append((pair[0], fraction))
        }
        let sum = parts.reduce(0) { $0 + $1.1 }
        guard abs(sum - 1) < 1e-9 else { throw Invalid(description: "--split: fractions add up to \(sum), not 1") }
        guard parts.contains(where: { $0.0 == use }) else {
            throw Invalid(description: "--use: no split part '\(use)' (parts: \(parts.map(\.0).joined(separator: ", ")))")
        }
        self.parts = parts
        self.column = column
        self.seed = seed
        self.use = use
    }

    /// The part a key falls in: FNV-1a of (seed, key), mixed, as a fraction of [0, 1).
    public func part(of key: String) -> String {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in withUnsafeBytes(of: seed.littleEndian, Array.init) + Array(key.utf8) {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01B3
        }
        let u = Double(SeededRandom.finalize(hash) >> 11) * 0x1p-53
        var cumulative = 0.0
        for (name, fraction) in parts {
            cumulative += fraction
            if u < cumulative { return name }
        }
        return parts[parts.count - 1].name
    }
}
