import Crypto

/// The SHA-256 of an object's bytes: its name in `objects/`.
public struct ObjectHash: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let hex: String

    public init<D: Digest>(_ digest: D) {
        let digits = Array("0123456789abcdef".utf8)
        hex = digest.withUnsafeBytes { bytes in
            String(unsafeUninitializedCapacity: bytes.count * 2) { text in
                for (i, byte) in bytes.enumerated() {
                    text[2 * i] = digits[Int(byte >> 4)]
                    text[2 * i + 1] = digits[Int(byte & 15)]
                }
                return bytes.count * 2
            }
        }
    }

    /// Parses a 64-digit lowercase hex name; nil for anything else.
    public init?(hex: String) {
        // Over the bytes at once: thousands of these are read with a table's manifests.
        var hex = hex
        let valid = hex.withUTF8 { bytes in
            bytes.count == 64 && bytes.allSatisfy { ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }
        }
        guard valid else { return nil }
        self.hex = hex
    }

    public static func of(_ bytes: [UInt8]) -> ObjectHash { ObjectHash(SHA256.hash(data: bytes)) }

    /// `objects/ab/cdef…`
    public var key: String {
        let h = hex
        return "objects/\(h.prefix(2))/\(h.dropFirst(2))"
    }

    public var description: String { hex }

    public static func < (a: ObjectHash, b: ObjectHash) -> Bool { a.hex < b.hex }

    public init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let hash = ObjectHash(hex: text) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "'\(text)' is not a SHA-256 hex digest")
        }
        self = hash
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(hex)
    }
}

#if canImport(Glibc)
import Glibc
#endif

extension ObjectHash {
    /// SHA-256 of a file's bytes, read in 1 MiB chunks (bounded memory for large sources).
    public static func ofFile(_ path: String) throws -> ObjectHash {
        let fd = try POSIX.open(path, O_RDONLY)
        defer { close(fd) }
        var hasher = SHA256()
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        var offset = 0
        while true {
            let n = try buffer.withUnsafeMutableBytes { try POSIX.preadAll(fd, into: $0, at: offset, path: path) }
            if n == 0 { break }
            buffer.withUnsafeBytes { hasher.update(bufferPointer: UnsafeRawBufferPointer(rebasing: $0[0..<n])) }
            offset += n
        }
        return ObjectHash(hasher.finalize())
    }
}
