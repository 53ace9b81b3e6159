import Foundation

/// Where an S3 repository lives and how to reach it: the bucket and key prefix, the endpoint, the
/// signing region, the addressing style, and the credentials (nil: unsigned requests).
public struct S3Configuration: Sendable, Equatable {
    public let bucket: String
    /// Prepended with a `/` to every key the store is given; empty for the bucket's root.
    public let prefix: String
    /// `scheme://host[:port][/base]`, no trailing slash; checked at init.
    public let endpoint: String
    public let region: String
    /// `endpoint/bucket/key` rather than `bucket.endpoint/key`.
    public let pathStyle: Bool
    public let credentials: AWSCredentials?

    /// `endpoint` nil: AWS's own for `region`. `pathStyle` nil: path-style for a custom endpoint (local
    /// servers rarely resolve `bucket.host`), and for bucket names with dots (TLS certificates do not
    /// cover `a.b.s3.amazonaws.com`); virtual-hosted otherwise, as AWS prefers.
    public init(bucket: String, prefix: String = "", endpoint: String? = nil, region: String = "us-east-1",
                pathStyle: Bool? = nil, credentials: AWSCredentials? = nil) throws {
        self.bucket = bucket
        self.prefix = prefix
        self.region = region
        self.credentials = credentials
        if let endpoint {
            try S3Configuration.checkEndpoint(endpoint)
            var trimmed = endpoint
            while trimmed.hasSuffix("/") { trimmed.removeLast() }
            self.endpoint = trimmed
        } else {
            self.endpoint = "https://s3.\(region).amazonaws.com"
        }
        self.pathStyle = pathStyle ?? (endpoint != nil || bucket.contains("."))
    }

    /// From a remote's settings and the environment as the AWS SDKs read it: the region from the settings,
    /// `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's `region` in the config file, else us-east-1; the
    /// endpoint from the settings, `AWS_ENDPOINT_URL_S3`, `AWS_ENDPOINT_URL`, the profile's `endpoint_url`;
    /// the credentials as `AWSCredentials.resolve` finds them.
    public init(settings: RemoteSettings, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        guard case .s3(let bucket, let prefix) = try RemoteLocation(parsing: settings.url) else {
            throw RemoteError.invalidURL(settings.url, "not an s3:// URL")
        }
        let files = AWSProfileFiles(environment: environment)
        var profileConfig: [String: String]?
        func fromProfile(_ key: String) throws -> String? {
            if profileConfig == nil { profileConfig = try files.configSection() ?? [:] }
            return profileConfig?[key].flatMap { $0.isEmpty ? nil : $0 }
        }
        let region = try settings.region ?? files.nonEmpty("AWS_REGION") ?? files.nonEmpty("AWS_DEFAULT_REGION")
            ?? fromProfile("region") ?? "us-east-1"
        let endpoint = try settings.endpoint ?? files.nonEmpty("AWS_ENDPOINT_URL_S3") ?? files.nonEmpty("AWS_ENDPOINT_URL")
            ?? fromProfile("endpoint_url")
        try self.init(bucket: bucket, prefix: prefix, endpoint: endpoint, region: region, pathStyle: settings.pathStyle,
                      credentials: AWSCredentials.resolve(environment: environment))
    }

    private static func checkEndpoint(_ endpoint: String) throws {
        guard let url = URLComponents(string: endpoint), let scheme = url.scheme?.lowercased() else {
            throw RemoteError.invalidEndpoint(endpoint, "not a URL")
        }
        guard scheme == "http" || scheme == "https" else { throw RemoteError.invalidEndpoint(endpoint, "the scheme must be http or https") }
        guard let host = url.host, !host.isEmpty else { throw RemoteError.invalidEndpoint(endpoint, "no host") }
        guard url.query == nil, url.fragment == nil else { throw RemoteError.invalidEndpoint(endpoint, "a query or fragment is not allowed") }
    }

    /// The full key of a store key (`objects/ab/…` → `prefix/objects/ab/…`).
    func fullKey(_ key: String) -> String { prefix.isEmpty ? key : "\(prefix)/\(key)" }

    /// `s3://bucket/prefix/key`, for messages.
    func displayURL(_ key: String) -> String { "s3://\(bucket)/\(fullKey(key))" }

    /// The request target of a full key (nil: the bucket itself, for listing and multipart calls on it):
    /// the URL to send to, the Host header to sign (libcurl would send the same), and the encoded path
    /// the signature covers.
    func target(fullKey: String?, query: [(String, String)] = []) -> (url: String, host: String, path: String) {
        let schemeEnd = endpoint.range(of: "://")  // there since init checked it
        let scheme = schemeEnd.map { endpoint[..<$0.lowerBound] } ?? "https"
        let rest = schemeEnd.map { endpoint[$0.upperBound...] } ?? endpoint[...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = String(rest[..<slash])
        let basePath = String(rest[slash...])
        let host = pathStyle ? authority : "\(bucket).\(authority)"
        var path = basePath
        if pathStyle { path += "/" + AWSURIEncoding.encode(bucket, keepingSlashes: false) }
        if let fullKey {
            path += "/" + AWSURIEncoding.encode(fullKey, keepingSlashes: true)
        } else if path.isEmpty {
            path = "/"
        }
        let queryString = AWSURIEncoding.canonicalQuery(query)
        return ("\(scheme)://\(host)\(path)\(queryString.isEmpty ? "" : "?" + queryString)", host, path)
    }
}
