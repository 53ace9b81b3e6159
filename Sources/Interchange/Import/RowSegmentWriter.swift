/// Puts entries together as the row segments a run is made of (the format `RunCursor` reads back): each
/// entry goes straight to its place in the block that is written out, so the sort's last pass is also the write.
enum RowSegmentWriter {
    /// Appends the entries `range` of `entries` to `block`; their keys (rows) are `firstRow` plus at most
    /// `lowBits` bits, and they are otherwise in the order their segments should keep. Column numbers are
    /// written `columnWidth` (2 or 4) bytes wide.
    static func write(_ range: Range<Int>, of entries: EntryArrays, firstRow: UInt32, lowBits: Int, width: Int,
                      columnWidth: Int, to block: ByteBlock) {
        if columnWidth == 2 {
            write(range, entries, firstRow, lowBits, width, block, UInt16.self)
        } else {
            write(range, entries, firstRow, lowBits, width, block, UInt32.self)
        }
    }

    private static func write<ColumnNumber: FixedWidthInteger>(_ range: Range<Int>, _ entries: EntryArrays, _ firstRow: UInt32,
                                                               _ lowBits: Int, _ width: Int, _ block: ByteBlock, _: ColumnNumber.Type) {
        switch width {
        case 1: write(range, entries, firstRow, lowBits, block, ColumnNumber.self, UInt8.self)
        case 2: write(range, entries, firstRow, lowBits, block, ColumnNumber.self, UInt16.self)
        case 4: write(range, entries, firstRow, lowBits, block, ColumnNumber.self, UInt32.self)
        default: write(range, entries, firstRow, lowBits, block, ColumnNumber.self, UInt64.self)
        }
    }

    /// The bytes `write` appends for the same entries.
    static func byteCount(_ range: Range<Int>, of entries: EntryArrays, lowBits: Int, width: Int, columnWidth: Int) -> Int {
        let rows = 1 << lowBits, mask = UInt32(rows - 1)
        let present = UnsafeMutableBufferPointer<Bool>.allocate(capacity: rows)
        defer { present.deallocate() }
        present.initialize(repeating: false)
        for i in range { present[Int(entries.keys[i] & mask)] = true }
        return present.count { $0 } * RunCursor.headerBytes + range.count * (columnWidth + width)
    }

    private static func write<ColumnNumber: FixedWidthInteger, Value>(_ range: Range<Int>, _ entries: EntryArrays, _ firstRow: UInt32,
                                                                      _ lowBits: Int, _ block: ByteBlock, _: ColumnNumber.Type, _: Value.Type) {
        let rows = 1 << lowBits, mask = UInt32(rows - 1)
        let width = MemoryLayout<Value>.size, columnWidth = MemoryLayout<ColumnNumber>.size
        let values = entries.values.assumingMemoryBound(to: Value.self)
        // Per row: its entry count, then where its next column and next value go.
        let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: 3 * rows)
        defer { counts.deallocate() }
        counts.initialize(repeating: 0)
        let columnAt = UnsafeMutableBufferPointer(rebasing: counts[rows..<(2 * rows)])
        let valueAt = UnsafeMutableBufferPointer(rebasing: counts[(2 * rows)...])
        for i in range { counts[Int(entries.keys[i] & mask)] &+= 1 }
        var bytes = 0
        for l in 0..<rows where counts[l] > 0 { bytes += RunCursor.headerBytes + counts[l] * (columnWidth + width) }
        block.append(byteCount: bytes) { out in
            var offset = 0
            for l in 0..<rows where counts[l] > 0 {
                let n = counts[l]
                out.storeBytes(of: firstRow &+ UInt32(l), toByteOffset: offset, as: UInt32.self)
                out.storeBytes(of: UInt32(n), toByteOffset: offset + 4, as: UInt32.self)
                columnAt[l] = offset + RunCursor.headerBytes
                valueAt[l] = offset + RunCursor.headerBytes + columnWidth * n
                offset += RunCursor.headerBytes + n * (columnWidth + width)
            }
            for i in range {
                let l = Int(entries.keys[i] & mask)
                out.storeBytes(of: ColumnNumber(truncatingIfNeeded: entries.others[i]), toByteOffset: columnAt[l], as: ColumnNumber.self)
                out.storeBytes(of: values[i], toByteOffset: valueAt[l], as: Value.self)
                columnAt[l] &+= columnWidth
                valueAt[l] &+= width
            }
        }
    }
}
