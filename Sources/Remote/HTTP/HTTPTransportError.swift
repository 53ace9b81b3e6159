/// A request that got no HTTP response: libcurl failed (connection refused or dropped, timeout,
/// certificate not trusted), after every attempt the retry policy allowed.
public struct HTTPTransportError: Error, Equatable, CustomStringConvertible {
    public var method: HTTPMethod
    public var url: String
    /// The CURLcode.
    public var code: Int32
    /// libcurl's own words, as specific as it gives them.
    public var message: String
    public var attempts: Int

    public init(method: HTTPMethod, url: String, code: Int32, message: String, attempts: Int = 1) {
        self.method = method
        self.url = url
        self.code = code
        self.message = message
        self.attempts = attempts
    }

    public var description: String {
        let tries = attempts > 1 ? " (after \(attempts) attempts)" : ""
        return "\(method.rawValue) \(url): \(message) (curl error \(code))\(tries)"
    }
}
