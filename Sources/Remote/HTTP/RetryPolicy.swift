/// When and how long to wait before trying a request again: exponential backoff with full jitter
/// (a random wait between zero and `min(maxDelay, baseDelay * 2^retry)`), so that many clients
/// throttled at once do not come back in step.
public struct RetryPolicy: Sendable, Equatable {
    /// Tries in all, the first included.
    public var maxAttempts: Int
    /// Seconds; the ceiling of the first wait.
    public var baseDelay: Double
    /// Seconds; no wait is longer.
    public var maxDelay: Double

    public init(maxAttempts: Int = 6, baseDelay: Double = 0.1, maxDelay: Double = 5) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = max(0, baseDelay)
        self.maxDelay = max(0, maxDelay)
    }

    /// The default, with `CAIRN_RETRY_BASE_MS` and `CAIRN_RETRY_MAX_ATTEMPTS` (tests shorten them).
    public init(environment: [String: String]) {
        self.init()
        if let ms = environment["CAIRN_RETRY_BASE_MS"].flatMap(Double.init), ms >= 0 { baseDelay = ms / 1000 }
        if let attempts = environment["CAIRN_RETRY_MAX_ATTEMPTS"].flatMap(Int.init), attempts >= 1 { maxAttempts = attempts }
    }

    /// Seconds to wait before retry number `retry` (0 for the first retry).
    public func delay(beforeRetry retry: Int) -> Double {
        let ceiling = min(maxDelay, baseDelay * Double(1 << min(retry, 30)))
        return ceiling > 0 ? Double.random(in: 0...ceiling) : 0
    }

    /// Server answers worth another try: server errors, throttling (429, S3's 503 `SlowDown`), and S3
    /// error codes it documents as transient even under another status (a 400 `RequestTimeout`).
    public func isRetryable(_ response: HTTPResponse) -> Bool {
        if response.status >= 500 || response.status == 429 || response.status == 408 { return true }
        guard response.status >= 400, !response.body.isEmpty, response.body.count < 64 << 10 else { return false }
        let text = response.bodyText
        return RetryPolicy.transientS3Codes.contains { text.contains("<Code>\($0)</Code>") }
    }

    static let transientS3Codes = ["SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling", "ThrottlingException"]

    /// Transport failures worth another try: refused, reset or dropped connections, timeouts (a stalled
    /// transfer under the low-speed limit), name lookups that failed (often transient). Not: malformed
    /// URLs, certificate problems, options the library lacks.
    public func isRetryable(_ error: HTTPTransportError) -> Bool {
        RetryPolicy.transientCurlCodes.contains(error.code)
    }

    // CURLE_ numbers: COULDNT_RESOLVE_PROXY 5, COULDNT_RESOLVE_HOST 6, COULDNT_CONNECT 7,
    // WEIRD_SERVER_REPLY 8, HTTP2 16, PARTIAL_FILE 18, OPERATION_TIMEDOUT 28, SSL_CONNECT_ERROR 35,
    // GOT_NOTHING 52, SEND_ERROR 55, RECV_ERROR 56, SEND_FAIL_REWIND 65, HTTP2_STREAM 92, HTTP3 95.
    static let transientCurlCodes: Set<Int32> = [5, 6, 7, 8, 16, 18, 28, 35, 52, 55, 56, 65, 92, 95]
}
