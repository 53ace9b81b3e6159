/// Failures of an object store, each naming the object and what went wrong.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case io(String, errno: Int32)
    case rangeOutOfBounds(key: String, range: Range<Int>, size: Int)
    case preconditionFailed(String)
    case hashMismatch(key: String, expected: String, actual: String)
    case invalidKey(String)
    /// The store cannot do this at all (listing a static HTTPS server, writing to a read-only remote).
    case unsupported(String)
    /// A remote store failed for good (after retries): what was asked and what came back.
    case remote(String)

    public var description: String {
        switch self {
        case .notFound(let key): return "object '\(key)' not found"
        case .io(let what, let code): return "\(what): \(String(cString: strerror(code)))"
        case .rangeOutOfBounds(let key, let range, let size):
            return "range \(range.lowerBound)..<\(range.upperBound) is outside object '\(key)' of \(size) bytes"
        case .preconditionFailed(let key): return "object '\(key)' changed concurrently (conditional write refused)"
        case .hashMismatch(let key, let expected, let actual):
            return "object '\(key)' is corrupt: SHA-256 \(actual), expected \(expected)"
        case .invalidKey(let key): return "invalid object key '\(key)'"
        case .unsupported(let what): return what
        case .remote(let what): return what
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
