import Columnar
import Foundation
import Lake

/// Turns matrix entries that arrive in any order (CSC columns, MatrixMarket lines) into rows, in bounded
/// memory: entries are buffered up to `runEntries`, each full buffer is sorted by (row, column) and spilled
/// to a temporary run file, and the runs are merged into chunks of whole rows.
///
/// Values travel as 64-bit patterns of their own type (integers sign- or zero-extended, floats by their
/// bits), so every type comes back exactly.
final class SpillingTransposer {
    private let valueType: DataType
    private let runEntries: Int
    private let directory: String
    private var rows: [UInt32] = []
    private var columns: [UInt32] = []
    private var values: [UInt64] = []
    private var runs: [String] = []

    /// `CAIRN_TRANSPOSE_RUN_ENTRIES` overrides the run size (tests use tiny runs to exercise merging).
    init(valueType: DataType, runEntries: Int = 8 << 20) throws {
        self.valueType = valueType
        let override = ProcessInfo.processInfo.environment["CAIRN_TRANSPOSE_RUN_ENTRIES"].flatMap(Int.init)
        self.runEntries = max(1, override ?? runEntries)
        directory = NSTemporaryDirectory() + "cairn-transpose-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// Adds the entries `row[i], column[i]` with the i-th value of `values`.
    func add(rows newRows: [UInt32], columns newColumns: [UInt32], values column: Column) throws {
        for i in 0..<newRows.count {
            rows.append(newRows[i])
            columns.append(newColumns[i])
            values.append(ValueBits.bits(column.buffer, i))
            if rows.count == runEntries { try spill() }
        }
    }

    private func spill() throws {
        guard !rows.isEmpty else { return }
        // (row, column) packed in one key: sorting contiguous pairs is far cheaper than sorting indices.
        var pairs = [(key: UInt64, value: UInt64)]()
        pairs.reserveCapacity(rows.count)
        for i in 0..<rows.count { pairs.append((UInt64(rows[i]) << 32 | UInt64(columns[i]), values[i])) }
        pairs.sort { $0.key < $1.key }
        var bytes = [UInt8](repeating: 0, count: pairs.count * 16)
        bytes.withUnsafeMutableBytes { out in
            for (i, pair) in pairs.enumerated() {
                out.storeBytes(of: UInt32(pair.key >> 32).littleEndian, toByteOffset: i * 16, as: UInt32.self)
                out.storeBytes(of: UInt32(truncatingIfNeeded: pair.key).littleEndian, toByteOffset: i * 16 + 4, as: UInt32.self)
                out.storeBytes(of: pair.value.littleEndian, toByteOffset: i * 16 + 8, as: UInt64.self)
            }
        }
        let path = "\(directory)/run-\(runs.count)"
        guard FileManager.default.createFile(atPath: path, contents: Data(bytes)) else {
            throw SourceError("\(path): cannot write a sort run (disk full?)")
        }
        runs.append(path)
        rows.removeAll(keepingCapacity: true)
        columns.removeAll(keepingCapacity: true)
        values.removeAll(keepingCapacity: true)
    }

    /// Merges the runs and hands out rows `0..<rowCount` in chunks of about `targetEntries` entries.
    func finish(rowCount: Int, targetEntries: Int = 4_000_000, _ body: (SparseRows) throws -> Void) throws {
        try spill()
        let readers = try runs.map { try RunReader(path: $0) }
        var heap = MergeHeap()
        for (i, reader) in readers.enumerated() { if let e = try reader.next() { heap.push(e, run: i) } }
        var chunkRows = [UInt32](), chunkColumns = [UInt32](), chunkValues = [UInt64]()
        var chunkStart = 0
        func emit(upTo end: Int) throws {
            var pointers = [Int](repeating: 0, count: end - chunkStart + 1)
            for r in chunkRows { pointers[Int(r) - chunkStart + 1] += 1 }
            for i in 1..<pointers.count { pointers[i] += pointers[i - 1] }
            try body(SparseRows(rows: chunkStart..<end, rowPointers: pointers, columnIndices: chunkColumns,
                                values: ValueBits.column(valueType, chunkValues)))
            chunkRows.removeAll(keepingCapacity: true)
            chunkColumns.removeAll(keepingCapacity: true)
            chunkValues.removeAll(keepingCapacity: true)
            chunkStart = end
        }
        while let (entry, run) = heap.pop() {
            guard Int(entry.row) < rowCount else { throw SourceError("entry row \(entry.row) beyond \(rowCount) rows") }
            // A chunk ends at a row boundary once it holds enough entries.
            if chunkRows.count >= targetEntries, let last = chunkRows.last, entry.row != last { try emit(upTo: Int(entry.row)) }
            chunkRows.append(entry.row)
            chunkColumns.append(entry.column)
            chunkValues.append(entry.value)
            if let next = try readers[run].next() { heap.push(next, run: run) }
        }
        try emit(upTo: rowCount)
    }
}

private struct Entry { var row: UInt32; var column: UInt32; var value: UInt64 }

/// Sequential reads of one sorted run, 1 MiB at a time.
private final class RunReader {
    private let handle: FileHandle
    private var buffer: [UInt8] = []
    private var position = 0

    init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw SourceError("\(path): cannot read a sort run") }
        self.handle = handle
    }

    func next() throws -> Entry? {
        if position + 16 > buffer.count {
            let rest = Array(buffer[position...])
            buffer = rest + [UInt8](handle.readData(ofLength: 1 << 20))
            position = 0
            guard buffer.count >= 16 else { return nil }
        }
        let entry = buffer.withUnsafeBytes { raw in
            Entry(row: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position, as: UInt32.self)),
                  column: UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)),
                  value: UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: position + 8, as: UInt64.self)))
        }
        position += 16
        return entry
    }
}

/// A binary min-heap of the runs' current entries, by (row, column).
private struct MergeHeap {
    private var items: [(entry: Entry, run: Int)] = []

    private func less(_ a: Int, _ b: Int) -> Bool {
        (items[a].entry.row, items[a].entry.column, items[a].run) < (items[b].entry.row, items[b].entry.column, items[b].run)
    }

    mutating func push(_ entry: Entry, run: Int) {
        items.append((entry, run))
        var i = items.count - 1
        while i > 0, less(i, (i - 1) / 2) { items.swapAt(i, (i - 1) / 2); i = (i - 1) / 2 }
    }

    mutating func pop() -> (Entry, Int)? {
        guard !items.isEmpty else { return nil }
        items.swapAt(0, items.count - 1)
        let top = items.removeLast()
        var i = 0
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < items.count, less(l, m) { m = l }
            if r < items.count, less(r, m) { m = r }
            if m == i { break }
            items.swapAt(i, m)
            i = m
        }
        return (top.entry, top.run)
    }
}

/// Values of any numeric type as 64-bit patterns and back.
enum ValueBits {
    static func bits(_ buffer: ColumnBuffer, _ i: Int) -> UInt64 {
        switch buffer {
        case .boolean(let v): return v[i] ? 1 : 0
        case .int8(let v): return UInt64(bitPattern: Int64(v[i]))
        case .int16(let v): return UInt64(bitPattern: Int64(v[i]))
        case .int32(let v): return UInt64(bitPattern: Int64(v[i]))
        case .int64(let v): return UInt64(bitPattern: v[i])
        case .uint8(let v): return UInt64(v[i])
        case .uint16(let v): return UInt64(v[i])
        case .uint32(let v): return UInt64(v[i])
        case .uint64(let v): return v[i]
        case .float32(let v): return UInt64(v[i].bitPattern)
        case .float64(let v): return v[i].bitPattern
        case .bytes: return 0
        }
    }

    static func column(_ type: DataType, _ bits: [UInt64]) -> Column {
        let buffer: ColumnBuffer
        switch type {
        case .boolean: buffer = .boolean(bits.map { $0 != 0 })
        case .int8: buffer = .int8(bits.map { Int8(truncatingIfNeeded: Int64(bitPattern: $0)) })
        case .int16: buffer = .int16(bits.map { Int16(truncatingIfNeeded: Int64(bitPattern: $0)) })
        case .int32: buffer = .int32(bits.map { Int32(truncatingIfNeeded: Int64(bitPattern: $0)) })
        case .int64: buffer = .int64(bits.map { Int64(bitPattern: $0) })
        case .uint8: buffer = .uint8(bits.map { UInt8(truncatingIfNeeded: $0) })
        case .uint16: buffer = .uint16(bits.map { UInt16(truncatingIfNeeded: $0) })
        case .uint32: buffer = .uint32(bits.map { UInt32(truncatingIfNeeded: $0) })
        case .uint64: buffer = .uint64(bits)
        case .float32: buffer = .float32(bits.map { Float(bitPattern: UInt32(truncatingIfNeeded: $0)) })
        default: buffer = .float64(bits.map { Double(bitPattern: $0) })
        }
        return Column(type: type, buffer: buffer)
    }
}
