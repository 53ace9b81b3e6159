import Foundation
import Storage

/// One run being sorted and written on a thread of its own, so that reading the source goes on meanwhile.
final class BackgroundSpill: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var result: Result<SortedRun, Error>?

    init(_ buffer: RunBuffer, sorter: RunSorter, file: SpillFile) {
        Thread.detachNewThread { [self] in
            result = Result { try sorter.spill(buffer, to: file) }
            done.signal()
        }
    }

    /// Waits until the run is written; returns where it lies.
    func wait() throws -> SortedRun {
        done.wait()
        return try result!.get()
    }
}
