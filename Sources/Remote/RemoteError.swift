import Storage

/// Failures of remote operations, each a one-line message naming the remote and what went wrong.
public enum RemoteError: Error, Equatable, CustomStringConvertible {
    case invalidURL(String, String)
    /// An environment variable or option with a value cairn cannot use: name, value, what is expected.
    case invalidSetting(String, String, String)
    /// The remote holds something cairn must not trust: where, and what is wrong with it.
    case corruptRemote(String, String)
    case notARemoteRepository(String, String)
    /// The store accepted a write with a wrong `If-Match`.
    case noConditionalWrites(String)
    /// `remote add` of a name that exists, or a command naming one that does not.
    case remoteExists(String)
    case unknownRemote(String)
    /// A push refused: the ref, and why (non-fast-forward, tag exists, …).
    case rejected(String, String)
    /// Another process holds the remote: what it is doing.
    case busy(String, String)
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
        case .invalidSetting(let name, let value, let expected): return "invalid \(name) '\(value)': expected \(expected)"
        case .corruptRemote(let remote, let what): return "refusing remote \(remote): \(what)"
        case .notARemoteRepository(let remote, let why): return "\(remote) is not a cairn repository: \(why)"
        case .noConditionalWrites(let remote):
            return "\(remote) does not honour conditional writes (a PUT with a wrong If-Match succeeded): every push there would be last-writer-wins, so cairn refuses to push to it"
        case .remoteExists(let name): return "remote '\(name)' already exists"
        case .unknownRemote(let name): return "no remote '\(name)' (see cairn remote -v)"
        case .rejected(let ref, let why): return "rejected \(ref): \(why)"
        case .busy(let remote, let what): return "\(remote): \(what)"
        case .invalidEndpoint(let endpoint, let why): return "invalid S3 endpoint '\(endpoint)': \(why)"
        case .profileNotFound(let profile, let files):
            return "AWS profile '\(profile)' (AWS_PROFILE) not found in \(files.joined(separator: " or "))"
        case .incompleteCredentials(let why): return "incomplete AWS credentials: \(why)"
        case .unreadableFile(let path, let why): return "cannot read '\(path)': \(why)"
        }
    }
}
