import Columnar
#if canImport(Glibc)
import Glibc
#endif

/// Assigns a dense id, in order of first appearance, to each distinct key (a row of some columns), and
/// keeps the first row of each key so the keys can be output. Keys are equal as GROUP BY and DISTINCT
/// see them: NULL equals NULL, -0.0 equals 0.0, every NaN equals NaN.
///
/// Column at a time: each key column's values get dense codes (`KeyColumnCoder`, one pass over a typed
/// buffer), and the codes of several columns combine pairwise through tables of 64-bit keys, so no row
/// is encoded as bytes and no enum payload is touched per row.
struct GroupKeyTable {
    private var coders: [KeyColumnCoder] = []
    /// Combines the id of the first i columns with the code of column i (`pairs[i - 1]`).
    private var pairs: [DenseKeyMap] = []
    /// With one key column: the group of each code (-1: not seen yet).
    private var groupOfCode: [Int32] = []
    /// The key columns, one row per group.
    private(set) var keys: [Column]
    private(set) var count = 0

    init(types: [DataType]) {
        keys = types.map { Column.empty($0) }
    }

    /// The group id of each row of `columns`, registering new keys.
    mutating func ids(for columns: [Column], rows: Int) -> [Int32] {
        if columns.isEmpty { return [Int32](repeating: 0, count: rows) }
        if coders.isEmpty {
            coders = columns.map { _ in KeyColumnCoder() }
            pairs = columns.dropFirst().map { _ in DenseKeyMap() }
            if keys.count != columns.count { keys = columns.map { Column.empty($0.type) } }
        }
        var ids = coders[0].codes(columns[0], rows: rows)
        var firstRows: [Int] = []
        if columns.count == 1 {
            // Codes count in order of first appearance, but NULL is 0 wherever it first appears: groups
            // are numbered through a table indexed by code.
            ids.withUnsafeMutableBufferPointer { ids in
                for row in 0..<rows {
                    let code = Int(ids[row])
                    if code >= groupOfCode.count { groupOfCode.append(contentsOf: repeatElement(-1, count: code + 1 - groupOfCode.count)) }
                    if groupOfCode[code] < 0 {
                        groupOfCode[code] = Int32(count + firstRows.count)
                        firstRows.append(row)
                    }
                    ids[row] = groupOfCode[code]
                }
            }
        } else {
            for i in 1..<columns.count {
                let codes = coders[i].codes(columns[i], rows: rows)
                let last = i == columns.count - 1
                ids.withUnsafeMutableBufferPointer { ids in
                    codes.withUnsafeBufferPointer { codes in
                        // Few (id, code) combinations (low-cardinality keys): each is hashed once per
                        // batch, then found through a dense table of them.
                        var widest: (id: Int32, code: Int32) = (0, 0)
                        for row in 0..<rows { widest = (max(widest.id, ids[row]), max(widest.code, codes[row])) }
                        let width = Int(widest.code) + 1, combinations = (Int(widest.id) + 1) * width
                        if combinations <= max(rows, 4096) {
                            var seen = [Int32](repeating: -1, count: combinations)
                            seen.withUnsafeMutableBufferPointer { seen in
                                for row in 0..<rows {
                                    let slot = Int(ids[row]) &* width &+ Int(codes[row])
                                    var id = seen[slot]
                                    if id < 0 {
                                        let key = UInt64(UInt32(bitPattern: ids[row])) << 32 | UInt64(UInt32(bitPattern: codes[row]))
                                        let found = pairs[i - 1].id(for: key)
                                        id = found.id
                                        seen[slot] = id
                                        if last && found.new { firstRows.append(row) }
                                    }
                                    ids[row] = id
                                }
                            }
                            return
                        }
                        for row in 0..<rows {
                            let key = UInt64(UInt32(bitPattern: ids[row])) << 32 | UInt64(UInt32(bitPattern: codes[row]))
                            let (id, new) = pairs[i - 1].id(for: key)
                            ids[row] = id
                            if last && new { firstRows.append(row) }
                        }
                    }
                }
            }
        }
        if !firstRows.isEmpty {
            for i in keys.indices { keys[i].append(contentsOf: columns[i].gather(firstRows)) }
            count += firstRows.count
        }
        return ids
    }
}

/// Dense codes for the values of one key column, kept across batches: NULL is 0, other values count
/// from 1 in order of first appearance.
struct KeyColumnCoder {
    private var fixed = DenseKeyMap()
    private var bytes = ByteKeyMap()

    mutating func codes(_ column: Column, rows: Int) -> [Int32] {
        var out: [Int32]
        switch column.buffer {
        case .boolean(let v): out = codeFixed(v, rows) { $0 ? 1 : 0 }
        case .int8(let v): out = codeFixed(v, rows) { UInt64(bitPattern: Int64($0)) }
        case .int16(let v): out = codeFixed(v, rows) { UInt64(bitPattern: Int64($0)) }
        case .int32(let v): out = codeFixed(v, rows) { UInt64(bitPattern: Int64($0)) }
        case .int64(let v): out = codeFixed(v, rows) { UInt64(bitPattern: $0) }
        case .uint8(let v): out = codeFixed(v, rows) { UInt64($0) }
        case .uint16(let v): out = codeFixed(v, rows) { UInt64($0) }
        case .uint32(let v): out = codeFixed(v, rows) { UInt64($0) }
        case .uint64(let v): out = codeFixed(v, rows) { $0 }
        case .float32(let v): out = codeFixed(v, rows) { Self.canonical(Double($0)) }
        case .float64(let v): out = codeFixed(v, rows) { Self.canonical($0) }
        case .bytes(let v):
            // Stored dictionary codes: each distinct value is hashed once, rows only look their code up.
            if let dictionary = column.dictionary, dictionary.values.count <= rows {
                let valueCodes = bytes.codes(dictionary.values, rows: dictionary.values.count)
                out = Self.translate(dictionary.indices, through: valueCodes)
            } else {
                out = bytes.codes(v, rows: rows)
            }
        }
        if let validity = column.validity {
            for row in 0..<rows where !validity[row] { out[row] = 0 }
        }
        return out
    }

    private static func translate(_ indices: [UInt32], through table: [Int32]) -> [Int32] {
        table.withUnsafeBufferPointer { table in
            indices.withUnsafeBufferPointer { indices in
                [Int32](unsafeUninitializedCapacity: indices.count) { out, initialized in
                    for row in 0..<indices.count { out[row] = table[Int(indices[row])] }
                    initialized = indices.count
                }
            }
        }
    }

    private mutating func codeFixed<T>(_ values: [T], _ rows: Int, _ bits: (T) -> UInt64) -> [Int32] {
        var out = [Int32](repeating: 0, count: rows)
        values.withUnsafeBufferPointer { values in
            out.withUnsafeMutableBufferPointer { out in
                var previous: (bits: UInt64, code: Int32)?
                for row in 0..<rows {
                    let key = bits(values[row])
                    // Runs of one value (sorted or clustered columns) skip the table.
                    if let previous, previous.bits == key {
                        out[row] = previous.code
                        continue
                    }
                    let code = fixed.id(for: key).id &+ 1
                    out[row] = code
                    previous = (key, code)
                }
            }
        }
        return out
    }

    private static func canonical(_ d: Double) -> UInt64 {
        if d.isNaN { return Double.nan.bitPattern }
        return (d == 0 ? 0.0 : d).bitPattern
    }
}

/// Open addressing from 64-bit keys to dense ids in order of first appearance.
struct DenseKeyMap {
    private var slots = [Int32](repeating: -1, count: 64)
    private var keys: [UInt64] = []

    var count: Int { keys.count }

    @inline(__always)
    mutating func id(for key: UInt64) -> (id: Int32, new: Bool) {
        if (keys.count + 1) * 2 > slots.count { grow() }
        let mask = slots.count - 1
        var s = Self.slot(key, mask)
        while true {
            let id = slots[s]
            if id < 0 {
                slots[s] = Int32(keys.count)
                keys.append(key)
                return (slots[s], true)
            }
            if keys[Int(id)] == key { return (id, false) }
            s = (s &+ 1) & mask
        }
    }

    @inline(__always)
    private static func slot(_ key: UInt64, _ mask: Int) -> Int {
        var h = key &* 0x9E37_79B9_7F4A_7C15
        h ^= h >> 29
        return Int(truncatingIfNeeded: h) & mask
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, key) in keys.enumerated() {
            var s = Self.slot(key, mask)
            while slots[s] >= 0 { s = (s &+ 1) & mask }
            slots[s] = Int32(id)
        }
    }
}

/// Open addressing from byte strings to dense codes (from 1, in order of first appearance).
struct ByteKeyMap {
    private var slots = [Int32](repeating: -1, count: 64)
    private var hashes: [UInt64] = []
    private var offsets: [Int] = [0]
    private var arena: [UInt8] = []

    mutating func codes(_ values: VarBinary, rows: Int) -> [Int32] {
        var out = [Int32](repeating: 0, count: rows)
        values.bytes.withUnsafeBufferPointer { bytes in
            values.offsets.withUnsafeBufferPointer { offsets in
                var previous: (range: Range<Int>, code: Int32)?
                for row in 0..<rows {
                    let range = offsets[row]..<offsets[row + 1]
                    let value = UnsafeBufferPointer(rebasing: bytes[range])
                    if let previous, previous.range.count == range.count,
                       memcmp(bytes.baseAddress! + previous.range.lowerBound, bytes.baseAddress! + range.lowerBound, range.count) == 0 {
                        out[row] = previous.code
                        continue
                    }
                    let code = self.code(value) &+ 1
                    out[row] = code
                    previous = (range, code)
                }
            }
        }
        return out
    }

    private mutating func code(_ value: UnsafeBufferPointer<UInt8>) -> Int32 {
        if (hashes.count + 1) * 2 > slots.count { grow() }
        let hash = Self.hash(value)
        let mask = slots.count - 1
        var s = Int(truncatingIfNeeded: hash) & mask
        while true {
            let id = slots[s]
            if id < 0 {
                slots[s] = Int32(hashes.count)
                hashes.append(hash)
                arena.append(contentsOf: value)
                offsets.append(arena.count)
                return slots[s]
            }
            if hashes[Int(id)] == hash {
                let lo = offsets[Int(id)], hi = offsets[Int(id) + 1]
                let equal = hi - lo == value.count && arena.withUnsafeBufferPointer { arena in
                    value.count == 0 || memcmp(arena.baseAddress! + lo, value.baseAddress!, value.count) == 0
                }
                if equal { return id }
            }
            s = (s &+ 1) & mask
        }
    }

    /// Eight bytes at a time (a byte loop's chain of multiplies was most of a lookup), then a final mix
    /// so the low bits (the slot) depend on every byte.
    private static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        let multiplier: UInt64 = 0xff51_afd7_ed55_8ccd
        var h: UInt64 = 0x9e37_79b9_7f4a_7c15 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return h }
        let raw = UnsafeRawPointer(base)
        let whole = bytes.count / 8
        for word in 0..<whole {
            let value: UInt64 = raw.loadUnaligned(fromByteOffset: word * 8, as: UInt64.self)
            h = (h ^ value) &* multiplier
            h ^= h >> 29
        }
        var tail: UInt64 = 0
        var shift: UInt64 = 0
        for i in (whole * 8)..<bytes.count {
            tail |= UInt64(base[i]) << shift
            shift += 8
        }
        h = (h ^ tail) &* multiplier
        h ^= h >> 33
        h = h &* multiplier
        h ^= h >> 33
        return h
    }

    private mutating func grow() {
        slots = [Int32](repeating: -1, count: slots.count * 2)
        let mask = slots.count - 1
        for (id, hash) in hashes.enumerated() {
            var s = Int(truncatingIfNeeded: hash) & mask
            while slots[s] >= 0 { s = (s &+ 1) & mask }
            slots[s] = Int32(id)
        }
    }
}
