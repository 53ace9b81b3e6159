import Foundation
import Storage

/// Sorts full run buffers by (row, column) and writes them to the spill file as row segments. Sorting is
/// the import's critical path while nothing downstream has rows to work on yet, so it uses the cores; the
/// sort's other buffer and the workers' blocks are kept from run to run.
final class RunSorter: @unchecked Sendable {
    private static let workers = max(1, min(8, ProcessInfo.processInfo.activeProcessorCount))
    /// Buckets go to the workers in groups of about this many entries.
    private static let groupEntries = 1 << 18
    private let width: Int
    private var scratch: EntryArrays
    private var scratchCapacity = 0
    private var blocks: [ByteBlock] = []

    init(width: Int) {
        self.width = width
        scratch = .allocate(0, width: width)
    }

    deinit { scratch.deallocate() }

    /// Frees the scratch buffer and blocks (the merge needs none of them).
    func release() {
        scratch.deallocate()
        scratch = .allocate(0, width: width)
        scratchCapacity = 0
        blocks = []
    }

    /// Sorts `buffer`'s entries stably by (row, column), appends them to `file` as a run of row segments
    /// (see `RunCursor`) and empties the buffer.
    func spill(_ buffer: RunBuffer, to file: SpillFile) throws -> SortedRun {
        let count = buffer.count
        if scratchCapacity < count {
            scratch.deallocate()
            scratch = .allocate(buffer.capacity, width: width)
            scratchCapacity = buffer.capacity
        }
        let start = file.size
        // Most matrices have fewer than 65536 genes: two bytes a column number spare a quarter of the spill.
        let columnWidth = buffer.maxColumn <= UInt16.max ? 2 : 4
        let (workers, width, entries, scratch) = (RunSorter.workers, width, buffer.entries, scratch)
        if !buffer.columnsAscending {
            // Entries in no particular order (MatrixMarket): by column first, so the stable sort by row keeps columns ascending.
            let byColumn = EntryArrays(keys: entries.others, others: entries.keys, values: entries.values)
            let scratchByColumn = EntryArrays(keys: scratch.others, others: scratch.keys, values: scratch.values)
            let buckets = KeyedEntrySort.distribute(byColumn, into: scratchByColumn, count: count, width: width,
                                                    maxKey: buffer.maxColumn, tasks: workers)
            let groups = RunSorter.groups(of: buckets)
            DispatchQueue.concurrentPerform(iterations: groups.count) { g in
                for b in groups[g] { KeyedEntrySort.order(b, of: buckets, from: scratchByColumn, into: byColumn, width: width) }
            }
        }
        let buckets = KeyedEntrySort.distribute(entries, into: scratch, count: count, width: width, maxKey: buffer.maxRow, tasks: workers)
        let groups = RunSorter.groups(of: buckets)
        @Sendable func firstRow(_ b: Int) -> UInt32 { UInt32(b) << UInt32(buckets.lowBits) }
        // Every group's size first, so that each worker can write its groups straight to their places in the file.
        nonisolated(unsafe) let sizes = UnsafeMutableBufferPointer<Int>.allocate(capacity: groups.count)
        defer { sizes.deallocate() }
        DispatchQueue.concurrentPerform(iterations: groups.count) { g in
            sizes[g] = groups[g].reduce(0) {
                $0 + RowSegmentWriter.byteCount(buckets.range($1), of: scratch, lowBits: buckets.lowBits, width: width, columnWidth: columnWidth)
            }
        }
        let offsets = sizes.reduce(into: [file.reserve(sizes.reduce(0, +))]) { $0.append($0.last! + $1) }
        while blocks.count < workers { blocks.append(ByteBlock()) }
        let (blocks, failure) = (blocks, FirstFailure())
        DispatchQueue.concurrentPerform(iterations: workers) { k in
            for g in stride(from: k, to: groups.count, by: workers) {
                blocks[k].removeAll()
                for b in groups[g] where !buckets.range(b).isEmpty {
                    RowSegmentWriter.write(buckets.range(b), of: scratch, firstRow: firstRow(b), lowBits: buckets.lowBits,
                                           width: width, columnWidth: columnWidth, to: blocks[k])
                }
                do { try file.write(blocks[k].contents, at: offsets[g]) } catch { failure.record(error); return }
            }
        }
        try failure.check()
        let run = SortedRun(bytes: start..<file.size, columnWidth: columnWidth, lastRow: Int(buffer.maxRow))
        buffer.removeAll()
        return run
    }

    /// Consecutive buckets in groups of about `groupEntries` entries: units of work for the workers.
    private static func groups(of buckets: KeyedEntrySort.Buckets) -> [Range<Int>] {
        var groups: [Range<Int>] = []
        var first = 0
        for b in 0..<buckets.count where buckets.bounds[b + 1] - buckets.bounds[first] >= groupEntries || b == buckets.count - 1 {
            groups.append(first..<(b + 1))
            first = b + 1
        }
        return groups
    }
}
