import Columnar

/// Writes the values of some columns at one row as bytes that are equal exactly when the values are
/// equal as GROUP BY and DISTINCT see them: NULL equals NULL, -0.0 equals 0.0, every NaN equals NaN.
struct RowKeyEncoder {
    let columns: [Column]

    func encode(row: Int, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        for column in columns {
            if column.isNull(row) {
                out.append(0)
                continue
            }
            out.append(1)
            switch column.buffer {
            case .boolean(let v): out.append(v[row] ? 1 : 0)
            case .int8(let v): append(Int64(v[row]), &out)
            case .int16(let v): append(Int64(v[row]), &out)
            case .int32(let v): append(Int64(v[row]), &out)
            case .int64(let v): append(v[row], &out)
            case .uint8(let v): append(Int64(v[row]), &out)
            case .uint16(let v): append(Int64(v[row]), &out)
            case .uint32(let v): append(Int64(v[row]), &out)
            case .uint64(let v): append(Int64(bitPattern: v[row]), &out)
            case .float32(let v): append(Self.canonical(Double(v[row])), &out)
            case .float64(let v): append(Self.canonical(v[row]), &out)
            case .bytes(let v):
                let range = v.byteRange(row)
                append(Int64(range.count), &out)
                out.append(contentsOf: v.bytes[range])
            }
        }
    }

    private static func canonical(_ d: Double) -> Int64 {
        if d.isNaN { return Int64(bitPattern: Double.nan.bitPattern) }
        return Int64(bitPattern: (d == 0 ? 0.0 : d).bitPattern)
    }

    @inline(__always)
    private func append(_ v: Int64, _ out: inout [UInt8]) {
        withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
    }
}

/// Assigns a dense id, in order of first appearance, to each distinct key (a row of some columns), and
/// keeps the first row of each key so the keys can be output.
struct GroupKeyTable {
    private var slots = [Int32](repeating: -1, count: 1024)
    private var hashes: [UInt64] = []
    private var offsets: [Int] = [0]
    private var arena: [UInt8] = []
    private var scratch: [UInt8] = []
    /// The key columns, one row per group.
    private(set) var keys: [Column]
    var count: Int { hashes.count }

    init(types: [DataType]) {
        keys = types.map { Column.empty($0) }
    }

    /// The group id of each row of `columns`, registering new keys.
    mutating func ids(for columns: [Column], rows: Int) -> [Int32] {
        if columns.isEmpty { return [Int32](repeating: 0, count: rows) }
        let encoder = RowKeyEncoder(columns: columns)
        var ids = [Int32](repeating: 0, count: rows)
        var firstRows: [Int] = []
        for row in 0..<rows {
            encoder.encode(row: row, into: &scratch)
            let hash = Self.hash(scratch)
            if (count + 1) * 2 > slots.count { grow() }
            let mask = slots.count - 1
            var s = Int(truncatingIfNeeded: hash) & mask
            while true {
                let id = slots[s]
                if id < 0 {
                    let new = Int32(count)
                    slots[s] = new
                    hashes.append(hash)
                    arena.append(contentsOf: scratch)
                    offsets.append(arena.count)
                    firstRows.append(row)
                    ids[row] = new
                    break
                }
                if hashes[Int(id)] == hash && arena[offsets[Int(id)]..<offsets[Int(id) + 1]].elementsEqual(scratch) {
                    ids[row] = id
                    break
                }
                s = (s + 1) & mask
            }
        }
        if !firstRows.isEmpty {
            for i in keys.indices { keys[i].append(contentsOf: columns[i].gather(firstRows)) }
        }
        return ids
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: hash) & mask
            while slots[s] >= 0 { s = (s + 1) & mask }
            slots[s] = Int32(id)
        }
    }

    /// FNV-1a, then a final mix so the low bits (the slot) depend on every byte.
    private static func hash(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        h ^= h >> 33
        h = h &* 0xff51_afd7_ed55_8ccd
        h ^= h >> 33
        return h
    }
}
