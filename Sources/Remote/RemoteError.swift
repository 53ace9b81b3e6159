import Storage

/// Failures of remote operations, each a one-line message naming the remote and what went wrong.
public enum RemoteError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String, String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let why): return "invalid remote URL '\(url)': \(why)"
        }
    }
}
