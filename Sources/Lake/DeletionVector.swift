/// Deleted row positions of one fragment, stored as a data object:
/// the magic `CDV1`, a little-endian UInt64 count, then that many strictly increasing little-endian UInt64
/// row positions, each below the fragment's row count.
public struct DeletionVector: Hashable, Sendable {
    static let magic: [UInt8] = Array("CDV1".utf8)

    public let positions: [UInt64]

    public init(positions: [UInt64]) {
        self.positions = positions.sorted()
    }

    public func encoded() -> [UInt8] {
        var out = DeletionVector.magic
        out.reserveCapacity(12 + positions.count * 8)
        appendLittleEndian(UInt64(positions.count), to: &out)
        for p in positions { appendLittleEndian(p, to: &out) }
        return out
    }

    /// Decodes and validates against the fragment's row count; never traps on hostile bytes.
    public init(decoding bytes: [UInt8], rows: Int) throws {
        guard bytes.count >= 12, Array(bytes[0..<4]) == DeletionVector.magic else {
            throw LakeError.corruptDeletionVector("missing CDV1 header")
        }
        let count = readLittleEndian(bytes, at: 4)
        guard count <= UInt64((bytes.count - 12) / 8), bytes.count == 12 + Int(count) * 8 else {
            throw LakeError.corruptDeletionVector("declares \(count) positions in \(bytes.count) bytes")
        }
        var positions: [UInt64] = []
        positions.reserveCapacity(Int(count))
        var previous: UInt64? = nil
        for i in 0..<Int(count) {
            let p = readLittleEndian(bytes, at: 12 + i * 8)
            guard p < UInt64(rows) else { throw LakeError.corruptDeletionVector("position \(p) beyond \(rows) rows") }
            if let previous, p <= previous { throw LakeError.corruptDeletionVector("positions not strictly increasing") }
            positions.append(p)
            previous = p
        }
        self.positions = positions
    }

    /// A mask over `rows` rows: true for rows that are live.
    public func liveMask(rows: Int) -> [Bool] {
        var mask = [Bool](repeating: true, count: rows)
        for p in positions where p < UInt64(rows) { mask[Int(p)] = false }
        return mask
    }
}

private func appendLittleEndian(_ value: UInt64, to out: inout [UInt8]) {
    withUnsafeBytes(of: value.littleEndian) { out.append(contentsOf: $0) }
}

private func readLittleEndian(_ bytes: [UInt8], at offset: Int) -> UInt64 {
    var value: UInt64 = 0
    for i in 0..<8 { value |= UInt64(bytes[offset + i]) << (8 * UInt64(i)) }
    return value
}
