/// Failures of an object store, each naming the object and what went wrong.
public enum StorageError: Error, Equatable, CustomStringConvertible {
    case notFound(String)
    case io(String, errno: Int32)
    case rangeOutOfBounds(key: String, range: Range<Int>, size: Int)
    case preconditionFailed(String)
    case hashMismatch(key: String, expected: String, actual: String)
    case invalidKey(String)

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
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
