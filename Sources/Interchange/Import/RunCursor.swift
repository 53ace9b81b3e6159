import Storage

/// Where a sorted run lies in the spill file, how wide (2 or 4 bytes) its column numbers are, and its last row.
struct SortedRun: Sendable {
    let bytes: Range<Int>
    let columnWidth: Int
    let lastRow: Int
}

/// Reads one sorted run back from the spill file, one row segment at a time, through a buffer of its own.
///
/// A run is a sequence of row segments in ascending row order: the row and the entry count (UInt32 each),
/// the entries' column numbers (`columnWidth` bytes each, ascending) and then their values (`width` bytes
/// each), all in native byte order and unaligned.
final class RunCursor {
    static let headerBytes = 8

    private let file: SpillFile
    private let width: Int
    let columnWidth: Int
    private var next: Int
    private let end: Int
    private var buffer: UnsafeMutableRawPointer
    private var capacity: Int
    private var position = 0
    private var filled = 0
    /// Bytes of the current segment (none before the first).
    private var segmentBytes = 0

    /// The current segment's row, or nil once the run is exhausted.
    private(set) var row: Int?
    private(set) var count = 0
    /// The current segment's column numbers (unaligned, `columnWidth` bytes each) and values, valid until `advance`.
    private(set) var columns: UnsafeRawPointer
    private(set) var values: UnsafeRawPointer

    init(file: SpillFile, run: SortedRun, width: Int, bufferBytes: Int) throws {
        self.file = file
        self.width = width
        columnWidth = run.columnWidth
        next = run.bytes.lowerBound
        end = run.bytes.upperBound
        capacity = max(RunCursor.headerBytes, min(bufferBytes, run.bytes.count))
        buffer = .allocate(byteCount: capacity, alignment: 16)
        columns = UnsafeRawPointer(buffer)
        values = UnsafeRawPointer(buffer)
        try advance()
    }

    deinit { buffer.deallocate() }

    /// Moves to the next segment.
    func advance() throws {
        position += segmentBytes
        guard try available(RunCursor.headerBytes) else {
            (row, count, segmentBytes) = (nil, 0, 0)
            return
        }
        row = Int(buffer.loadUnaligned(fromByteOffset: position, as: UInt32.self))
        count = Int(buffer.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self))
        segmentBytes = RunCursor.headerBytes + count * (columnWidth + width)
        guard try available(segmentBytes) else {
            throw SourceError("a sort run ends inside a row segment")
        }
        columns = UnsafeRawPointer(buffer + position + RunCursor.headerBytes)
        values = columns + columnWidth * count
    }

    /// Whether `bytes` bytes from `position` are (or could be read) into the buffer; false at the end of the run.
    private func available(_ bytes: Int) throws -> Bool {
        if filled - position >= bytes { return true }
        let kept = filled - position
        if kept == 0 && next == end { return false }
        if bytes > capacity {
            // A segment larger than the buffer: grow it to fit.
            let grown = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 16)
            grown.copyMemory(from: buffer + position, byteCount: kept)
            buffer.deallocate()
            buffer = grown
            capacity = bytes
        } else {
            buffer.copyMemory(from: buffer + position, byteCount: kept)
        }
        (position, filled) = (0, kept)
        let read = min(capacity - kept, end - next)
        try file.read(into: buffer + kept, count: read, at: next)
        next += read
        filled += read
        return filled >= bytes
    }
}
