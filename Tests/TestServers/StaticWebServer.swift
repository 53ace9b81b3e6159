import Foundation

/// A static file server over HTTPS on 127.0.0.1 serving a directory, with a certificate made at start
/// by its own throwaway CA: clients trust `caFile` (`CAIRN_CA_BUNDLE`, see `environment`).
public final class StaticWebServer: Sendable {
    /// `https://127.0.0.1:PORT`, serving `root` at its top.
    public let baseURL: String
    /// The CA certificate (PEM) that signed the server's.
    public let caFile: String
    public let root: String
    private let certificates: String
    private let process: ServerProcess

    /// `honorsRanges` false: answers a Range request with 200 and the whole file, as some servers do.
    /// `sendsETags` false: no ETag headers.
    public init(root: String, honorsRanges: Bool = true, sendsETags: Bool = true) throws {
        self.root = root
        certificates = FileManager.default.temporaryDirectory.appendingPathComponent("cairn-certs-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: certificates, withIntermediateDirectories: true)
        var arguments = [root, certificates]
        if !honorsRanges { arguments.append("--ignore-ranges") }
        if !sendsETags { arguments.append("--no-etags") }
        do {
            process = try ServerProcess(script: "static_https_server.py", arguments: arguments)
        } catch {
            try? FileManager.default.removeItem(atPath: certificates)
            throw error
        }
        guard let port = process.ready["port"] as? Int, let caFile = process.ready["ca_file"] as? String else {
            throw TestServerError(description: "static_https_server.py printed an incomplete start line: \(process.ready)")
        }
        baseURL = "https://127.0.0.1:\(port)"
        self.caFile = caFile
    }

    deinit { try? FileManager.default.removeItem(atPath: certificates) }

    /// What a client needs to trust this server.
    public var environment: [String: String] { ["CAIRN_CA_BUNDLE": caFile] }

    public func stop() { process.stop() }
}
