import Foundation

/// A reverse proxy on 127.0.0.1 in front of another server (moto), which adds latency and answers
/// chosen requests with faults, and counts requests and bytes per method. Headers go through unchanged,
/// Host included, so signatures made for the proxy's address verify behind it. Besides this API, other
/// processes (a benchmark) can POST `/__control` and GET `/__stats` on `endpoint`.
public final class FaultProxy: Sendable {
    public enum Fault: Sendable {
        /// This status with an S3 error body of this code, without forwarding.
        case status(Int, code: String = "InternalError")
        /// 503 SlowDown, S3's throttling.
        case slowDown
        /// This answer exactly, without forwarding (a malformed body, a missing header).
        case response(status: Int, body: String, headers: [String: String] = [:])
        /// Half the request body read, then the connection closed without an answer.
        case dropRequest
        /// Forwarded; the headers and half the body sent, then the connection closed (an answer without a
        /// body is not sent at all: the target applied the request, the client never hears).
        case dropResponse
        /// No answer for this long, then the connection closed.
        case stall(seconds: Double)
    }

    /// `http://127.0.0.1:PORT`
    public let endpoint: String
    private let process: ServerProcess

    /// `target`: the base URL requests go on to (`http://127.0.0.1:5000`).
    public init(target: String) throws {
        process = try ServerProcess(script: "fault_proxy.py", arguments: [target])
        guard let port = process.ready["port"] as? Int else {
            throw TestServerError(description: "fault_proxy.py printed no port: \(process.ready)")
        }
        endpoint = "http://127.0.0.1:\(port)"
    }

    /// The next `count` requests with this method (nil: any) whose path and query contain `pathContains`
    /// (nil: any) get `fault`. Faults queue in the order injected.
    public func inject(_ fault: Fault, method: String? = nil, pathContains: String? = nil, count: Int = 1) throws {
        var entry: [String: Any] = ["count": count]
        if let method { entry["method"] = method }
        if let pathContains { entry["path"] = pathContains }
        switch fault {
        case .status(let status, let code): entry["kind"] = "status"; entry["status"] = status; entry["code"] = code
        case .slowDown: entry["kind"] = "slowdown"
        case .response(let status, let body, let headers):
            entry["kind"] = "response"; entry["status"] = status; entry["body"] = body; entry["headers"] = headers
        case .dropRequest: entry["kind"] = "drop_request"
        case .dropResponse: entry["kind"] = "drop_response"
        case .stall(let seconds): entry["kind"] = "stall"; entry["seconds"] = seconds
        }
        try control(["faults": [entry]])
    }

    public func setLatency(milliseconds: Int) throws { try control(["latency_ms": milliseconds]) }
    public func clearFaults() throws { try control(["clear_faults": true]) }
    public func resetStatistics() throws { try control(["reset_stats": true]) }

    public func statistics() throws -> ProxyStatistics {
        let answer = try process.command("stats")
        do { return try JSONDecoder().decode(ProxyStatistics.self, from: Data(answer.utf8)) } catch {
            throw TestServerError(description: "fault proxy statistics unreadable: \(answer)")
        }
    }

    public func stop() { process.stop() }

    private func control(_ command: [String: Any]) throws {
        let json = String(decoding: try JSONSerialization.data(withJSONObject: command), as: UTF8.self)
        let answer = try process.command("control \(json)")
        guard answer.contains("\"ok\": true") else { throw TestServerError(description: "fault proxy refused \(json): \(answer)") }
    }
}

/// What went through a fault proxy, per HTTP method. Bytes are message bodies.
public struct ProxyStatistics: Sendable, Decodable, Equatable {
    public var requests: [String: Int]
    public var requestBytes: [String: Int]
    public var responseBytes: [String: Int]
    public var faultsInjected: Int
    public var faultsPending: Int
    /// TCP connections clients opened to the proxy (control requests included).
    public var connections: Int

    enum CodingKeys: String, CodingKey {
        case requests, requestBytes = "request_bytes", responseBytes = "response_bytes"
        case faultsInjected = "faults_injected", faultsPending = "faults_pending", connections
    }

    public var totalRequests: Int { requests.values.reduce(0, +) }
}
