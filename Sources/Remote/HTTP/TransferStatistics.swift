import Synchronization

/// What a client has sent and received so far (the CLI prints it on request; benchmarks compare it).
/// Bytes are message bodies; headers are not counted.
public struct TransferStatistics: Sendable, Equatable, CustomStringConvertible {
    /// HTTP exchanges tried, retries included.
    public var requests: Int
    /// Of those, the ones that were a retry.
    public var retries: Int
    public var bytesSent: Int
    public var bytesReceived: Int

    public init(requests: Int = 0, retries: Int = 0, bytesSent: Int = 0, bytesReceived: Int = 0) {
        self.requests = requests
        self.retries = retries
        self.bytesSent = bytesSent
        self.bytesReceived = bytesReceived
    }

    public var description: String {
        "\(requests) requests (\(retries) retries), \(bytesSent) bytes sent, \(bytesReceived) bytes received"
    }
}

/// The running totals behind `TransferStatistics`, updated from many threads at once.
final class TransferCounters: Sendable {
    private let requests = Atomic<Int>(0)
    private let retries = Atomic<Int>(0)
    private let bytesSent = Atomic<Int>(0)
    private let bytesReceived = Atomic<Int>(0)

    func record(retry: Bool, sent: Int, received: Int) {
        requests.add(1, ordering: .relaxed)
        if retry { retries.add(1, ordering: .relaxed) }
        bytesSent.add(sent, ordering: .relaxed)
        bytesReceived.add(received, ordering: .relaxed)
    }

    var snapshot: TransferStatistics {
        TransferStatistics(requests: requests.load(ordering: .relaxed), retries: retries.load(ordering: .relaxed),
                           bytesSent: bytesSent.load(ordering: .relaxed), bytesReceived: bytesReceived.load(ordering: .relaxed))
    }
}
