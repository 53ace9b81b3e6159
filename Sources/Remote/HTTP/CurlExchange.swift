import CCurl

/// One request performed on an easy handle: options set, the response collected by libcurl's
/// callbacks, and nothing retried here (`HTTPClient` decides that).
final class CurlExchange {
    private var status = 0
    private var headers: [(name: String, value: String)] = []
    private var body: [UInt8] = []
    private let expectsBody: Bool

    private init(expectsBody: Bool) { self.expectsBody = expectsBody }

    /// The response, or the failure with libcurl's message; the byte counts are what went over the wire
    /// as message bodies, for the statistics, also when it failed.
    static func perform(_ request: HTTPRequest, on handle: CurlHandle, configuration: HTTPClientConfiguration)
        -> (result: Result<HTTPResponse, HTTPTransportError>, sent: Int, received: Int) {
        let exchange = CurlExchange(expectsBody: request.method != .head)
        let h = handle.raw
        curl_easy_reset(h)  // every option back to its default; the connection cache stays

        var headerList: UnsafeMutablePointer<curl_slist>? = nil
        for field in request.headers {
            headerList = curl_slist_append(headerList, "\(field.name): \(field.value)")
        }
        // "Name:" with no value removes a header libcurl would add: no `Expect: 100-continue` round trip,
        // and no form Content-Type on a body sent as POSTFIELDS (moto would store such a body empty).
        headerList = curl_slist_append(headerList, "Expect:")
        if request.method == .put || request.method == .post, request.headers["Content-Type"] == nil {
            headerList = curl_slist_append(headerList, "Content-Type:")
        }
        defer { curl_slist_free_all(headerList) }

        let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
        defer { errorBuffer.deallocate() }

        let context = Unmanaged.passUnretained(exchange).toOpaque()
        var code: CURLcode = CURLE_OK
        func setLong(_ option: CURLoption, _ value: Int) {
            if code == CURLE_OK { code = cairn_curl_setopt_long(h, option, value) }
        }
        func setString(_ option: CURLoption, _ value: String) {
            // libcurl copies string options (since 7.17).
            if code == CURLE_OK { code = value.withCString { cairn_curl_setopt_string(h, option, $0) } }
        }

        setString(CURLOPT_URL, request.url)
        setLong(CURLOPT_NOSIGNAL, 1)  // no SIGALRM for timeouts: required with threads
        setLong(CURLOPT_CONNECTTIMEOUT_MS, Int(configuration.connectTimeout * 1000))
        setLong(CURLOPT_LOW_SPEED_LIMIT, configuration.lowSpeedLimit)
        setLong(CURLOPT_LOW_SPEED_TIME, configuration.lowSpeedTime)
        setLong(CURLOPT_FOLLOWLOCATION, configuration.followRedirects ? 1 : 0)
        setLong(CURLOPT_MAXREDIRS, 10)
        // Nothing but HTTP(S), also where a redirect points (never file:// or the like). Best effort: libcurl
        // before 7.85 lacks these options and must still work.
        _ = cairn_curl_setopt_string(h, CURLOPT_PROTOCOLS_STR, "http,https")
        _ = cairn_curl_setopt_string(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https")
        setString(CURLOPT_USERAGENT, configuration.userAgent)
        if let caBundle = configuration.caBundle { setString(CURLOPT_CAINFO, caBundle) }
        if code == CURLE_OK { code = cairn_curl_setopt_slist(h, CURLOPT_HTTPHEADER, headerList) }
        if code == CURLE_OK { code = cairn_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, errorBuffer) }
        if code == CURLE_OK { code = cairn_curl_setopt_pointer(h, CURLOPT_WRITEDATA, context) }
        if code == CURLE_OK { code = cairn_curl_setopt_pointer(h, CURLOPT_HEADERDATA, context) }
        if code == CURLE_OK {
            code = cairn_curl_setopt_write_callback(h, CURLOPT_WRITEFUNCTION) { data, size, count, context in
                let exchange = Unmanaged<CurlExchange>.fromOpaque(context!).takeUnretainedValue()
                let bytes = size * count
                if let data, bytes > 0 { exchange.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: bytes)) }
                return bytes
            }
        }
        if code == CURLE_OK {
            code = cairn_curl_setopt_write_callback(h, CURLOPT_HEADERFUNCTION) { data, size, count, context in
                let exchange = Unmanaged<CurlExchange>.fromOpaque(context!).takeUnretainedValue()
                let bytes = size * count
                if let data { exchange.receiveHeaderLine(UnsafeRawBufferPointer(start: data, count: bytes)) }
                return bytes
            }
        }

        switch request.method {
        case .get: setLong(CURLOPT_HTTPGET, 1)
        case .head: setLong(CURLOPT_NOBODY, 1)
        case .delete: setString(CURLOPT_CUSTOMREQUEST, "DELETE")
        case .post: setLong(CURLOPT_POST, 1)
        case .put: setString(CURLOPT_CUSTOMREQUEST, "PUT")
        }

        let sendsBody = request.method == .put || request.method == .post || !request.body.isEmpty
        let performed: CURLcode = request.body.withUnsafeBytes { body in
            if sendsBody {
                // POSTFIELDS sends the caller's bytes in place (with a Content-Length, never chunked) and
                // lets libcurl rewind them itself when it retries on a dead reused connection. A null pointer
                // would mean "read the body from stdin": an empty body points at a byte of its own.
                let pointer = UnsafeMutableRawPointer(mutating: body.baseAddress ?? CurlExchange.emptyBody)
                if code == CURLE_OK { code = cairn_curl_setopt_off_t(h, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(body.count)) }
                if code == CURLE_OK { code = cairn_curl_setopt_pointer(h, CURLOPT_POSTFIELDS, pointer) }
                if request.method != .post && request.method != .put {
                    setString(CURLOPT_CUSTOMREQUEST, request.method.rawValue)
                }
            }
            guard code == CURLE_OK else { return code }
            return withExtendedLifetime(exchange) { curl_easy_perform(h) }  // the callbacks' context
        }

        var uploaded: curl_off_t = 0, downloaded: curl_off_t = 0
        _ = cairn_curl_getinfo_off_t(h, CURLINFO_SIZE_UPLOAD_T, &uploaded)
        _ = cairn_curl_getinfo_off_t(h, CURLINFO_SIZE_DOWNLOAD_T, &downloaded)
        // The buffers the options pointed at are about to go; nothing may refer to them past this call.
        _ = cairn_curl_setopt_pointer(h, CURLOPT_ERRORBUFFER, nil)

        guard performed == CURLE_OK else {
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(performed)) : detail
            let error = HTTPTransportError(method: request.method, url: request.url, code: Int32(performed.rawValue), message: message)
            return (.failure(error), Int(uploaded), Int(downloaded))
        }
        var status = 0
        _ = cairn_curl_getinfo_long(h, CURLINFO_RESPONSE_CODE, &status)
        let response = HTTPResponse(status: status != 0 ? status : exchange.status, headers: HTTPHeaders(exchange.headers),
                                    body: exchange.body)
        return (.success(response), Int(uploaded), Int(downloaded))
    }

    // Never written: libcurl only reads the zero bytes it is told about.
    nonisolated(unsafe) private static let emptyBody: UnsafeRawPointer = UnsafeRawPointer(UnsafeMutableRawPointer.allocate(byteCount: 1, alignment: 1))

    /// A status line starts a response (a `100 Continue` or a redirect comes before the final one, whose
    /// headers alone are kept); a field line adds a header.
    private func receiveHeaderLine(_ bytes: UnsafeRawBufferPointer) {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") || bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[..<end]), as: UTF8.self)
        if line.hasPrefix("HTTP/") {
            headers.removeAll()
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = String(line[..<colon])
        let value = String(line[line.index(after: colon)...]).trimmingSpaces
        headers.append((name: name, value: value))
        // Reserve the body once rather than growing it by doubling (capped: a header is not a promise).
        if expectsBody, name.lowercased() == "content-length", let length = Int(value), length > 0 {
            body.reserveCapacity(min(length, 1 << 30))
        }
    }
}
