/// A FlatBuffers value, as the Arrow IPC metadata (Message, Schema, RecordBatch) needs them.
indirect enum FlatValue {
    /// A table; slot `i` holds field id `i` (nil: absent, the reader's default).
    case table([FlatField?])
    case tables([FlatValue])
    /// A vector of structs: `count` structs laid out in `bytes`, aligned to `alignment`.
    case structs(bytes: [UInt8], count: Int, alignment: Int)
    case string(String)
}

enum FlatField {
    case bool(Bool)
    case uint8(UInt8)
    case int16(Int16)
    case int32(Int32)
    case int64(Int64)
    case offset(FlatValue)

    var size: Int {
        switch self {
        case .bool, .uint8: return 1
        case .int16: return 2
        case .int32, .offset: return 4
        case .int64: return 8
        }
    }
}

/// Serializes a `FlatValue` tree front to back: a parent is written before its children, so every
/// unsigned offset points forward as the format requires, and each is patched once its target is placed.
/// Tables start 8-aligned behind their vtable, and inline fields are placed largest first, so every scalar
/// is aligned to its size, as the FlatBuffers verifier (pyarrow's) checks.
struct FlatBufferEncoder {
    private(set) var bytes: [UInt8] = [0, 0, 0, 0]  // the root offset, patched last

    static func encode(_ root: FlatValue) -> [UInt8] {
        var encoder = FlatBufferEncoder()
        let position = encoder.write(root)
        encoder.patch(slot: 0, target: position)
        return encoder.bytes
    }

    private mutating func pad(to alignment: Int, after extra: Int = 0) {
        while (bytes.count + extra) % alignment != 0 { bytes.append(0) }
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    private mutating func store<T: FixedWidthInteger>(_ value: T, at position: Int) {
        withUnsafeBytes(of: value.littleEndian) { raw in
            for (i, byte) in raw.enumerated() { bytes[position + i] = byte }
        }
    }

    private mutating func patch(slot: Int, target: Int) {
        store(UInt32(target - slot), at: slot)
    }

    private mutating func write(_ value: FlatValue) -> Int {
        switch value {
        case .string(let text):
            pad(to: 4)
            let position = bytes.count
            let utf8 = Array(text.utf8)
            append(UInt32(utf8.count))
            bytes.append(contentsOf: utf8)
            bytes.append(0)
            return position
        case .structs(let raw, let count, let alignment):
            pad(to: max(alignment, 4), after: 4)  // the elements, after the length, are aligned
            let position = bytes.count
            append(UInt32(count))
            bytes.append(contentsOf: raw)
            return position
        case .tables(let items):
            pad(to: 4)
            let position = bytes.count
            append(UInt32(items.count))
            let slots = items.indices.map { position + 4 + 4 * $0 }
            bytes.append(contentsOf: repeatElement(0, count: 4 * items.count))
            for (slot, item) in zip(slots, items) { patch(slot: slot, target: write(item)) }
            return position
        case .table(let fields):
            // Inline layout, relative to the table's (8-aligned) start: the vtable offset, then fields by size.
            var offsets = [Int](repeating: 0, count: fields.count)
            var cursor = 4
            for i in fields.indices.sorted(by: { (fields[$0]?.size ?? 0) > (fields[$1]?.size ?? 0) }) {
                guard let field = fields[i] else { continue }
                cursor = (cursor + field.size - 1) / field.size * field.size
                offsets[i] = cursor
                cursor += field.size
            }
            let inlineSize = cursor
            pad(to: 2)
            let vtable = bytes.count
            append(UInt16(4 + 2 * fields.count))
            append(UInt16(inlineSize))
            for offset in offsets { append(UInt16(offset)) }
            pad(to: 8)
            let table = bytes.count
            append(Int32(table - vtable))
            bytes.append(contentsOf: repeatElement(0, count: inlineSize - 4))
            var children: [(slot: Int, value: FlatValue)] = []
            for (i, field) in fields.enumerated() {
                guard let field else { continue }
                let at = table + offsets[i]
                switch field {
                case .bool(let v): bytes[at] = v ? 1 : 0
                case .uint8(let v): bytes[at] = v
                case .int16(let v): store(v, at: at)
                case .int32(let v): store(v, at: at)
                case .int64(let v): store(v, at: at)
                case .offset(let child): children.append((at, child))
                }
            }
            for (slot, child) in children { patch(slot: slot, target: write(child)) }
            return table
        }
    }
}
