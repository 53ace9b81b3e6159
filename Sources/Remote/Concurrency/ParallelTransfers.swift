import Foundation
import Synchronization

/// Runs `body` for each of `count` items on up to `width` threads of their own; transfers spend their
/// time waiting on the network, so far more of them run at once than there are cores (Dispatch's
/// `concurrentPerform` would run one per core). Every item runs even when one fails; the first failure
/// (by item order) is thrown.
func parallelTransfers(_ count: Int, width: Int = 16, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    guard count > 0 else { return }
    let next = Atomic<Int>(0)
    let failures = Mutexed<[(Int, any Error)]>([])
    ConcurrentWorkers.run(min(width, count)) {
        while true {
            let item = next.add(1, ordering: .relaxed).oldValue
            guard item < count else { return }
            do { try body(item) } catch { failures.mutate { $0.append((item, error)) } }
        }
    }
    if let first = failures.value.min(by: { $0.0 < $1.0 }) { throw first.1 }
}

/// A value shared by parallel transfers, changed under a lock.
final class Mutexed<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    func mutate(_ body: (inout Value) -> Void) { lock.lock(); body(&stored); lock.unlock() }
    var value: Value { lock.lock(); defer { lock.unlock() }; return stored }
}
