/// A response as received: the status of the final response (after any `100 Continue`), its
/// headers and body.
public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: HTTPHeaders
    public var body: [UInt8]

    public init(status: Int, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }

    /// `Content-Length` as a number, nil when absent or malformed.
    public var contentLength: Int? { headers["Content-Length"].flatMap { Int($0.trimmingSpaces) } }

    /// The body as text, for error messages (invalid UTF-8 repaired, not trapped on).
    public var bodyText: String { String(decoding: body, as: UTF8.self) }
}

extension String {
    var trimmingSpaces: String {
        var text = Substring(self)
        while let first = text.first, first == " " || first == "\t" || first == "\r" || first == "\n" { text.removeFirst() }
        while let last = text.last, last == " " || last == "\t" || last == "\r" || last == "\n" { text.removeLast() }
        return String(text)
    }
}
