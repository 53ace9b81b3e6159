import Interchange

/// One cell's tokens: for each field of the tokenizer, the bytes of its row (a list's elements, or a
/// fixed-width value), one field after another in one buffer, after the byte count (UInt32) of every
/// field but the last. Cells are tokenized on the reading threads, a visit at a time, and split into rows
/// so that a cell waiting in the shuffle buffer holds only its own bytes, in one allocation.
struct TokenizedRow: Sendable {
    var bytes: [UInt8]
}

/// Splits a tokenizer's arrays into rows and joins rows back into arrays. Tokenizers produce fixed-width
/// columns and lists of fixed-width values, without nulls.
struct TokenizedRows {
    let fields: [ArrowField]

    /// Bytes per value (per element, for a list).
    private func width(_ type: ArrowType) -> Int {
        switch type {
        case .int(let bits, _): return bits / 8
        case .float32: return 4
        case .float64: return 8
        case .list(let element): return width(element.type)
        case .bool, .utf8, .binary: return 0
        }
    }

    struct Unsupported: Error, CustomStringConvertible {
        var field: String
        var description: String { "tokenizer column '\(field)' is not fixed-width values or a list of them" }
    }

    func split(_ arrays: [ArrowArray], rows: Int) throws -> [TokenizedRow] {
        // Each field's bytes and where each row's begin (rows + 1 of them).
        var sources: [(bytes: ArrowBuffer, starts: [Int])] = []
        for (field, array) in zip(fields, arrays) {
            let size = width(field.type)
            guard size > 0 else { throw Unsupported(field: field.name) }
            switch array {
            case .fixed(_, _, let values): sources.append((values, (0...rows).map { $0 * size }))
            case .list(let offsets, .fixed(_, _, let values), _): sources.append((values, offsets.map { Int($0) * size }))
            default: throw Unsupported(field: field.name)
            }
        }
        let header = 4 * max(0, sources.count - 1)
        // Each row's buffer at its size, its header written; then each field's bytes copied in.
        var out = (0..<rows).map { r in
            let total = header + sources.reduce(0) { $0 + $1.starts[r + 1] - $1.starts[r] }
            return TokenizedRow(bytes: [UInt8](unsafeUninitializedCapacity: total) { buffer, initialized in
                for k in 0..<max(0, sources.count - 1) {
                    let count = UInt32(sources[k].starts[r + 1] - sources[k].starts[r])
                    UnsafeMutableRawPointer(buffer.baseAddress!).storeBytes(of: count.littleEndian, toByteOffset: 4 * k, as: UInt32.self)
                }
                initialized = total  // the fields' bytes are copied in below, before anything reads them
            })
        }
        var at = [Int](repeating: header, count: rows)
        for source in sources {
            try source.bytes.withBytes { raw in
                for r in 0..<rows {
                    let start = source.starts[r], count = source.starts[r + 1] - start
                    guard count > 0 else { continue }
                    out[r].bytes.withUnsafeMutableBytes { ($0.baseAddress! + at[r]).copyMemory(from: raw.baseAddress! + start, byteCount: count) }
                    at[r] += count
                }
            }
        }
        return out
    }

    /// Field `index`'s bytes of `row`.
    private func bytes(of row: TokenizedRow, field index: Int) -> Range<Int> {
        let last = fields.count - 1
        var start = 4 * last
        row.bytes.withUnsafeBytes { raw in
            for k in 0..<index { start += Int(UInt32(littleEndian: raw.loadUnaligned(fromByteOffset: 4 * k, as: UInt32.self))) }
        }
        let count = index == last ? row.bytes.count - start
            : row.bytes.withUnsafeBytes { Int(UInt32(littleEndian: $0.loadUnaligned(fromByteOffset: 4 * index, as: UInt32.self))) }
        return start..<(start + count)
    }

    func join(_ rows: [TokenizedRow]) -> [ArrowArray] {
        fields.enumerated().map { index, field in
            let size = width(field.type)
            var bytes: [UInt8] = []
            let ranges = rows.map { self.bytes(of: $0, field: index) }
            bytes.reserveCapacity(ranges.reduce(0) { $0 + $1.count })
            var offsets: [Int32] = [0]
            offsets.reserveCapacity(rows.count + 1)
            for (row, range) in zip(rows, ranges) {
                // Through a raw buffer: appending the array's slice retained and released its storage.
                row.bytes.withUnsafeBytes { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: $0[range])) }
                offsets.append(Int32(bytes.count / size))
            }
            let buffer = ArrowBuffer(bytes)
            if case .list = field.type {
                return .list(offsets: offsets, element: .fixed(count: bytes.count / size, validity: nil, values: buffer), validity: nil)
            }
            return .fixed(count: rows.count, validity: nil, values: buffer)
        }
    }
}
