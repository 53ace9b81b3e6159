import CCurl
import Synchronization

/// libcurl initialised once per process, before the first handle (curl_global_init is not
/// thread-safe itself; a static let runs it exactly once).
enum CurlGlobal {
    static let initialized: Bool = cairn_curl_global_init() == CURLE_OK
}

/// A libcurl easy handle. Only one thread uses it at a time (the pool hands it out), which is all
/// libcurl asks.
struct CurlHandle: @unchecked Sendable {
    let raw: UnsafeMutableRawPointer
}

/// Idle easy handles. A handle keeps its connections open between requests, so taking one that served
/// the same host saves the TCP and TLS handshakes; there are as many as threads ever used the client at
/// once.
final class CurlHandlePool: Sendable {
    private let idle = Mutex<[CurlHandle]>([])

    /// An idle handle, or a new one; nil only when libcurl cannot allocate.
    func take() -> CurlHandle? {
        if let handle = idle.withLock({ $0.popLast() }) { return handle }
        guard CurlGlobal.initialized, let raw = curl_easy_init() else { return nil }
        return CurlHandle(raw: raw)
    }

    func giveBack(_ handle: CurlHandle) { idle.withLock { $0.append(handle) } }

    deinit {
        for handle in idle.withLock({ $0 }) { curl_easy_cleanup(handle.raw) }
    }
}
