import Synchronization

/// An object store that registers its process as a writer in flight before its first write: it takes a
/// shared flock on `lockPath` and holds it for as long as the store (any copy of it) is alive. Garbage
/// collection takes the same lock exclusively, so it never runs while an object may be written that no
/// commit names yet. Writers need not cooperate: every put through this store registers.
public struct WriterRegisteringObjectStore: ObjectStore {
    public let base: any ObjectStore
    private let registration: WriterRegistration

    public init(_ base: any ObjectStore, lockPath: String) {
        self.base = base
        registration = WriterRegistration(lockPath: lockPath)
    }

    public func get(_ key: String) throws -> [UInt8] { try base.get(key) }
    public func get(_ key: String, range: Range<Int>) throws -> [UInt8] { try base.get(key, range: range) }
    public func size(of key: String) throws -> Int? { try base.size(of: key) }
    public func version(of key: String) throws -> ObjectVersion? { try base.version(of: key) }
    public func getVersioned(_ key: String) throws -> VersionedBytes? { try base.getVersioned(key) }
    public func list(prefix: String) throws -> [String] { try base.list(prefix: prefix) }
    public func listDetailed(prefix: String) throws -> [StoredFile] { try base.listDetailed(prefix: prefix) }
    public func delete(_ key: String) throws { try base.delete(key) }
    public func rangeReader(_ key: String) throws -> any ObjectRangeReader { try base.rangeReader(key) }

    @discardableResult
    public func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool {
        // Registered before the existence check: an object that exists unreferenced may be what this
        // write relies on, and must not be collected from under it.
        try registration.register()
        return try base.putIfAbsent(key, bytes)
    }

    @discardableResult
    public func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion {
        try registration.register()
        return try base.put(key, bytes, if: condition)
    }
}

/// The shared lock of one store's writes, taken once (blocking while a collection runs) and released
/// when the last copy of the store goes.
private final class WriterRegistration: Sendable {
    let lockPath: String
    private let lock = Mutex<FileLock?>(nil)

    init(lockPath: String) { self.lockPath = lockPath }

    func register() throws {
        try lock.withLock { held in
            if held == nil { held = try FileLock(path: lockPath, mode: .shared) }
        }
    }
}
