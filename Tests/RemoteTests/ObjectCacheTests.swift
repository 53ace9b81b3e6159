import Foundation
import Storage
import Testing
@testable import Remote

@Suite struct ObjectCacheTests {
    func directory() -> String {
        let path = NSTemporaryDirectory() + "cairn-cache-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    func bytes(_ n: Int, _ seed: UInt8) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0) &+ seed } }

    @Test func keepsVerifiedObjectsAndRefusesMismatchedOnes() throws {
        let cache = ObjectCache(directory: directory())
        let object = bytes(1000, 1)
        let hash = ObjectHash.of(object)
        #expect(cache.object(hash) == nil)
        try cache.storeObject(hash, object)
        #expect(cache.object(hash).map { $0 == object } == true)
        #expect(cache.range(of: hash, 10..<20) == Array(object[10..<20]))
        #expect(cache.range(of: hash, 990..<1001) == nil)
        #expect(throws: StorageError.self) { try cache.storeObject(ObjectHash.of(bytes(5, 0)), object) }
    }

    @Test func evictsTheLeastRecentlyUsedPastItsBound() throws {
        let cache = ObjectCache(directory: directory(), limitBytes: 10_000)
        let objects = (0..<4).map { bytes(3000, UInt8($0)) }
        let hashes = objects.map(ObjectHash.of)
        for i in 0..<3 {
            try cache.storeObject(hashes[i], objects[i])
            usleep(20_000)  // distinct modification times
        }
        _ = cache.object(hashes[0])  // used: now the most recent
        usleep(20_000)
        try cache.storeObject(hashes[3], objects[3])  // 12,000 bytes > 10,000: evict to 9,000
        #expect(cache.object(hashes[1]) == nil, "the least recently used goes first")
        #expect(cache.object(hashes[0]).map { $0 == objects[0] } == true, "used since: kept")
        #expect(cache.object(hashes[2]).map { $0 == objects[2] } == true)
        #expect(cache.object(hashes[3]).map { $0 == objects[3] } == true)
    }

    @Test func sizesFromTheEnvironment() throws {
        #expect(ObjectCache.parseSize("5G") == 5 << 30)
        #expect(ObjectCache.parseSize("500M") == 500 << 20)
        #expect(ObjectCache.parseSize("1048576") == 1 << 20)
        #expect(ObjectCache.parseSize("1.5k") == 1536)
        #expect(ObjectCache.parseSize("lots") == nil)
        #expect(throws: RemoteError.invalidSetting("CAIRN_CACHE_SIZE", "lots", "a size such as 5G, 500M or 1048576")) {
            try ObjectCache.standard(directory: "/tmp/x", environment: ["CAIRN_CACHE_SIZE": "lots"])
        }
        let standard = try ObjectCache.standard(environment: ["HOME": "/home/u"])
        #expect(standard.directory == "/home/u/.cache/cairn")
        #expect(try ObjectCache.standard(environment: ["XDG_CACHE_HOME": "/c", "HOME": "/h"]).directory == "/c/cairn")
    }

    /// Blocks of a large object: each run of missing blocks is one ranged GET, and a read served from
    /// the cache costs none.
    @Test func readsLargeObjectsInCachedBlocks() throws {
        let remoteRoot = directory()
        let remote = LocalObjectStore(root: remoteRoot)
        let object = bytes(10_000, 7)
        let hash = ObjectHash.of(object)
        try remote.putIfAbsent(hash.key, object)
        let counting = CountingStore(base: remote)
        let cache = ObjectCache(directory: directory(), blockBytes: 1024)
        let objects = CachedRemoteObjects(remote: counting, cache: cache, name: "test")
        let reader = try objects.rangeReader(hash.key, size: object.count, blocks: nil)
        #expect(try reader.read(1000..<3100) == Array(object[1000..<3100]))  // blocks 0–3, one GET
        #expect(counting.rangedGets.value == 1)
        #expect(try reader.read(2000..<2100) == Array(object[2000..<2100]))  // cached
        #expect(try reader.read(3000..<5000) == Array(object[3000..<5000]))  // block 4 only
        #expect(counting.rangedGets.value == 2)
        #expect(throws: StorageError.self) { try reader.read(9000..<10_001) }
        // A small object comes whole and is checked.
        let small = bytes(100, 3)
        let smallHash = ObjectHash.of(small)
        try remote.putIfAbsent(smallHash.key, Array(small.reversed()))
        #expect(throws: RemoteError.self) { try objects.rangeReader(smallHash.key, size: 100, blocks: nil).read(0..<10) }
    }

    /// With the manifest's block digests, every downloaded block is checked: a remote object changed
    /// under its name is refused at the first block read, before any of it is used.
    @Test func checksEachDownloadedBlockAgainstItsDigest() throws {
        let remoteRoot = directory()
        let remote = LocalObjectStore(root: remoteRoot)
        let object = bytes(5000, 9)
        let hash = ObjectHash.of(object)
        let digests = try #require(BlockDigests.of(object, blockBytes: 1024))
        #expect(digests.sha256.count == 5 && digests.fits(size: 5000) && !digests.fits(size: 6000))
        var tampered = object
        tampered[3000] ^= 0xFF
        try remote.putIfAbsent(hash.key, tampered)
        let objects = CachedRemoteObjects(remote: remote, cache: ObjectCache(directory: directory()), name: "s3://b/a")
        let reader = try objects.rangeReader(hash.key, size: 5000, blocks: digests)
        #expect(try reader.read(0..<2048) == Array(object[0..<2048]))  // blocks 0 and 1 are intact
        #expect(throws: RemoteError.self) { try reader.read(2500..<3500) }  // block 2 is not
        #expect(throws: RemoteError.self) { try objects.rangeReader(hash.key, size: 9000, blocks: digests) }
    }
}

/// A real store that counts the ranged GETs made of it.
struct CountingStore: ObjectStore {
    let base: LocalObjectStore
    let rangedGets = Mutexed(0)

    func get(_ key: String) throws -> [UInt8] { try base.get(key) }
    func get(_ key: String, range: Range<Int>) throws -> [UInt8] {
        rangedGets.mutate { $0 += 1 }
        return try base.get(key, range: range)
    }
    func size(of key: String) throws -> Int? { try base.size(of: key) }
    func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool { try base.putIfAbsent(key, bytes) }
    func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion { try base.put(key, bytes, if: condition) }
    func version(of key: String) throws -> ObjectVersion? { try base.version(of: key) }
    func getVersioned(_ key: String) throws -> VersionedBytes? { try base.getVersioned(key) }
    func list(prefix: String) throws -> [String] { try base.list(prefix: prefix) }
    func listDetailed(prefix: String) throws -> [StoredFile] { try base.listDetailed(prefix: prefix) }
    func delete(_ key: String) throws { try base.delete(key) }
    func rangeReader(_ key: String) throws -> any ObjectRangeReader { try base.rangeReader(key) }
}
