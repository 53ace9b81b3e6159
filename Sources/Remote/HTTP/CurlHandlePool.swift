import CCurl
import Synchronization

/// libcurl loaded and initialised once per process, before the first handle (it is not linked: see
/// CCurl.h); nil when ready, else why not.
enum CurlGlobal {
    static let loadFailure: String? = {
        var message = [CChar](repeating: 0, count: 1024)
        guard cairn_curl_load(&message, message.count) == 0 else {
            return message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        }
        return nil
    }()
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
        guard CurlGlobal.loadFailure == nil, let raw = curl_easy_init() else { return nil }
        return CurlHandle(raw: raw)
    }

    func giveBack(_ handle: CurlHandle) { idle.withLock { $0.append(handle) } }

    deinit {
        for handle in idle.withLock({ $0 }) { curl_easy_cleanup(handle.raw) }
    }
}
