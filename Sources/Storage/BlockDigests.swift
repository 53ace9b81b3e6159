import Crypto

/// The SHA-256 of each fixed-size block of an object, recorded beside the object's own hash (in its
/// fragment manifest) so that a reader fetching a large object by ranges — a lazy clone, a query in place
/// on a remote — checks every block it downloads, not only objects it downloads whole.
public struct BlockDigests: Codable, Hashable, Sendable {
    /// 1 MiB: large enough that a column chunk's pages come in few requests, small enough that a read
    /// of a few pages does not fetch the whole object.
    public static let standardBlockBytes = 1 << 20

    public var blockBytes: Int
    public var sha256: [ObjectHash]

    public init(blockBytes: Int, sha256: [ObjectHash]) {
        self.blockBytes = blockBytes
        self.sha256 = sha256
    }

    /// The digests of `bytes` in blocks of `blockBytes`, or nil when it is a single block (such objects
    /// are read whole and checked against their own hash).
    public static func of(_ bytes: [UInt8], blockBytes: Int = standardBlockBytes) -> BlockDigests? {
        guard bytes.count > blockBytes else { return nil }
        let digests = bytes.withUnsafeBytes { raw in
            stride(from: 0, to: raw.count, by: blockBytes).map { start in
                ObjectHash(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: raw[start..<min(raw.count, start + blockBytes)])))
            }
        }
        return BlockDigests(blockBytes: blockBytes, sha256: digests)
    }

    /// Whether these digests can describe an object of `size` bytes.
    public func fits(size: Int) -> Bool {
        blockBytes > 0 && sha256.count == (size + blockBytes - 1) / blockBytes
    }

    enum CodingKeys: String, CodingKey {
        case blockBytes = "block_bytes", sha256
    }
}
