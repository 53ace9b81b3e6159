import Storage

/// Ranges of one remote object whose size was read once at open: each read is one ranged GET, checked
/// against the size before it is sent (a scattered slice reads thousands of pages of one fragment).
struct HTTPRangeReader: ObjectRangeReader {
    let key: String
    let size: Int
    /// A ranged GET of a range already known to lie inside the object.
    let fetch: @Sendable (Range<Int>) throws -> [UInt8]

    func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= size else {
            throw StorageError.rangeOutOfBounds(key: key, range: range, size: size)
        }
        return range.isEmpty ? [] : try fetch(range)
    }
}

/// An object store over HTTP whose ranged reads are plain `Range:` GETs (S3, a static web server): it
/// says how to send one and how to report a failed answer; reading ranges, with every way a server
/// answers one, is shared.
protocol RangedHTTPStore: ObjectStore {
    /// A GET of `key` with `Range: range`.
    func rangedGET(_ key: String, range: Range<Int>) throws -> HTTPResponse
    /// The error for an answer that is not the range (404, 403, 5xx…).
    func readFailure(_ response: HTTPResponse, key: String) -> StorageError
    /// The object's address, for messages.
    func displayURL(_ key: String) -> String
}

extension RangedHTTPStore {
    public func get(_ key: String, range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, !range.isEmpty else {
            // No ranged GET asks for nothing: the size decides.
            guard let size = try size(of: key) else { throw StorageError.notFound(key) }
            if range.lowerBound < 0 || range.upperBound > size { throw StorageError.rangeOutOfBounds(key: key, range: range, size: size) }
            return []
        }
        return try fetch(key, range: range)
    }

    public func rangeReader(_ key: String) throws -> any ObjectRangeReader {
        guard let size = try size(of: key) else { throw StorageError.notFound(key) }
        return HTTPRangeReader(key: key, size: size) { [self] range in try fetch(key, range: range) }
    }

    /// One ranged GET of a non-empty range; past the end is `rangeOutOfBounds` (from Content-Range, else a HEAD).
    func fetch(_ key: String, range: Range<Int>) throws -> [UInt8] {
        let response = try rangedGET(key, range: range)
        switch try RangedRead(response, range: range, describing: displayURL(key)) {
        case .bytes(let bytes): return bytes
        case .outOfBounds(let size?): throw StorageError.rangeOutOfBounds(key: key, range: range, size: size)
        case .outOfBounds(nil):
            guard let size = try size(of: key) else { throw StorageError.notFound(key) }
            throw StorageError.rangeOutOfBounds(key: key, range: range, size: size)
        case .failed: throw readFailure(response, key: key)
        }
    }
}

/// What a ranged GET came back with.
enum RangedRead {
    case bytes([UInt8])
    /// The range reaches past the end; the object's size when the response said it.
    case outOfBounds(size: Int?)
    /// Not an answer to the range (404, 403, 5xx…): the caller maps the status.
    case failed

    /// `Range: bytes=first-last` of a non-empty range.
    static func header(_ range: Range<Int>) -> String { "bytes=\(range.lowerBound)-\(range.upperBound - 1)" }

    /// The bytes of `range` in `response`: a 206's body as it is (no copy), checked against its
    /// Content-Range; or the slice of a 200's whole body, from a server that ignores Range. Throws
    /// `remote` when a 206 does not hold what was asked (never traps on a malformed answer).
    init(_ response: HTTPResponse, range: Range<Int>, describing what: @autoclosure () -> String) throws {
        switch response.status {
        case 206:
            let contentRange = response.headers["Content-Range"].flatMap(ContentRange.init)
            if let contentRange, contentRange.first != range.lowerBound {
                throw StorageError.remote("\(what()): the server answered bytes \(contentRange.first)- to a request for \(range.lowerBound)-")
            }
            if response.body.count == range.count {
                self = .bytes(response.body)
            } else if response.body.count > range.count {
                self = .bytes(Array(response.body.prefix(range.count)))
            } else if let total = contentRange?.total, range.upperBound > total {
                self = .outOfBounds(size: total)  // S3 answers a range running past the end with what there is
            } else {
                throw StorageError.remote("\(what()): \(response.body.count) bytes came back for a range of \(range.count)")
            }
        case 200:
            self = range.upperBound <= response.body.count ? .bytes(Array(response.body[range])) : .outOfBounds(size: response.body.count)
        case 416:
            self = .outOfBounds(size: response.headers["Content-Range"].flatMap(ContentRange.init)?.total)
        default:
            self = .failed
        }
    }
}

/// A `Content-Range` header: `bytes first-last/total`, `bytes first-last/*`, or `bytes */total`.
struct ContentRange {
    var first: Int
    var total: Int?

    init?(_ header: String) {
        let text = header.trimmingSpaces
        guard text.hasPrefix("bytes ") else { return nil }
        let parts = text.dropFirst(6).split(separator: "/", maxSplits: 1)
        guard parts.count == 2 else { return nil }
        total = Int(parts[1])
        if parts[0] == "*" {
            first = -1
        } else {
            guard let dash = parts[0].firstIndex(of: "-"), let first = Int(parts[0][..<dash]) else { return nil }
            self.first = first
        }
    }
}
