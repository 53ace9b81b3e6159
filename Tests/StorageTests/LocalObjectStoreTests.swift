import Foundation
import Testing
@testable import Storage

func temporaryDirectory() -> String {
    let path = NSTemporaryDirectory() + "cairn-storage-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

@Suite struct LocalObjectStoreTests {
    @Test func putIfAbsentWritesOnce() throws {
        let store = LocalObjectStore(root: temporaryDirectory())
        #expect(try store.putIfAbsent("a/b/c", [1, 2, 3]))
        #expect(try !store.putIfAbsent("a/b/c", [9]))
        #expect(try store.get("a/b/c") == [1, 2, 3])
        #expect(try store.size(of: "a/b/c") == 3)
        #expect(try store.size(of: "a/b/missing") == nil)
    }

    @Test func rangedGetChecksBounds() throws {
        let store = LocalObjectStore(root: temporaryDirectory())
        try store.putIfAbsent("x", Array(0..<100))
        #expect(try store.get("x", range: 10..<13) == [10, 11, 12])
        #expect(try store.get("x", range: 100..<100) == [])
        #expect(throws: StorageError.rangeOutOfBounds(key: "x", range: 90..<101, size: 100)) {
            try store.get("x", range: 90..<101)
        }
        #expect(throws: StorageError.notFound("y")) { try store.get("y") }
    }

    /// One open file serves many ranges, from several threads, with the same bounds and missing-object
    /// errors as a ranged get.
    @Test func rangeReaderReadsManyRangesOfOneFile() throws {
        let store = LocalObjectStore(root: temporaryDirectory())
        let bytes = (0..<4096).map { UInt8(truncatingIfNeeded: $0 * 7) }
        try store.putIfAbsent("objects/ab/cd", bytes)
        let reader = try store.rangeReader("objects/ab/cd")
        #expect(reader.size == 4096)
        let ranges = (0..<64).map { ($0 * 61)..<($0 * 61 + 17) }
        let got = Parts(count: ranges.count)
        DispatchQueue.concurrentPerform(iterations: ranges.count) { i in got.set(i, (try? reader.read(ranges[i])) ?? []) }
        #expect(got.all == ranges.map { Array(bytes[$0]) })
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cd", range: 4090..<4100, size: 4096)) {
            try reader.read(4090..<4100)
        }
        #expect(throws: StorageError.notFound("objects/ab/ef")) { try store.rangeReader("objects/ab/ef") }
    }

    @Test func conditionalPutIsACompareAndSwap() throws {
        let store = LocalObjectStore(root: temporaryDirectory())
        let v1 = try store.put("refs.json", Array("one".utf8), if: .absent)
        #expect(throws: StorageError.preconditionFailed("refs.json")) {
            try store.put("refs.json", Array("two".utf8), if: .absent)
        }
        let v2 = try store.put("refs.json", Array("two".utf8), if: .matches(v1))
        #expect(throws: StorageError.preconditionFailed("refs.json")) {
            try store.put("refs.json", Array("three".utf8), if: .matches(v1))
        }
        #expect(try store.version(of: "refs.json") == v2)
        #expect(try store.get("refs.json") == Array("two".utf8))
    }

    @Test func listSkipsTemporariesAndFiltersByPrefix() throws {
        let root = temporaryDirectory()
        let store = LocalObjectStore(root: root)
        try store.putIfAbsent("objects/ab/1", [1])
        try store.putIfAbsent("objects/cd/2", [2])
        try store.putIfAbsent("other", [3])
        FileManager.default.createFile(atPath: root + "/objects/ab/.tmp-1-2", contents: Data([0]))
        #expect(try store.list(prefix: "objects/") == ["objects/ab/1", "objects/cd/2"])
        #expect(try store.list(prefix: "objects/ab") == ["objects/ab/1"])
        #expect(try store.list(prefix: "") == ["objects/ab/1", "objects/cd/2", "other"])
        try store.delete("other")
        try store.delete("other")
        #expect(try store.list(prefix: "oth") == [])
    }

    @Test func keysCannotEscapeTheRoot() {
        let store = LocalObjectStore(root: temporaryDirectory())
        for key in ["../x", "/etc/passwd", "a//b", "a/./b", ""] {
            #expect(throws: StorageError.invalidKey(key)) { try store.get(key) }
        }
    }
}

@Suite struct ContentAddressedStoreTests {
    @Test func namesObjectsBySHA256AndVerifies() throws {
        let root = temporaryDirectory()
        let cas = ContentAddressedStore(store: LocalObjectStore(root: root))
        let hash = try cas.put(Array("abc".utf8))
        #expect(hash.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hash.key == "objects/ba/7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(try cas.put(Array("abc".utf8)) == hash)
        try cas.verify(hash)
        #expect(try cas.all() == [hash])
        // Corrupt the file behind the store's back: verification names the object.
        let path = root + "/" + hash.key
        chmod(path, 0o644)
        try Data("abd".utf8).write(to: URL(fileURLWithPath: path))
        #expect(throws: StorageError.self) { try cas.verify(hash) }
    }

    @Test func rejectsMalformedHashes() {
        #expect(ObjectHash(hex: "xyz") == nil)
        #expect(ObjectHash(hex: String(repeating: "A", count: 64)) == nil)
        #expect(ObjectHash(hex: String(repeating: "a", count: 64)) != nil)
        #expect(ObjectHash(hex: String(repeating: "a", count: 63) + "g") == nil)
        #expect(ObjectHash(hex: String(repeating: "a", count: 63) + "é") == nil)
        #expect(ObjectHash(hex: String(repeating: "0", count: 65)) == nil)
    }

    /// A digest's name: lowercase hex, two digits per byte, leading zeros kept (FIPS 180-2's "abc").
    @Test func namesADigestInHex() {
        let hash = ObjectHash.of(Array("abc".utf8))
        #expect(hash.hex == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(ObjectHash(hex: hash.hex) == hash)
        #expect(ObjectHash.of([]).hex == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }
}

/// Results written by concurrent readers.
private final class Parts: @unchecked Sendable {
    private let lock = NSLock()
    private var parts: [[UInt8]]
    init(count: Int) { parts = Array(repeating: [], count: count) }
    func set(_ i: Int, _ part: [UInt8]) { lock.withLock { parts[i] = part } }
    var all: [[UInt8]] { lock.withLock { parts } }
}
