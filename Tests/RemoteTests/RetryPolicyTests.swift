import Testing
@testable import Remote

@Suite struct RetryPolicyTests {
    @Test func backoffIsJitteredBelowAGrowingCappedCeiling() {
        let policy = RetryPolicy(maxAttempts: 6, baseDelay: 0.1, maxDelay: 5)
        for retry in 0..<12 {
            let ceiling = min(5, 0.1 * Double(1 << retry))
            let delays = (0..<50).map { _ in policy.delay(beforeRetry: retry) }
            #expect(delays.allSatisfy { $0 >= 0 && $0 <= ceiling })
            #expect(Set(delays).count > 1)  // full jitter, not a fixed wait
        }
    }

    @Test func defaultsAndEnvironment() {
        #expect(RetryPolicy() == RetryPolicy(maxAttempts: 6, baseDelay: 0.1, maxDelay: 5))
        let quick = RetryPolicy(environment: ["CAIRN_RETRY_BASE_MS": "2", "CAIRN_RETRY_MAX_ATTEMPTS": "3"])
        #expect(quick.baseDelay == 0.002 && quick.maxAttempts == 3)
        #expect(RetryPolicy(environment: ["CAIRN_RETRY_BASE_MS": "x"]) == RetryPolicy())
    }

    @Test func whatIsTransient() {
        let policy = RetryPolicy()
        #expect(policy.isRetryable(HTTPResponse(status: 500)))
        #expect(policy.isRetryable(HTTPResponse(status: 503)))
        #expect(policy.isRetryable(HTTPResponse(status: 429)))
        #expect(policy.isRetryable(HTTPResponse(status: 400, body: Array("<Error><Code>RequestTimeout</Code></Error>".utf8))))
        #expect(!policy.isRetryable(HTTPResponse(status: 400, body: Array("<Error><Code>InvalidArgument</Code></Error>".utf8))))
        #expect(!policy.isRetryable(HTTPResponse(status: 404)))
        #expect(!policy.isRetryable(HTTPResponse(status: 412)))
        #expect(!policy.isRetryable(HTTPResponse(status: 200)))
        func curl(_ code: Int32) -> HTTPTransportError { HTTPTransportError(method: .get, url: "u", code: code, message: "") }
        #expect(policy.isRetryable(curl(7)))   // connection refused
        #expect(policy.isRetryable(curl(28)))  // timed out (the low-speed limit)
        #expect(policy.isRetryable(curl(52)))  // empty reply
        #expect(policy.isRetryable(curl(56)))  // connection reset
        #expect(!policy.isRetryable(curl(60))) // certificate not trusted
        #expect(!policy.isRetryable(curl(3)))  // malformed URL
    }

    @Test func contentRangeAndTimestamps() throws {
        #expect(ContentRange("bytes 10-19/100")?.first == 10)
        #expect(ContentRange("bytes 10-19/100")?.total == 100)
        #expect(ContentRange("bytes */100")?.total == 100)
        #expect(ContentRange("bytes 0-9/*")?.total == nil)
        #expect(ContentRange("items 0-9/10") == nil)
        #expect(ContentRange("bytes x") == nil)
        #expect(S3ObjectStore.parseTimestamp("2013-09-17T18:07:53.500Z")?.timeIntervalSince1970 == 1_379_441_273.5)
        #expect(S3ObjectStore.parseTimestamp("2013-09-17T18:07:53Z")?.timeIntervalSince1970 == 1_379_441_273)
        #expect(S3ObjectStore.parseTimestamp("2013-09-17 18:07:53") == nil)
        #expect(S3ObjectStore.parseTimestamp("") == nil)
    }

    @Test func headersIgnoreCase() {
        var headers: HTTPHeaders = ["ETag": "\"a\"", "content-length": "5"]
        #expect(headers["etag"] == "\"a\"" && headers["Content-Length"] == "5")
        headers.set("ETAG", "\"b\"")
        #expect(headers["ETag"] == "\"b\"" && headers.fields.count == 2)
        headers.set("etag", nil)
        #expect(headers["ETag"] == nil)
        // A header line as libcurl hands it over ends in CR LF, one Character in Swift.
        #expect(" \"abc\"\r\n".trimmingSpaces == "\"abc\"")
    }
}
