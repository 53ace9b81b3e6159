import Crypto
import Foundation
import Storage

/// A repository published on a static web server (`https://host/base/` + key), read with plain GETs:
/// no listing, no writing. Servers that ignore `Range` and send the whole object still work (the
/// range is sliced out), and without ETags an object's version is the SHA-256 of its bytes.
public final class WebObjectStore: RemoteObjectStore, RangedHTTPStore {
    /// Without a trailing slash.
    public let baseURL: String
    public let client: HTTPClient

    public init(baseURL: String, http: HTTPClientConfiguration = HTTPClientConfiguration()) {
        var base = baseURL
        while base.hasSuffix("/") { base.removeLast() }
        self.baseURL = base
        var http = http
        http.followRedirects = true  // no signature to break; hosting often redirects
        client = HTTPClient(configuration: http)
    }

    public var transferStatistics: TransferStatistics { client.statistics }

    public func get(_ key: String) throws -> [UInt8] {
        let response = try send(.get, key)
        guard response.status == 200 else { throw failure(response, key) }
        return response.body
    }

    public func size(of key: String) throws -> Int? {
        let response = try send(.head, key)
        if response.status == 404 || response.status == 410 { return nil }
        guard response.status == 200 else { throw failure(response, key) }
        if let length = response.contentLength { return length }
        return try get(key).count  // a server that does not say: count
    }

    public func version(of key: String) throws -> ObjectVersion? {
        let response = try send(.head, key)
        if response.status == 404 || response.status == 410 { return nil }
        guard response.status == 200 else { throw failure(response, key) }
        if let etag = response.headers["ETag"], !etag.isEmpty { return ObjectVersion(etag) }
        return try getVersioned(key)?.version
    }

    public func getVersioned(_ key: String) throws -> VersionedBytes? {
        let response = try send(.get, key)
        if response.status == 404 || response.status == 410 { return nil }
        guard response.status == 200 else { throw failure(response, key) }
        let version = response.headers["ETag"].flatMap { $0.isEmpty ? nil : $0 }
            ?? "sha256:" + SigV4Signer.hex(SHA256.hash(data: response.body))
        return VersionedBytes(bytes: response.body, version: ObjectVersion(version))
    }

    func rangedGET(_ key: String, range: Range<Int>) throws -> HTTPResponse {
        try send(.get, key, headers: ["Range": RangedRead.header(range)])
    }

    func readFailure(_ response: HTTPResponse, key: String) -> StorageError { failure(response, key) }

    func displayURL(_ key: String) -> String { url(key) }

    @discardableResult
    public func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool { throw readOnly }

    @discardableResult
    public func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion { throw readOnly }

    public func delete(_ key: String) throws { throw readOnly }

    public func list(prefix: String) throws -> [String] { throw cannotList }

    public func listDetailed(prefix: String) throws -> [StoredFile] { throw cannotList }

    private var readOnly: StorageError { .unsupported("\(baseURL): a web remote is read-only") }
    private var cannotList: StorageError { .unsupported("\(baseURL): a web remote cannot list") }

    func url(_ key: String) -> String { "\(baseURL)/\(AWSURIEncoding.encode(key, keepingSlashes: true))" }

    private func send(_ method: HTTPMethod, _ key: String, headers: HTTPHeaders = HTTPHeaders()) throws -> HTTPResponse {
        try S3ObjectStore.check(key)
        do {
            return try client.send(HTTPRequest(method, url(key), headers: headers))
        } catch let error as HTTPTransportError {
            throw StorageError.remote(error.description)
        }
    }

    private func failure(_ response: HTTPResponse, _ key: String) -> StorageError {
        switch response.status {
        case 404, 410: return .notFound(key)
        case 401, 403: return .remote("\(url(key)): access denied (\(response.status))")
        default: return .remote("\(url(key)): GET failed with HTTP \(response.status)")
        }
    }
}
