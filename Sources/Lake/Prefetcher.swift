import Foundation

/// Runs a producer one element ahead on a thread of its own, so that reading (and decoding) the next chunk
/// overlaps processing this one: import reads a source while it encodes, export decodes fragments while
/// it writes. The producer is joined before `run` returns, so what it reads is never used by two threads
/// at once.
public enum Prefetcher {
    public static func run<Element>(_ produce: ((Element) throws -> Void) throws -> Void, consume: (Element) throws -> Void) throws {
        try withoutActuallyEscaping(produce) { produce in
            let channel = PrefetchChannel<Element>()
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
private final class UnsafeProducer<Element>: @unchecked Sendable {
    var body: (((Element) throws -> Void) throws -> Void)?
    init(_ body: @escaping ((Element) throws -> Void) throws -> Void) { self.body = body }
}

/// A one-slot channel between the prefetch thread and the consumer.
private final class PrefetchChannel<Element>: @unchecked Sendable {
    private let lock = NSCondition()
    private var slot: Element?
    private var closed = false
    private var failure: Error?
    private var cancelled = false
    private var finished = false

    struct Cancelled: Error {}

    func send(_ chunk: Element) throws {
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

    /// The next element, nil at the end; rethrows the producer's error.
    func receive() throws -> Element? {
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
