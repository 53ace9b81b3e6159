import Foundation

/// How an `HTTPClient` connects: timeouts, the certificates it trusts, and its retry policy.
public struct HTTPClientConfiguration: Sendable {
    /// Seconds to establish a connection (TCP and TLS).
    public var connectTimeout: Double
    /// A transfer slower than `lowSpeedLimit` bytes per second for `lowSpeedTime` whole seconds fails
    /// (and is retried) instead of hanging on a stalled server.
    public var lowSpeedLimit: Int
    public var lowSpeedTime: Int
    /// A PEM file of trusted certificates replacing the system's; nil: the system's.
    public var caBundle: String?
    /// Follow redirects (a static web server may redirect; S3 must not: the signature names the host).
    public var followRedirects: Bool
    public var retry: RetryPolicy
    public var userAgent: String

    public init(connectTimeout: Double = 10, lowSpeedLimit: Int = 1, lowSpeedTime: Int = 30, caBundle: String? = nil,
                followRedirects: Bool = false, retry: RetryPolicy = RetryPolicy(), userAgent: String = "cairn") {
        self.connectTimeout = connectTimeout
        self.lowSpeedLimit = lowSpeedLimit
        self.lowSpeedTime = lowSpeedTime
        self.caBundle = caBundle
        self.followRedirects = followRedirects
        self.retry = retry
        self.userAgent = userAgent
    }

    /// The defaults, with these from the environment: the CA bundle (`CAIRN_CA_BUNDLE`, `AWS_CA_BUNDLE`,
    /// `SSL_CERT_FILE`, `CURL_CA_BUNDLE`, first set wins), the retry knobs of `RetryPolicy`, and
    /// `CAIRN_STALL_TIMEOUT_S` for the low-speed time (tests shorten it).
    public init(environment: [String: String]) {
        self.init(retry: RetryPolicy(environment: environment))
        caBundle = ["CAIRN_CA_BUNDLE", "AWS_CA_BUNDLE", "SSL_CERT_FILE", "CURL_CA_BUNDLE"]
            .lazy.compactMap { environment[$0] }.first { !$0.isEmpty }
        if let seconds = environment["CAIRN_STALL_TIMEOUT_S"].flatMap(Int.init), seconds >= 1 { lowSpeedTime = seconds }
    }
}
