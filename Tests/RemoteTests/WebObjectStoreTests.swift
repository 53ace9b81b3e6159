import Foundation
import Storage
import Testing
import TestServers
@testable import Remote

/// WebObjectStore over HTTPS from a static file server with a certificate of its own CA.
@Suite struct WebObjectStoreTests {
    struct Site {
        let root: String
        let server: StaticWebServer
        let store: WebObjectStore
        let bytes = randomBytes(5000)

        init(honorsRanges: Bool = true, sendsETags: Bool = true) throws {
            root = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-web-\(UUID().uuidString)").path
            try FileManager.default.createDirectory(atPath: "\(root)/atlas.cairn/objects/ab", withIntermediateDirectories: true)
            try Data(bytes).write(to: URL(fileURLWithPath: "\(root)/atlas.cairn/objects/ab/cdef"))
            try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(root)/atlas.cairn/refs.json"))
            server = try StaticWebServer(root: root, honorsRanges: honorsRanges, sendsETags: sendsETags)
            store = WebObjectStore(baseURL: server.baseURL + "/atlas.cairn/", http: .forTests(environment: server.environment))
        }

        func remove() {
            server.stop()
            try? FileManager.default.removeItem(atPath: root)
        }
    }

    @Test func readsOverHTTPS() throws {
        let site = try Site()
        defer { site.remove() }
        let store = site.store
        #expect(try store.get("objects/ab/cdef") == site.bytes)
        #expect(try store.get("objects/ab/cdef", range: 1000..<1010) == Array(site.bytes[1000..<1010]))
        #expect(try store.size(of: "objects/ab/cdef") == 5000)
        #expect(try store.size(of: "objects/ab/none") == nil)
        #expect(throws: StorageError.notFound("objects/ab/none")) { try store.get("objects/ab/none") }
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cdef", range: 4990..<5010, size: 5000)) {
            try store.get("objects/ab/cdef", range: 4990..<5010)
        }
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cdef", range: 6000..<6010, size: 5000)) {
            try store.get("objects/ab/cdef", range: 6000..<6010)
        }
        let reader = try store.rangeReader("objects/ab/cdef")
        #expect(reader.size == 5000)
        #expect(try reader.read(4000..<5000) == Array(site.bytes[4000..<5000]))

        let versioned = try #require(try store.getVersioned("refs.json"))
        #expect(versioned.bytes == Array("{}".utf8))
        #expect(versioned.version.token.hasPrefix("\""))  // the server's ETag
        #expect(try store.version(of: "refs.json") == versioned.version)
        #expect(try store.getVersioned("nothing.json") == nil)
        #expect(try store.version(of: "nothing.json") == nil)
        #expect(store.transferStatistics.bytesReceived > 5000)
    }

    @Test func serverIgnoringRangesAndETagsStillWorks() throws {
        let site = try Site(honorsRanges: false, sendsETags: false)
        defer { site.remove() }
        let store = site.store
        #expect(try store.get("objects/ab/cdef", range: 1000..<1010) == Array(site.bytes[1000..<1010]))
        #expect(throws: StorageError.rangeOutOfBounds(key: "objects/ab/cdef", range: 4990..<5010, size: 5000)) {
            try store.get("objects/ab/cdef", range: 4990..<5010)
        }
        let versioned = try #require(try store.getVersioned("refs.json"))
        #expect(versioned.version.token == "sha256:44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a")
        #expect(try store.version(of: "refs.json") == versioned.version)
    }

    @Test func writesAndListingAreUnsupported() throws {
        let site = try Site()
        defer { site.remove() }
        let store = site.store
        let readOnly = StorageError.unsupported("\(site.server.baseURL)/atlas.cairn: a web remote is read-only")
        #expect(throws: readOnly) { try store.putIfAbsent("objects/x", [1]) }
        #expect(throws: readOnly) { try store.put("refs.json", [1], if: .absent) }
        #expect(throws: readOnly) { try store.delete("refs.json") }
        #expect(throws: StorageError.unsupported("\(site.server.baseURL)/atlas.cairn: a web remote cannot list")) {
            try store.list(prefix: "objects/")
        }
        #expect(throws: StorageError.self) { try store.listDetailed(prefix: "") }
    }

    @Test func untrustedCertificateIsRefusedAtOnce() throws {
        let site = try Site()
        defer { site.remove() }
        let untrusting = WebObjectStore(baseURL: site.server.baseURL, http: .forTests(environment: ["CAIRN_CA_BUNDLE": "/dev/null"]))
        let message = remoteFailure { _ = try untrusting.get("atlas.cairn/refs.json") }
        #expect(message?.contains("GET \(site.server.baseURL)/atlas.cairn/refs.json") == true)
        #expect(untrusting.transferStatistics.requests == 1)  // a certificate problem is not retried
    }

    @Test func caBundleComesFromTheEnvironmentInOrder() {
        #expect(HTTPClientConfiguration(environment: ["SSL_CERT_FILE": "/b", "AWS_CA_BUNDLE": "/a"]).caBundle == "/a")
        #expect(HTTPClientConfiguration(environment: ["CURL_CA_BUNDLE": "/d", "CAIRN_CA_BUNDLE": "/c", "AWS_CA_BUNDLE": "/a"]).caBundle == "/c")
        #expect(HTTPClientConfiguration(environment: ["CURL_CA_BUNDLE": "/d"]).caBundle == "/d")
        #expect(HTTPClientConfiguration(environment: [:]).caBundle == nil)
    }
}
