import Foundation

/// The first error that any of several concurrent workers ran into, thrown once they are done.
final class FirstFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var error: Error?

    func record(_ failure: Error) {
        lock.lock()
        defer { lock.unlock() }
        if error == nil { error = failure }
    }

    func check() throws {
        lock.lock()
        defer { lock.unlock() }
        if let error { throw error }
    }
}
