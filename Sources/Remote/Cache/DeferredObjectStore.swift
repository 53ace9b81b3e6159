import Foundation
import Storage

/// An object store made on first use: a lazy clone's remote is only reached (and its settings and
/// credentials only checked) when a read needs an object that is not local, so `log` or a query of local
/// data works with no network and no AWS setup.
final class DeferredObjectStore: ObjectStore, @unchecked Sendable {
    private let make: () throws -> any ObjectStore
    private let lock = NSLock()
    private var made: Result<any ObjectStore, any Error>?

    init(_ make: @escaping () throws -> any ObjectStore) { self.make = make }

    var store: any ObjectStore {
        get throws {
            lock.lock()
            defer { lock.unlock() }
            if made == nil { made = Result { try make() } }
            return try made!.get()
        }
    }

    func get(_ key: String) throws -> [UInt8] { try store.get(key) }
    func get(_ key: String, range: Range<Int>) throws -> [UInt8] { try store.get(key, range: range) }
    func size(of key: String) throws -> Int? { try store.size(of: key) }
    func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool { try store.putIfAbsent(key, bytes) }
    func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion { try store.put(key, bytes, if: condition) }
    func version(of key: String) throws -> ObjectVersion? { try store.version(of: key) }
    func getVersioned(_ key: String) throws -> VersionedBytes? { try store.getVersioned(key) }
    func list(prefix: String) throws -> [String] { try store.list(prefix: prefix) }
    func listDetailed(prefix: String) throws -> [StoredFile] { try store.listDetailed(prefix: prefix) }
    func delete(_ key: String) throws { try store.delete(key) }
    func rangeReader(_ key: String) throws -> any ObjectRangeReader { try store.rangeReader(key) }
    func rangeReader(_ key: String, size: Int, blocks: BlockDigests?) throws -> any ObjectRangeReader {
        try store.rangeReader(key, size: size, blocks: blocks)
    }
}
