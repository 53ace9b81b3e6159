import Foundation

/// moto's S3 on 127.0.0.1, with SigV4 signatures checked (moto's server checks none by default; the
/// script turns checking on once it has made the test's IAM user). Buckets are made on request.
public final class MotoServer: Sendable {
    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    public let accessKeyID: String
    public let secretAccessKey: String
    /// Temporary credentials of an assumed role, for requests that carry `x-amz-security-token`.
    public let sessionAccessKeyID: String
    public let sessionSecretAccessKey: String
    public let sessionToken: String
    public let region: String
    private let process: ServerProcess

    /// `minimumPartSize`: the smallest non-last multipart part moto accepts (S3's is 5 MiB; tests upload
    /// small parts).
    public init(minimumPartSize: Int = 1024) throws {
        process = try ServerProcess(script: "moto_s3_server.py", environment: [
            "S3_UPLOAD_PART_MIN_SIZE": String(minimumPartSize),
            "MOTO_S3_DEFAULT_KEY_BUFFER_SIZE": String(16 << 20),
        ])
        let ready = process.ready
        guard let port = ready["port"] as? Int, let id = ready["access_key_id"] as? String,
              let secret = ready["secret_access_key"] as? String, let sessionID = ready["session_access_key_id"] as? String,
              let sessionSecret = ready["session_secret_access_key"] as? String, let token = ready["session_token"] as? String,
              let region = ready["region"] as? String else {
            throw TestServerError(description: "moto_s3_server.py printed an incomplete start line: \(ready)")
        }
        endpoint = "http://127.0.0.1:\(port)"
        accessKeyID = id
        secretAccessKey = secret
        sessionAccessKeyID = sessionID
        sessionSecretAccessKey = sessionSecret
        sessionToken = token
        self.region = region
    }

    private static let sharedServer = Result { try MotoServer() }

    /// One server for the whole test process (moto takes a second or two to start); tests keep apart by
    /// bucket. It stops when the process exits.
    public static func shared() throws -> MotoServer { try sharedServer.get() }

    public func createBucket(_ name: String) throws {
        let answer = try process.command("bucket \(name)")
        guard answer == "ok" else { throw TestServerError(description: "cannot create bucket '\(name)': \(answer)") }
    }

    /// A new bucket with a unique name starting with `prefix`.
    public func makeBucket(_ prefix: String = "cairn") throws -> String {
        let name = "\(prefix)-\(UUID().uuidString.prefix(13).lowercased())"
        try createBucket(name)
        return name
    }

    /// What a cairn process needs to reach this server (merge it over the inherited environment):
    /// the key pair, region and endpoint (`endpoint` overrides it: a fault proxy's), the user's own AWS
    /// files ignored, and short retry waits.
    public func environment(endpoint: String? = nil) -> [String: String] {
        [
            "AWS_ACCESS_KEY_ID": accessKeyID,
            "AWS_SECRET_ACCESS_KEY": secretAccessKey,
            "AWS_REGION": region,
            "AWS_ENDPOINT_URL_S3": endpoint ?? self.endpoint,
            "AWS_SHARED_CREDENTIALS_FILE": "/dev/null",
            "AWS_CONFIG_FILE": "/dev/null",
            "CAIRN_RETRY_BASE_MS": "10",
        ]
    }

    public func stop() { process.stop() }
}
