import Foundation
import Storage

/// Where a remote lives, parsed from the URL a user gives `remote add`, `clone` or `-C`.
public enum RemoteLocation: Hashable, Sendable, CustomStringConvertible {
    /// A directory on a local or mounted file system (`file:///mnt/share/pbmc.cairn`, or a plain path).
    case directory(String)
    /// An S3 bucket and the key prefix the repository lives under (empty for the bucket's root).
    case s3(bucket: String, prefix: String)
    /// A static web server, read-only (`https://host/pbmc.cairn`; `http://` is accepted for loopback tests).
    case web(String)

    /// Parses `url`; throws `invalidURL` naming what is wrong.
    public init(parsing url: String) throws {
        if url.hasPrefix("s3://") {
            let rest = url.dropFirst(5)
            let parts = rest.split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            let bucket = String(parts[0])
            guard !bucket.isEmpty, bucket.allSatisfy({ $0.isLetter || $0.isNumber || $0 == "-" || $0 == "." || $0 == "_" }) else {
                throw RemoteError.invalidURL(url, "no valid bucket name after s3://")
            }
            var prefix = parts.count > 1 ? String(parts[1]) : ""
            while prefix.hasSuffix("/") { prefix.removeLast() }
            if prefix.split(separator: "/", omittingEmptySubsequences: false).contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) && !prefix.isEmpty {
                throw RemoteError.invalidURL(url, "the key prefix has an empty, '.' or '..' component")
            }
            self = .s3(bucket: bucket, prefix: prefix)
        } else if url.hasPrefix("https://") || url.hasPrefix("http://") {
            guard let parsed = URL(string: url), parsed.host != nil else { throw RemoteError.invalidURL(url, "not a valid web address") }
            self = .web(url.hasSuffix("/") ? String(url.dropLast()) : url)
        } else if url.hasPrefix("file://") {
            guard let parsed = URL(string: url), parsed.isFileURL, !parsed.path.isEmpty else {
                throw RemoteError.invalidURL(url, "not a valid file URL (file:///absolute/path)")
            }
            self = .directory(parsed.standardizedFileURL.path)
        } else if url.contains("://") {
            throw RemoteError.invalidURL(url, "unknown scheme (use s3://, https://, file:// or a path)")
        } else {
            self = .directory(URL(fileURLWithPath: url).standardizedFileURL.path)
        }
    }

    /// True for URLs (rather than plain paths): `-C` treats a plain path as a local repository.
    public static func isURL(_ text: String) -> Bool {
        text.hasPrefix("s3://") || text.hasPrefix("https://") || text.hasPrefix("http://") || text.hasPrefix("file://")
    }

    public var description: String {
        switch self {
        case .directory(let path): return "file://\(path)"
        case .s3(let bucket, let prefix): return prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)"
        case .web(let url): return url
        }
    }
}

/// A remote as `remote add` records it (in the repository's git config, never with credentials):
/// its URL and, for S3-compatible stores, where and how to reach them.
public struct RemoteSettings: Hashable, Sendable {
    public var url: String
    /// The S3 endpoint (`http://127.0.0.1:5000`, `https://<account>.r2.cloudflarestorage.com`); nil: AWS,
    /// or `AWS_ENDPOINT_URL_S3` / `AWS_ENDPOINT_URL` from the environment.
    public var endpoint: String?
    /// The signing region; nil: `AWS_REGION`, `AWS_DEFAULT_REGION`, the profile's region, else us-east-1.
    public var region: String?
    /// Path-style addressing (`endpoint/bucket/key`) instead of virtual-hosted (`bucket.endpoint/key`);
    /// nil: path-style for a custom endpoint, virtual-hosted for AWS.
    public var pathStyle: Bool?

    public init(url: String, endpoint: String? = nil, region: String? = nil, pathStyle: Bool? = nil) {
        self.url = url
        self.endpoint = endpoint
        self.region = region
        self.pathStyle = pathStyle
    }
}
