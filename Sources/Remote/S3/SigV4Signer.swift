import Crypto
import Foundation

/// AWS Signature Version 4 for S3 requests, in the Authorization header: every header the request
/// carries is signed (Host included), with the payload's SHA-256 in `x-amz-content-sha256`.
public struct SigV4Signer: Sendable {
    public var credentials: AWSCredentials
    public var region: String
    public var service: String

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// The hex SHA-256 of an empty payload (GET, HEAD, DELETE).
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public static func payloadHash(_ body: ArraySlice<UInt8>) -> String {
        body.isEmpty ? emptyPayloadHash : hex(SHA256.hash(data: body))
    }

    /// Adds `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` (temporary credentials) and
    /// `Authorization` to `headers`, which must hold `Host`. `path` is the encoded path as sent, `query`
    /// the unencoded query parameters.
    public func sign(method: HTTPMethod, path: String, query: [(String, String)], headers: inout HTTPHeaders,
                     payloadHash: String, date: Date = Date()) {
        let timestamp = SigV4Signer.timestamp(date)
        headers.set("x-amz-date", timestamp)
        headers.set("x-amz-content-sha256", payloadHash)
        if let token = credentials.sessionToken { headers.set("x-amz-security-token", token) }
        headers.set("Authorization", nil)
        let (canonical, signedHeaders) = canonicalRequest(method: method.rawValue, path: path, query: query,
                                                          headers: headers, payloadHash: payloadHash)
        let signature = self.signature(stringToSign: stringToSign(canonicalRequest: canonical, timestamp: timestamp),
                                       day: String(timestamp.prefix(8)))
        headers.set("Authorization", "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(day: String(timestamp.prefix(8)))),"
                    + "SignedHeaders=\(signedHeaders),Signature=\(signature)")
    }

    /// The canonical request and the `;`-joined names of the signed headers: lower-cased names sorted,
    /// values trimmed with inner runs of spaces folded, repeated headers joined with commas.
    func canonicalRequest(method: String, path: String, query: [(String, String)], headers: HTTPHeaders,
                          payloadHash: String) -> (request: String, signedHeaders: String) {
        var values: [String: [String]] = [:]
        for field in headers {
            let folded = field.value.trimmingSpaces.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            values[field.name.lowercased(), default: []].append(folded)
        }
        let names = values.keys.sorted()
        let canonicalHeaders = names.map { "\($0):\(values[$0]!.joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let request = [method, path, AWSURIEncoding.canonicalQuery(query), canonicalHeaders, signedHeaders, payloadHash]
            .joined(separator: "\n")
        return (request, signedHeaders)
    }

    func scope(day: String) -> String { "\(day)/\(region)/\(service)/aws4_request" }

    func stringToSign(canonicalRequest: String, timestamp: String) -> String {
        ["AWS4-HMAC-SHA256", timestamp, scope(day: String(timestamp.prefix(8))),
         SigV4Signer.hex(SHA256.hash(data: Array(canonicalRequest.utf8)))].joined(separator: "\n")
    }

    func signature(stringToSign: String, day: String) -> String {
        var key = SymmetricKey(data: Array("AWS4\(credentials.secretAccessKey)".utf8))
        for part in [day, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return SigV4Signer.hex(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key))
    }

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC, without a DateFormatter (not thread-safe to share, slow to make).
    static func timestamp(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }

    static func hex<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var text = [UInt8]()
        for byte in bytes {
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
