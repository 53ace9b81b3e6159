/// Writes entries as the row segments a run is made of (the format `RunCursor` reads back): each entry
/// goes straight to its place in the spill file's write buffer, so the sort's last pass is also the write.
enum RowSegmentWriter {
    /// Writes the entries `range` of `entries`, whose keys (rows) are `firstRow` plus at most `lowBits` bits
    /// and which are otherwise in the order their segments should keep.
    static func write(_ range: Range<Int>, of entries: EntryArrays, firstRow: UInt32, lowBits: Int, width: Int,
                      to file: SpillFile) throws {
        switch width {
        case 1: try write(range, entries, firstRow, lowBits, file, UInt8.self)
        case 2: try write(range, entries, firstRow, lowBits, file, UInt16.self)
        case 4: try write(range, entries, firstRow, lowBits, file, UInt32.self)
        default: try write(range, entries, firstRow, lowBits, file, UInt64.self)
        }
    }

    private static func write<Value>(_ range: Range<Int>, _ entries: EntryArrays, _ firstRow: UInt32, _ lowBits: Int,
                                     _ file: SpillFile, _: Value.Type) throws {
        let rows = 1 << lowBits, mask = UInt32(rows - 1)
        let width = MemoryLayout<Value>.size
        let values = entries.values.assumingMemoryBound(to: Value.self)
        // Per row: its entry count, then where its next column and next value go.
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 3 * rows)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        let columnAt = UnsafeMutableBufferPointer(rebasing: counts[rows..<(2 * rows)])
        let valueAt = UnsafeMutableBufferPointer(rebasing: counts[(2 * rows)...])
        for i in range { counts[Int(entries.keys[i] & mask)] &+= 1 }
        var bytes = 0
        for l in 0..<rows where counts[l] > 0 { bytes += RunCursor.headerBytes + counts[l] * (4 + width) }
        try file.append(byteCount: bytes) { out in
            var offset = 0
            for l in 0..<rows where counts[l] > 0 {
                let n = counts[l]
                out.storeBytes(of: firstRow &+ UInt32(l), toByteOffset: offset, as: UInt32.self)
                out.storeBytes(of: UInt32(n), toByteOffset: offset + 4, as: UInt32.self)
                columnAt[l] = offset + RunCursor.headerBytes
                valueAt[l] = offset + RunCursor.headerBytes + 4 * n
                offset += RunCursor.headerBytes + n * (4 + width)
            }
            for i in range {
                let l = Int(entries.keys[i] & mask)
                out.storeBytes(of: entries.others[i], toByteOffset: columnAt[l], as: UInt32.self)
                out.storeBytes(of: values[i], toByteOffset: valueAt[l], as: Value.self)
                columnAt[l] &+= 4
                valueAt[l] &+= width
            }
        }
    }
}
