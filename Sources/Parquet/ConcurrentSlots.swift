/// Results of work spread over threads with `DispatchQueue.concurrentPerform`: one slot per task, each
/// written by exactly one task before the results are read, so no lock is needed.
public final class ConcurrentSlots<T>: @unchecked Sendable {
    private let slots: UnsafeMutableBufferPointer<Result<T, Error>?>

    public init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    public func set(_ i: Int, _ result: Result<T, Error>) { slots[i] = result }

    public func get(_ i: Int) throws -> T { try slots[i]!.get() }
}
