/// A version token of a stored object, used for conditional writes (an ETag on S3, a content hash locally).
public struct ObjectVersion: Hashable, Sendable, CustomStringConvertible {
    public var token: String
    public init(_ token: String) { self.token = token }
    public var description: String { token }
}

/// What a conditional write expects to find.
public enum WriteCondition: Hashable, Sendable {
    /// The object must not exist yet.
    case absent
    /// The object must currently be at this version.
    case matches(ObjectVersion)
}

/// An object's bytes and the version they were read at.
public struct VersionedBytes: Sendable {
    public var bytes: [UInt8]
    public var version: ObjectVersion
    public init(bytes: [UInt8], version: ObjectVersion) {
        self.bytes = bytes
        self.version = version
    }
}

/// The interface every reader and writer of repository bytes goes through: local disk here, object storage
/// (S3, HTTPS) in the Remote layer. Keys are relative, slash-separated paths without `..` components.
public protocol ObjectStore: Sendable {
    /// The whole object.
    func get(_ key: String) throws -> [UInt8]
    /// `range` of the object's bytes; throws `rangeOutOfBounds` if it reaches past the end.
    func get(_ key: String, range: Range<Int>) throws -> [UInt8]
    /// The object's size, or nil if it does not exist.
    func size(of key: String) throws -> Int?
    /// Stores `bytes` under `key` unless the key exists. Returns true when this call wrote it.
    /// The write is durable when the call returns.
    @discardableResult
    func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool
    /// Replaces the object only if it is in the expected state (compare-and-swap); returns the new version.
    /// Throws `preconditionFailed` otherwise.
    @discardableResult
    func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion
    /// The current version of an object, or nil if it does not exist.
    func version(of key: String) throws -> ObjectVersion?
    /// The whole object with its version, read as one (a conditional write of a shared object such as
    /// `refs.json` needs the version of exactly the bytes it read); nil if it does not exist.
    func getVersioned(_ key: String) throws -> VersionedBytes?
    /// Keys under `prefix`, sorted.
    func list(prefix: String) throws -> [String]
    /// Objects under `prefix` with size and last modification, sorted by key (what garbage collection of
    /// a store needs). Stores that cannot list (a static HTTPS server) throw `unsupported`.
    func listDetailed(prefix: String) throws -> [StoredFile]
    /// Removes the object; removing a missing object is not an error.
    func delete(_ key: String) throws
    /// A reader for many ranges of `key` (a fragment's pages); throws `notFound` if it does not exist.
    func rangeReader(_ key: String) throws -> any ObjectRangeReader
    /// The same, for an object whose size (and, when large, block digests) the caller knows from a
    /// manifest: a remote store need not ask the server first, and checks each block it downloads.
    func rangeReader(_ key: String, size: Int, blocks: BlockDigests?) throws -> any ObjectRangeReader
}

extension ObjectStore {
    public func rangeReader(_ key: String, size: Int, blocks: BlockDigests?) throws -> any ObjectRangeReader { try rangeReader(key) }

    public func exists(_ key: String) throws -> Bool { try size(of: key) != nil }
}

/// Rejects keys that could escape the store's root.
func validateKey(_ key: String) throws {
    if key.isEmpty || key.hasPrefix("/") || key.split(separator: "/", omittingEmptySubsequences: false)
        .contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
        throw StorageError.invalidKey(key)
    }
}
