import Foundation
import Storage
import Testing
import TestServers
@testable import Remote

/// Transient failures injected by a fault proxy in front of moto: the store retries through them, and
/// gives up with a clear error when they persist. Requests are signed for the proxy's address; the proxy
/// passes Host on unchanged, so moto's signature check holds.
@Suite struct S3RetryTests {
    struct Fixture {
        let bucket: MotoBucket
        let proxy: FaultProxy
        let store: S3ObjectStore

        init(maxAttempts: Int = 4, lowSpeedTime: Int = 10) throws {
            bucket = try MotoBucket()
            proxy = try FaultProxy(target: bucket.moto.endpoint)
            store = try bucket.store(endpoint: proxy.endpoint, http: .forTests(maxAttempts: maxAttempts, lowSpeedTime: lowSpeedTime))
        }
    }

    @Test func serverErrorThenSuccess() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        let bytes = randomBytes(200)
        try fixture.store.putIfAbsent("objects/aa/x", bytes)
        try fixture.proxy.inject(.status(500), method: "GET", pathContains: "objects/aa/x")
        #expect(try fixture.store.get("objects/aa/x") == bytes)
        #expect(try fixture.proxy.statistics().faultsInjected == 1)
        #expect(fixture.store.transferStatistics.retries == 1)
    }

    @Test func slowDownThenSuccess() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        try fixture.proxy.inject(.slowDown, method: "PUT", count: 2)
        #expect(try fixture.store.putIfAbsent("objects/sl/ow", [1, 2, 3]))
        #expect(try fixture.proxy.statistics().faultsInjected == 2)
        #expect(try fixture.bucket.store().get("objects/sl/ow") == [1, 2, 3])
    }

    @Test func droppedConnectionsThenSuccess() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        let bytes = randomBytes(10_000)
        // Cut while the body is being sent: moto never saw the PUT, so the retried If-None-Match wins.
        try fixture.proxy.inject(.dropRequest, method: "PUT")
        #expect(try fixture.store.putIfAbsent("objects/dr/op", bytes))
        // Cut halfway through the response body.
        try fixture.proxy.inject(.dropResponse, method: "GET")
        #expect(try fixture.store.get("objects/dr/op") == bytes)
        try fixture.proxy.inject(.dropResponse, method: "GET")
        #expect(try fixture.store.get("objects/dr/op", range: 100..<5000) == Array(bytes[100..<5000]))
        #expect(try fixture.proxy.statistics().faultsInjected == 3)
        #expect(fixture.store.transferStatistics.retries == 3)
    }

    @Test func conditionalPutWhoseAnswerWasLostIsNotAConflict() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        let v1 = try fixture.store.put("refs.json", [1], if: .absent)
        // The PUT reaches moto and is applied; its answer is cut; the retry's If-Match then fails (412).
        try fixture.proxy.inject(.dropResponse, method: "PUT", pathContains: "refs.json")
        let v2 = try fixture.store.put("refs.json", Array("{\"branch\":2}".utf8), if: .matches(v1))
        #expect(try fixture.bucket.store().getVersioned("refs.json")?.version == v2)
        // Sent twice (libcurl itself resends on a reused connection that died without an answer).
        #expect(try fixture.proxy.statistics().requests["PUT"] == 3)
        // A real conflict is still one.
        #expect(throws: StorageError.preconditionFailed("refs.json")) { try fixture.store.put("refs.json", [3], if: .matches(v1)) }
    }

    @Test func stalledTransferTimesOutAndIsRetried() throws {
        let fixture = try Fixture(lowSpeedTime: 1)
        defer { fixture.proxy.stop() }
        try fixture.store.putIfAbsent("objects/st/all", [9, 9])
        try fixture.proxy.inject(.stall(seconds: 8), method: "GET")
        let started = Date()
        #expect(try fixture.store.get("objects/st/all") == [9, 9])
        // The low-speed limit gave up on the stall long before the proxy would have.
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(fixture.store.transferStatistics.retries == 1)
    }

    @Test func persistentFailureGivesUpAfterMaxAttempts() throws {
        let fixture = try Fixture(maxAttempts: 4)
        defer { fixture.proxy.stop() }
        try fixture.proxy.inject(.status(500), method: "GET", count: 100)
        try fixture.proxy.resetStatistics()
        let message = remoteFailure { _ = try fixture.store.get("objects/pe/rsist") }
        #expect(message?.contains("GET \(fixture.proxy.endpoint)/\(fixture.bucket.name)/repo/objects/pe/rsist failed with HTTP 500: InternalError") == true)
        #expect(message?.contains("s3://\(fixture.bucket.name)/repo/objects/pe/rsist") == true)
        #expect(try fixture.proxy.statistics().requests["GET"] == 4)
    }

    @Test func multipartPartRetriedAfterAFault() throws {
        let bucket = try MotoBucket()
        let proxy = try FaultProxy(target: bucket.moto.endpoint)
        defer { proxy.stop() }
        let store = try bucket.store(endpoint: proxy.endpoint, multipartThreshold: 4096, partSize: 2048)
        let bytes = randomBytes(4 * 2048)
        try proxy.inject(.status(503, code: "SlowDown"), method: "PUT", pathContains: "partNumber=3")
        try proxy.inject(.dropRequest, method: "PUT", pathContains: "partNumber=2")
        #expect(try store.putIfAbsent("objects/mp/retry", bytes))
        #expect(try bucket.store().get("objects/mp/retry") == bytes)
        #expect(try proxy.statistics().faultsInjected == 2)
    }

    @Test func refusedConnectionIsNamed() throws {
        let bucket = try MotoBucket()
        // A port nothing listens on: the proxy's, once stopped.
        let proxy = try FaultProxy(target: bucket.moto.endpoint)
        proxy.stop()
        let store = try bucket.store(endpoint: proxy.endpoint, http: .forTests(maxAttempts: 2))
        let message = remoteFailure { _ = try store.get("refs.json") }
        #expect(message?.contains("GET \(proxy.endpoint)/\(bucket.name)/repo/refs.json") == true)
        #expect(message?.contains("after 2 attempts") == true)
    }

    @Test func connectionsAreReused() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        try fixture.store.putIfAbsent("objects/re/use", [1])
        let before = try fixture.proxy.statistics().connections
        for _ in 0..<10 { _ = try fixture.store.get("objects/re/use", range: 0..<1) }
        #expect(try fixture.proxy.statistics().connections == before)  // one thread: its one open connection
        let threads = 4
        DispatchQueue.concurrentPerform(iterations: threads) { _ in
            for _ in 0..<5 { _ = try? fixture.store.size(of: "objects/re/use") }
        }
        #expect(try fixture.proxy.statistics().connections <= before + threads)
    }

    @Test func malformedAnswersAreErrorsNotTraps() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        let store = fixture.store
        try fixture.proxy.inject(.response(status: 200, body: "<html>not a listing"), method: "GET", pathContains: "list-type=2")
        #expect(remoteFailure { _ = try store.list(prefix: "") }?.contains("malformed listing") == true)
        try fixture.proxy.inject(.response(status: 200, body: "<ListBucketResult><Contents><Key>elsewhere/x</Key></Contents></ListBucketResult>"),
                                 method: "GET", pathContains: "list-type=2")
        #expect(remoteFailure { _ = try store.list(prefix: "") }?.contains("malformed listing") == true)
        try fixture.proxy.inject(.response(status: 200, body: "<ListBucketResult><IsTruncated>true</IsTruncated></ListBucketResult>"),
                                 method: "GET", pathContains: "list-type=2")
        #expect(remoteFailure { _ = try store.list(prefix: "") }?.contains("without a continuation token") == true)
        // A 206 shorter than asked without Content-Range; one of other bytes; a GET without ETag.
        try fixture.proxy.inject(.response(status: 206, body: "abc"), method: "GET")
        #expect(remoteFailure { _ = try store.get("objects/ma/l", range: 0..<10) }?.contains("3 bytes came back for a range of 10") == true)
        try fixture.proxy.inject(.response(status: 206, body: "abc", headers: ["Content-Range": "bytes 5-7/100"]), method: "GET")
        #expect(remoteFailure { _ = try store.get("objects/ma/l", range: 0..<3) }?.contains("answered bytes 5-") == true)
        try fixture.proxy.inject(.response(status: 200, body: "abc"), method: "GET")
        #expect(remoteFailure { _ = try store.getVersioned("refs.json") }?.contains("no ETag") == true)
        // CreateMultipartUpload without an UploadId.
        let multipart = try fixture.bucket.store(endpoint: fixture.proxy.endpoint, multipartThreshold: 10, partSize: 8)
        try fixture.proxy.inject(.response(status: 200, body: "<InitiateMultipartUploadResult/>"), method: "POST")
        #expect(remoteFailure { try multipart.putIfAbsent("objects/ma/mp", randomBytes(20)) }?.contains("without an UploadId") == true)
    }

    @Test func transferStatisticsMatchWhatWentThrough() throws {
        let fixture = try Fixture()
        defer { fixture.proxy.stop() }
        try fixture.proxy.setLatency(milliseconds: 5)
        let bytes = randomBytes(3000)
        try fixture.store.putIfAbsent("objects/co/unt", bytes)
        _ = try fixture.store.get("objects/co/unt")
        _ = try fixture.store.get("objects/co/unt", range: 0..<100)
        _ = try fixture.store.size(of: "objects/co/unt")
        let mine = fixture.store.transferStatistics
        let proxied = try fixture.proxy.statistics()
        #expect(mine.requests == 4 && proxied.totalRequests == 4)
        #expect(mine.bytesSent == 3000 && proxied.requestBytes.values.reduce(0, +) == 3000)
        #expect(mine.bytesReceived == 3100 && proxied.responseBytes.values.reduce(0, +) == 3100)
        #expect(mine.retries == 0)
    }
}
