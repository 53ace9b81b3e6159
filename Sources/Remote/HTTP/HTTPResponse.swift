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
    /// Without leading and trailing spaces, tabs and line ends (`"\r\n"` is one Character in Swift, equal
    /// to neither `"\r"` nor `"\n"`).
    var trimmingSpaces: String {
        func isSpace(_ character: Character) -> Bool {
            character == " " || character == "\t" || character == "\r" || character == "\n" || character == "\r\n"
        }
        var text = Substring(self)
        while let first = text.first, isSpace(first) { text.removeFirst() }
        while let last = text.last, isSpace(last) { text.removeLast() }
        return String(text)
    }
}
