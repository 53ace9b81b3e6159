import Foundation

/// Runs a chunk producer one chunk ahead on a thread of its own, so that reading (and decompressing) the
/// next chunk of a source overlaps encoding this one. The producer is joined before `run` returns, so the
/// source is never used by two threads at once.
enum ChunkPrefetcher {
    static func run(_ produce: ((SparseRows) throws -> Void) throws -> Void, consume: (SparseRows) throws -> Void) throws {
        try withoutActuallyEscaping(produce) { produce in
            let channel = ChunkChannel()
            let producer = UnsafeProducer(produce)
            Thread.detachNewThread {
                var failure: Error?
                do { try producer.body? { chunk in try channel.send(chunk) } } catch { failure = error }
                producer.body = nil  // no reference may outlive `withoutActuallyEscaping`
                channel.close(failure)
            }
            defer { channel.join() }
            while let chunk = try channel.receive() {
                do { try consume(chunk) } catch {
                    channel.cancel()
                    throw error
                }
            }
        }
    }
}

/// The producer closure, handed to the prefetch thread; `run` joins that thread before the closure's
/// lifetime ends.
private final class UnsafeProducer: @unchecked Sendable {
    var body: (((SparseRows) throws -> Void) throws -> Void)?
    init(_ body: @escaping ((SparseRows) throws -> Void) throws -> Void) { self.body = body }
}

/// A one-slot channel between the prefetch thread and the consumer.
private final class ChunkChannel: @unchecked Sendable {
    private let lock = NSCondition()
    private var slot: SparseRows?
    private var closed = false
    private var failure: Error?
    private var cancelled = false
    private var finished = false

    struct Cancelled: Error {}

    func send(_ chunk: SparseRows) throws {
        lock.lock()
        defer { lock.unlock() }
        while slot != nil && !cancelled { lock.wait() }
        if cancelled { throw Cancelled() }
        slot = chunk
        lock.broadcast()
    }

    func close(_ error: Error?) {
        lock.lock()
        closed = true
        if !(error is Cancelled) { failure = error }
        finished = true
        lock.broadcast()
        lock.unlock()
    }

    /// The next chunk, nil at the end; rethrows the producer's error.
    func receive() throws -> SparseRows? {
        lock.lock()
        defer { lock.unlock() }
        while slot == nil && !closed { lock.wait() }
        if let chunk = slot {
            slot = nil
            lock.broadcast()
            return chunk
        }
        if let failure { throw failure }
        return nil
    }

    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }

    /// Waits until the producer has returned.
    func join() {
        lock.lock()
        if !finished { cancelled = true; lock.broadcast() }
        while !finished { lock.wait() }
        lock.unlock()
    }
}
