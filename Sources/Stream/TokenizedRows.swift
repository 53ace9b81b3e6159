import Interchange

/// One cell's tokens: for each field of the tokenizer, the bytes of its row (a list's elements, or a
/// fixed-width value). Cells are tokenized on the reading threads, a visit at a time, and split into rows
/// so that a cell waiting in the shuffle buffer holds only its own bytes.
struct TokenizedRow: Sendable {
    var fields: [[UInt8]]
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
        var out = [TokenizedRow](repeating: TokenizedRow(fields: []), count: rows)
        for (field, array) in zip(fields, arrays) {
            let size = width(field.type)
            guard size > 0 else { throw Unsupported(field: field.name) }
            switch array {
            case .fixed(_, _, let values):
                try values.withBytes { raw in
                    for r in 0..<rows { out[r].fields.append(Array(raw[(r * size)..<((r + 1) * size)])) }
                }
            case .list(let offsets, .fixed(_, _, let values), _):
                try values.withBytes { raw in
                    for r in 0..<rows {
                        out[r].fields.append(Array(raw[(Int(offsets[r]) * size)..<(Int(offsets[r + 1]) * size)]))
                    }
                }
            default:
                throw Unsupported(field: field.name)
            }
        }
        return out
    }

    func join(_ rows: [TokenizedRow]) -> [ArrowArray] {
        fields.enumerated().map { index, field in
            let size = width(field.type)
            var bytes: [UInt8] = []
            bytes.reserveCapacity(rows.reduce(0) { $0 + $1.fields[index].count })
            var offsets: [Int32] = [0]
            offsets.reserveCapacity(rows.count + 1)
            for row in rows {
                bytes += row.fields[index]
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
