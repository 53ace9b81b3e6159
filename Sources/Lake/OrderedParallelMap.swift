import Foundation

/// Runs independent work items (fragments to read and decode) on several threads, a bounded number of
/// items ahead of the consumer, and hands the results to the consumer in item order on the calling
/// thread. A scan thus decodes fragments on every core while its caller still sees one ordered stream,
/// and memory stays bounded by the window. Every worker is joined before `run` returns.
public enum OrderedParallelMap {
    /// Worker threads for a machine: its active cores.
    public static var defaultWorkers: Int { max(1, ProcessInfo.processInfo.activeProcessorCount) }

    public static func run<Result>(count: Int, workers: Int = defaultWorkers, window: Int? = nil,
                                   _ work: (Int) throws -> Result, consume: (Result) throws -> Void) throws {
        guard count > 0 else { return }
        let threads = max(1, min(workers, count))
        if threads == 1 {
            for i in 0..<count { try consume(try work(i)) }
            return
        }
        try withoutActuallyEscaping(work) { work in
            let state = OrderedResults<Result>(count: count, window: max(window ?? threads + 1, threads), workers: threads)
            let task = UnsafeWork(work)
            for _ in 0..<threads {
                Thread.detachNewThread {
                    while let i = state.claim() {
                        state.deliver(i, Swift.Result { try task.body!(i) })
                    }
                    state.workerExited()
                }
            }
            defer {
                state.cancel()
                state.joinWorkers()
                task.body = nil  // no reference may outlive `withoutActuallyEscaping`
            }
            for i in 0..<count { try consume(try state.take(i).get()) }
        }
    }
}

/// The work closure, shared by the worker threads; `run` joins them before its lifetime ends.
private final class UnsafeWork<Result>: @unchecked Sendable {
    var body: ((Int) throws -> Result)?
    init(_ body: @escaping (Int) throws -> Result) { self.body = body }
}

/// Items claimed by workers, results waiting for the consumer, and the window between them.
private final class OrderedResults<Result>: @unchecked Sendable {
    private let lock = NSCondition()
    private let count: Int
    private let window: Int
    private let workers: Int
    private var next = 0
    private var consumed = 0
    private var results: [Int: Swift.Result<Result, Error>] = [:]
    private var cancelled = false
    private var exited = 0

    init(count: Int, window: Int, workers: Int) {
        self.count = count
        self.window = window
        self.workers = workers
    }

    /// The next item to work on, once it is inside the window; nil when there is none left.
    func claim() -> Int? {
        lock.lock()
        defer { lock.unlock() }
        while !cancelled && next < count && next >= consumed + window { lock.wait() }
        guard !cancelled, next < count else { return nil }
        defer { next += 1 }
        return next
    }

    func deliver(_ i: Int, _ result: Swift.Result<Result, Error>) {
        lock.lock()
        results[i] = result
        lock.broadcast()
        lock.unlock()
    }

    /// Item `i`'s result, waiting for it.
    func take(_ i: Int) -> Swift.Result<Result, Error> {
        lock.lock()
        defer { lock.unlock() }
        while results[i] == nil { lock.wait() }
        consumed = i + 1
        lock.broadcast()
        return results.removeValue(forKey: i)!
    }

    /// Stops workers from claiming more items (after the last one, or when the consumer failed).
    func cancel() {
        lock.lock()
        cancelled = true
        lock.broadcast()
        lock.unlock()
    }

    func workerExited() {
        lock.lock()
        exited += 1
        lock.broadcast()
        lock.unlock()
    }

    /// Waits until every worker thread has left its loop.
    func joinWorkers() {
        lock.lock()
        defer { lock.unlock() }
        while exited < workers { lock.wait() }
    }
}
