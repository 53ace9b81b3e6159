/// The methods the object stores use.
public enum HTTPMethod: String, Sendable {
    case get = "GET", head = "HEAD", put = "PUT", post = "POST", delete = "DELETE"
}

/// One HTTP request. The body is a slice so that the parts of a multipart upload are sent straight
/// from the object's bytes, without a copy each.
public struct HTTPRequest: Sendable {
    public var method: HTTPMethod
    public var url: String
    public var headers: HTTPHeaders
    public var body: ArraySlice<UInt8>

    public init(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = HTTPHeaders(), body: ArraySlice<UInt8> = []) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
    }

    public init(_ method: HTTPMethod, _ url: String, headers: HTTPHeaders = HTTPHeaders(), body: [UInt8]) {
        self.init(method, url, headers: headers, body: body[...])
    }
}
