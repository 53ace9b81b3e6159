import Foundation

/// Threads of their own for blocking network calls: Dispatch's pool is sized to the CPUs, and parts
/// waiting on the network would leave most of it idle on a small machine.
enum ConcurrentWorkers {
    /// Runs `body` on `count` threads (inline when one) and returns when all have.
    static func run(_ count: Int, _ body: @escaping @Sendable () -> Void) {
        guard count > 1 else { body(); return }
        let group = DispatchGroup()
        for _ in 0..<count {
            group.enter()
            Thread {
                body()
                group.leave()
            }.start()
        }
        group.wait()
    }
}
