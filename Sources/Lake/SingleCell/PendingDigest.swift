import Dispatch

/// A source's SHA-256, computed on another thread while its data is staged: hashing a multi-GB file
/// would otherwise add its whole read time to the import.
final class PendingDigest: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<String, Error>?

    init(path: String) {
        DispatchQueue.global().async {
            self.result = Result { try Repository.digest(of: path) }
            self.done.signal()
        }
    }

    /// Waits for the digest.
    func value() throws -> String {
        done.wait()
        done.signal()  // later calls return at once
        return try result!.get()
    }
}
