import Crypto
import Foundation
import Storage

/// A repository's objects in an S3 bucket (AWS or any S3-compatible server), under a key prefix.
/// Conditional writes use `If-None-Match: *` and `If-Match: <ETag>`; objects above the multipart
/// threshold are uploaded in parts, in parallel. Safe to share between threads.
public final class S3ObjectStore: RemoteObjectStore, RangedHTTPStore {
    public let configuration: S3Configuration
    public let client: HTTPClient
    /// Objects larger than this are uploaded in parts.
    public let multipartThreshold: Int
    public let partSize: Int
    /// Parts in flight at once.
    public let uploadConcurrency: Int
    /// Keys per ListObjectsV2 page (S3 returns at most 1000).
    public let listPageSize: Int
    let signer: SigV4Signer?

    /// S3 needs parts of at least 5 MiB but the last; the defaults keep a part's retry cheap.
    public init(configuration: S3Configuration, http: HTTPClientConfiguration = HTTPClientConfiguration(),
                multipartThreshold: Int = 16 << 20, partSize: Int = 8 << 20, uploadConcurrency: Int = 8, listPageSize: Int = 1000) {
        self.configuration = configuration
        self.client = HTTPClient(configuration: http)
        self.multipartThreshold = max(1, multipartThreshold)
        self.partSize = max(1, partSize)
        self.uploadConcurrency = max(1, uploadConcurrency)
        self.listPageSize = min(1000, max(1, listPageSize))
        signer = configuration.credentials.map { SigV4Signer(credentials: $0, region: configuration.region) }
    }

    /// The store a remote's settings name, with endpoint, region, credentials and HTTP settings from
    /// the environment.
    public convenience init(settings: RemoteSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        self.init(configuration: try S3Configuration(settings: settings, environment: environment),
                  http: HTTPClientConfiguration(environment: environment))
    }

    public var transferStatistics: TransferStatistics { client.statistics }

    // MARK: Reading

    public func get(_ key: String) throws -> [UInt8] {
        let response = try send(.get, key: key)
        guard response.status == 200 else { throw failure(response, .get, key: key) }
        return response.body
    }

    public func size(of key: String) throws -> Int? {
        let response = try send(.head, key: key)
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw failure(response, .head, key: key) }
        guard let length = response.contentLength else {
            throw StorageError.remote("\(configuration.displayURL(key)): HEAD answered without a Content-Length")
        }
        return length
    }

    public func version(of key: String) throws -> ObjectVersion? {
        let response = try send(.head, key: key)
        if response.status == 404 { return nil }
        guard response.status == 200 else { throw failure(response, .head, key: key) }
        return try etag(response, key: key)
    }

    public func getVersioned(_ key: String) throws -> VersionedBytes? {
        let response = try send(.get, key: key)
        if response.status == 404, S3ErrorDetails(response)?.code != "NoSuchBucket" { return nil }
        guard response.status == 200 else { throw failure(response, .get, key: key) }
        return VersionedBytes(bytes: response.body, version: try etag(response, key: key))
    }

    func rangedGET(_ key: String, range: Range<Int>) throws -> HTTPResponse {
        try send(.get, key: key, headers: ["Range": RangedRead.header(range)])
    }

    func readFailure(_ response: HTTPResponse, key: String) -> StorageError { failure(response, .get, key: key) }

    func displayURL(_ key: String) -> String { configuration.displayURL(key) }

    // MARK: Writing

    @discardableResult
    public func putIfAbsent(_ key: String, _ bytes: [UInt8]) throws -> Bool {
        if bytes.count > multipartThreshold {
            // A content-addressed object that exists holds these very bytes: skip the upload. Two writers
            // racing past the HEAD write the same bytes; If-None-Match on completion keeps the first.
            if try size(of: key) != nil { return false }
            switch try uploadMultipart(key, bytes, conditions: ["If-None-Match": "*"]) {
            case .completed: return true
            case .conditionFailed: return false
            }
        }
        var retry = 0
        while true {
            let response = try send(.put, key: key, headers: ["If-None-Match": "*", "Content-Type": "application/octet-stream"],
                                    body: bytes[...])
            switch response.status {
            case 200..<300: return true
            case 412: return false
            // ConditionalRequestConflict: another write of the key is in flight; its outcome decides.
            case 409 where retry + 1 < client.configuration.retry.maxAttempts:
                Thread.sleep(forTimeInterval: client.configuration.retry.delay(beforeRetry: retry))
                retry += 1
            default: throw failure(response, .put, key: key)
            }
        }
    }

    @discardableResult
    public func put(_ key: String, _ bytes: [UInt8], if condition: WriteCondition) throws -> ObjectVersion {
        var conditions = HTTPHeaders()
        switch condition {
        case .absent: conditions.set("If-None-Match", "*")
        case .matches(let version): conditions.set("If-Match", version.token)
        }
        if bytes.count > multipartThreshold {
            switch try uploadMultipart(key, bytes, conditions: conditions) {
            case .completed(let version): return version
            case .conditionFailed: throw StorageError.preconditionFailed(key)
            }
        }
        var headers = conditions
        headers.set("Content-Type", "application/octet-stream")
        let response = try send(.put, key: key, headers: headers, body: bytes[...])
        switch response.status {
        case 200..<300:
            if response.headers["ETag"] != nil { return try etag(response, key: key) }
            guard let version = try version(of: key) else { throw StorageError.remote("\(configuration.displayURL(key)): gone right after it was written") }
            return version
        // 409: a concurrent conditional write won; 404: If-Match named a version of a key that is gone.
        case 412, 409:
            // A retry after a lost answer meets its own first attempt's write: the object then holds these very
            // bytes, and S3's ETag of a single PUT is their MD5 (not so under SSE-KMS: then a conflict it is).
            if let current = try version(of: key), current.token == "\"\(SigV4Signer.hex(Insecure.MD5.hash(data: bytes)))\"" {
                return current
            }
            throw StorageError.preconditionFailed(key)
        case 404 where S3ErrorDetails(response)?.code != "NoSuchBucket" && condition != .absent:
            throw StorageError.preconditionFailed(key)
        default: throw failure(response, .put, key: key)
        }
    }

    public func delete(_ key: String) throws {
        let response = try send(.delete, key: key)
        guard response.isSuccess || (response.status == 404 && S3ErrorDetails(response)?.code != "NoSuchBucket") else {
            throw failure(response, .delete, key: key)
        }
    }

    // MARK: Requests

    /// A signed request for a store key (nil: the bucket itself). A request that got no response, after
    /// retries, is `StorageError.remote` naming the method, URL and libcurl's reason.
    func send(_ method: HTTPMethod, key: String?, query: [(String, String)] = [], headers: HTTPHeaders = HTTPHeaders(),
              body: ArraySlice<UInt8> = []) throws -> HTTPResponse {
        if let key { try S3ObjectStore.check(key) }
        let target = configuration.target(fullKey: key.map(configuration.fullKey), query: query)
        var headers = headers
        headers.set("Host", target.host)
        signer?.sign(method: method, path: target.path, query: query, headers: &headers, payloadHash: SigV4Signer.payloadHash(body))
        do {
            return try client.send(HTTPRequest(method, target.url, headers: headers, body: body))
        } catch let error as HTTPTransportError {
            throw StorageError.remote(error.description)
        }
    }

    /// The error for a response that is not the expected one: a missing object, access denied with S3's
    /// own reason, a bucket in another region, or the request, status and S3 error of anything else.
    func failure(_ response: HTTPResponse, _ method: HTTPMethod, key: String?) -> StorageError {
        let details = S3ErrorDetails(response)
        let what = key.map(configuration.displayURL) ?? "s3://\(configuration.bucket)"
        let reason = details.map { ": \($0.description)" } ?? ""
        if details?.code == "NoSuchBucket" { return .remote("\(what): no such bucket (404)") }
        if let region = response.headers["x-amz-bucket-region"], region != configuration.region {
            return .remote("\(what): the bucket is in region \(region), not \(configuration.region) (set the remote's region or AWS_REGION)")
        }
        switch response.status {
        case 404 where key != nil: return .notFound(key!)
        case 403: return .remote("\(what): access denied (403)\(reason)")
        default:
            let url = configuration.target(fullKey: key.map(configuration.fullKey)).url
            return .remote("\(what): \(method.rawValue) \(url) failed with HTTP \(response.status)\(reason)")
        }
    }

    func etag(_ response: HTTPResponse, key: String) throws -> ObjectVersion {
        guard let etag = response.headers["ETag"], !etag.isEmpty else {
            throw StorageError.remote("\(configuration.displayURL(key)): the response has no ETag")
        }
        return ObjectVersion(etag)
    }

    /// Keys are relative paths without empty, `.` or `..` components, as every store requires.
    static func check(_ key: String) throws {
        if key.isEmpty || key.hasPrefix("/") || key.split(separator: "/", omittingEmptySubsequences: false)
            .contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) {
            throw StorageError.invalidKey(key)
        }
    }
}
