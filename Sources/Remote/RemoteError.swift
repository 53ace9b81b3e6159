import Storage

/// Failures of remote operations, each a one-line message naming the remote and what went wrong.
public enum RemoteError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String, String)
    /// An S3 endpoint (`--endpoint`, `AWS_ENDPOINT_URL_S3`) that is not an http(s) URL with a host.
    case invalidEndpoint(String, String)
    /// `AWS_PROFILE` names a profile neither AWS file has.
    case profileNotFound(String, files: [String])
    /// An access key without its secret (or the reverse), in the environment or a profile.
    case incompleteCredentials(String)
    /// An AWS credentials or config file that exists but cannot be read.
    case unreadableFile(String, String)

    public var description: String {
        switch self {
        case .invalidURL(let url, let why): return "invalid remote URL '\(url)': \(why)"
        case .invalidEndpoint(let endpoint, let why): return "invalid S3 endpoint '\(endpoint)': \(why)"
        case .profileNotFound(let profile, let files):
            return "AWS profile '\(profile)' (AWS_PROFILE) not found in \(files.joined(separator: " or "))"
        case .incompleteCredentials(let why): return "incomplete AWS credentials: \(why)"
        case .unreadableFile(let path, let why): return "cannot read '\(path)': \(why)"
        }
    }
}
