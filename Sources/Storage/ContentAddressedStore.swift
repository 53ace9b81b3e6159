/// Immutable data objects named by the SHA-256 of their bytes, under `objects/ab/cdef…` of an `ObjectStore`.
public struct ContentAddressedStore: Sendable {
    public let store: any ObjectStore

    public init(store: any ObjectStore) { self.store = store }

    /// Stores `bytes` (a no-op when an object with the same content exists) and returns its hash.
    @discardableResult
    public func put(_ bytes: [UInt8]) throws -> ObjectHash {
        let hash = ObjectHash.of(bytes)
        try store.putIfAbsent(hash.key, bytes)
        return hash
    }

    public func get(_ hash: ObjectHash) throws -> [UInt8] { try store.get(hash.key) }

    public func get(_ hash: ObjectHash, range: Range<Int>) throws -> [UInt8] { try store.get(hash.key, range: range) }

    public func size(of hash: ObjectHash) throws -> Int? { try store.size(of: hash.key) }

    /// A reader for many ranges of one object.
    public func rangeReader(_ hash: ObjectHash) throws -> any ObjectRangeReader { try store.rangeReader(hash.key) }

    public func contains(_ hash: ObjectHash) throws -> Bool { try store.size(of: hash.key) != nil }

    /// Reads the object and checks that its bytes still hash to its name.
    public func verify(_ hash: ObjectHash) throws {
        let actual = ObjectHash.of(try get(hash))
        if actual != hash { throw StorageError.hashMismatch(key: hash.key, expected: hash.hex, actual: actual.hex) }
    }

    /// Every object the store holds.
    public func all() throws -> [ObjectHash] {
        try store.list(prefix: "objects/").compactMap { key in
            let parts = key.split(separator: "/")
            guard parts.count == 3 else { return nil }
            return ObjectHash(hex: String(parts[1] + parts[2]))
        }
    }
}
