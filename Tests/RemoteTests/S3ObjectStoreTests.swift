import Foundation
import Storage
import Testing
import TestServers
@testable import Remote

/// S3ObjectStore against moto's S3 (signatures checked), each test in a bucket of its own.
@Suite struct S3ObjectStoreTests {
    @Test func putGetRangeAndSize() throws {
        let store = try MotoBucket().store()
        let bytes = randomBytes(1000)
        #expect(try store.putIfAbsent("objects/ab/cdef", bytes))
        #expect(try store.get("objects/ab/cdef") == bytes)
        #expect(try store.get("objects/ab/cdef", range: 10..<20) == Array(bytes[10..<20]))
        #expect(try store.get("objects/ab/cdef", range: 0..<1000) == bytes)
        #expect(try store.get("objects/ab/cdef", range: 5..<5) == [])
        #expect(try store.size(of: "objects/ab/cdef") == 1000)
        #expect(try store.exists("objects/ab/cdef"))
        #expect(try store.size(of: "objects/ab/none") == nil)
        #expect(throws: StorageError.notFound("objects/ab/none")) { try store.get("objects/ab/none") }
        #expect(throws: StorageError.notFound("objects/ab/none")) { try store.get("objects/ab/none", range: 0..<1) }
        // Past the end, partly (S3 answers what there is) and wholly (416).
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cdef", range: 990..<1010, size: 1000)) {
            try store.get("objects/ab/cdef", range: 990..<1010)
        }
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cdef", range: 1000..<1010, size: 1000)) {
            try store.get("objects/ab/cdef", range: 1000..<1010)
        }
        #expect(throws: StorageError.invalidKey("../escape")) { try store.get("../escape") }

        let reader = try store.rangeReader("objects/ab/cdef")
        #expect(reader.size == 1000)
        #expect(try reader.read(100..<356) == Array(bytes[100..<356]))
        #expect(try reader.read(999..<1000) == [bytes[999]])
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cdef", range: 999..<1001, size: 1000)) { try reader.read(999..<1001) }
        #expect(throws: StorageError.notFound("objects/zz")) { try store.rangeReader("objects/zz") }

        #expect(try store.putIfAbsent("objects/empty", []))
        #expect(try store.get("objects/empty") == [])
        #expect(try store.size(of: "objects/empty") == 0)
    }

    @Test func putIfAbsentKeepsTheFirstWrite() throws {
        let store = try MotoBucket().store()
        let first = randomBytes(64), second = randomBytes(64)
        #expect(try store.putIfAbsent("objects/aa/one", first))
        #expect(try !store.putIfAbsent("objects/aa/one", second))
        #expect(try store.get("objects/aa/one") == first)
    }

    @Test func conditionalPutComparesETags() throws {
        let store = try MotoBucket().store()
        let v1 = try store.put("refs.json", Array("{\"v\":1}".utf8), if: .absent)
        #expect(throws: StorageError.preconditionFailed("refs.json")) { try store.put("refs.json", [1], if: .absent) }
        #expect(try store.version(of: "refs.json") == v1)

        let v2 = try store.put("refs.json", Array("{\"v\":2}".utf8), if: .matches(v1))
        #expect(v2 != v1)
        #expect(throws: StorageError.preconditionFailed("refs.json")) { try store.put("refs.json", [3], if: .matches(v1)) }
        let read = try #require(try store.getVersioned("refs.json"))
        #expect(read.bytes == Array("{\"v\":2}".utf8))
        #expect(read.version == v2)
        #expect(try store.version(of: "refs.json") == v2)

        // A version of a key that does not exist cannot match.
        #expect(throws: StorageError.preconditionFailed("other.json")) { try store.put("other.json", [1], if: .matches(v2)) }
        #expect(try store.getVersioned("other.json") == nil)
        #expect(try store.version(of: "other.json") == nil)
    }

    @Test func listingPagesThroughContinuationTokens() throws {
        let bucket = try MotoBucket()
        let store = try bucket.store(listPageSize: 3)
        let keys = (0..<7).map { "objects/\(String(format: "%02x", $0 * 37))/\(UUID().uuidString)" }
        let started = Date()
        for key in keys.shuffled() { try store.putIfAbsent(key, randomBytes(10 + key.count)) }
        try store.putIfAbsent("refs.json", [1, 2, 3])
        // Another repository in the same bucket, under a prefix that shares the first letters.
        try bucket.store(prefix: "repo2").putIfAbsent("objects/00/x", [1])

        let before = store.transferStatistics.requests
        #expect(try store.list(prefix: "objects/") == keys.sorted())
        #expect(store.transferStatistics.requests - before == 3)  // 7 keys, 3 a page
        #expect(try store.list(prefix: "") == (keys + ["refs.json"]).sorted())
        #expect(try store.list(prefix: "objects/zz") == [])

        let files = try store.listDetailed(prefix: "objects/")
        #expect(files.map(\.key) == keys.sorted())
        for file in files {
            #expect(file.bytes == 10 + file.key.count)
            #expect(abs(file.modified.timeIntervalSince(started)) < 120)
        }
    }

    @Test func deleteRemovesAndToleratesMissing() throws {
        let store = try MotoBucket().store()
        try store.putIfAbsent("objects/de/le", [1, 2])
        try store.delete("objects/de/le")
        #expect(try store.size(of: "objects/de/le") == nil)
        try store.delete("objects/de/le")
        #expect(try store.list(prefix: "") == [])
    }

    @Test func multipartUploadOfSeveralParts() throws {
        let store = try MotoBucket().store(multipartThreshold: 4096, partSize: 2048)
        let bytes = randomBytes(5 * 2048 + 100)
        let before = store.transferStatistics
        #expect(try store.putIfAbsent("objects/mp/big", bytes))
        let after = store.transferStatistics
        // Create, 6 parts, complete (and the HEAD that found no object first).
        #expect(after.requests - before.requests == 9)
        #expect(try store.get("objects/mp/big") == bytes)
        let version = try #require(try store.version(of: "objects/mp/big"))
        #expect(version.token.hasSuffix("-6\""))  // S3's ETag of a 6-part upload
        #expect(try store.get("objects/mp/big", range: 2040..<2060) == Array(bytes[2040..<2060]))

        #expect(try !store.putIfAbsent("objects/mp/big", randomBytes(5000)))
        // If-None-Match on CompleteMultipartUpload refuses to replace it.
        #expect(throws: StorageError.preconditionFailed("objects/mp/big")) { try store.put("objects/mp/big", randomBytes(5000), if: .absent) }
        #expect(try store.get("objects/mp/big") == bytes)
        let replaced = try store.put("objects/mp/new", bytes, if: .absent)
        #expect(try store.version(of: "objects/mp/new") == replaced)
    }

    @Test func parallelWritersShareOneStore() throws {
        let store = try MotoBucket().store()
        let payloads = (0..<16).map { _ in randomBytes(300) }
        DispatchQueue.concurrentPerform(iterations: payloads.count) { index in
            _ = try? store.putIfAbsent("objects/pa/\(index)", payloads[index])
        }
        for (index, payload) in payloads.enumerated() { #expect(try store.get("objects/pa/\(index)") == payload) }
    }

    @Test func wrongSecretIsRefusedWithS3sReason() throws {
        let bucket = try MotoBucket()
        let good = try bucket.store()
        try good.putIfAbsent("objects/se/cret", [1])
        let bad = try bucket.store(credentials: AWSCredentials(accessKeyID: bucket.moto.accessKeyID, secretAccessKey: "wrong-secret"))
        let message = remoteFailure { _ = try bad.get("objects/se/cret") }
        #expect(message?.hasPrefix("s3://\(bucket.name)/repo/objects/se/cret: access denied (403)") == true)
        #expect(message?.contains("SignatureDoesNotMatch") == true)
        _ = remoteFailure { try bad.putIfAbsent("objects/se/new", [1]) }
        #expect(try good.size(of: "objects/se/new") == nil)
        // Without credentials requests go unsigned (moto 5.2.5 with checks on answers those 500, so a
        // public bucket's anonymous read cannot be tried here).
        #expect(try bucket.store(credentials: .some(nil)).signer == nil)
    }

    @Test func temporaryCredentialsSignTheirToken() throws {
        let bucket = try MotoBucket()
        let session = AWSCredentials(accessKeyID: bucket.moto.sessionAccessKeyID, secretAccessKey: bucket.moto.sessionSecretAccessKey,
                                     sessionToken: bucket.moto.sessionToken)
        let store = try bucket.store(credentials: session)
        #expect(try store.putIfAbsent("objects/to/ken", [4, 5]))
        #expect(try store.get("objects/to/ken") == [4, 5])
        var wrongToken = session
        wrongToken.sessionToken = "not-the-token"
        #expect(throws: (any Error).self) { try bucket.store(credentials: wrongToken).get("objects/to/ken") }
    }

    @Test func missingBucketIsNamed() throws {
        let bucket = try MotoBucket()
        let configuration = try S3Configuration(bucket: "no-such-bucket-\(UUID().uuidString.prefix(8).lowercased())", endpoint: bucket.moto.endpoint,
                                                credentials: bucket.credentials)
        let store = S3ObjectStore(configuration: configuration, http: .forTests())
        let message = remoteFailure { _ = try store.get("refs.json") }
        #expect(message?.contains("no such bucket") == true)
    }

    @Test func openRemoteStoreFromTheEnvironment() throws {
        let bucket = try MotoBucket()
        var environment = bucket.moto.environment()
        environment["HOME"] = "/nonexistent-home"
        let store = try openRemoteStore(RemoteSettings(url: "s3://\(bucket.name)/atlas"), environment: environment)
        let s3 = try #require(store as? S3ObjectStore)
        #expect(s3.configuration.pathStyle && s3.configuration.prefix == "atlas")
        #expect(s3.client.configuration.retry.baseDelay == 0.01)
        try store.putIfAbsent("refs.json", [7])
        #expect(try bucket.store(prefix: "atlas").get("refs.json") == [7])

        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-remote-\(UUID().uuidString)").path
        #expect(try openRemoteStore(RemoteSettings(url: "file://\(directory)")) is LocalObjectStore)
        #expect(try openRemoteStore(RemoteSettings(url: "https://example.org/atlas.cairn")) is WebObjectStore)
    }
}
