import Foundation

/// HTTP over libcurl for the remote object stores: safe to share between threads, keeping connections
/// open between requests, retrying what the retry policy calls transient, and counting what it moves.
public final class HTTPClient: Sendable {
    public let configuration: HTTPClientConfiguration
    private let pool = CurlHandlePool()
    private let counters = TransferCounters()

    public init(configuration: HTTPClientConfiguration = HTTPClientConfiguration()) {
        self.configuration = configuration
    }

    /// What this client has sent and received so far.
    public var statistics: TransferStatistics { counters.snapshot }

    /// Sends `request`, trying again after transient failures. Returns the last response, which is an
    /// error status when retries ran out on one; throws `HTTPTransportError` when no response came back.
    public func send(_ request: HTTPRequest) throws -> HTTPResponse {
        let policy = configuration.retry
        var attempt = 0
        while true {
            let outcome = sendOnce(request, isRetry: attempt > 0)
            attempt += 1
            switch outcome {
            case .success(let response):
                if attempt >= policy.maxAttempts || !policy.isRetryable(response) { return response }
            case .failure(var error):
                if attempt >= policy.maxAttempts || !policy.isRetryable(error) {
                    error.attempts = attempt
                    throw error
                }
            }
            let delay = policy.delay(beforeRetry: attempt - 1)
            if delay > 0 { Thread.sleep(forTimeInterval: delay) }
        }
    }

    /// One exchange, on a handle of the pool.
    func sendOnce(_ request: HTTPRequest, isRetry: Bool) -> Result<HTTPResponse, HTTPTransportError> {
        guard let handle = pool.take() else {
            return .failure(HTTPTransportError(method: request.method, url: request.url, code: 27, message: CurlGlobal.loadFailure ?? "libcurl could not start a transfer"))
        }
        let (result, sent, received) = CurlExchange.perform(request, on: handle, configuration: configuration)
        pool.giveBack(handle)
        counters.record(retry: isRetry, sent: sent, received: received)
        return result
    }
}
