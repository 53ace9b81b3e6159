import Columnar

/// Writing: taking a chunk's values out of a column, and their PLAIN encoding.
extension PhysicalValues {
    /// Rows `rows` of `column`: their non-null values — `values[range]`, which is the column's own array
    /// uncopied when its type is the physical one and the rows hold no null — and, when the column has
    /// nulls, the validity of each row.
    static func extract(_ column: Column, rows: Range<Int>) -> (values: PhysicalValues, range: Range<Int>, validity: [Bool]?) {
        let validity = column.validity.map { Array($0[rows]) }
        let keep = validity.flatMap { mask in mask.contains(false) ? mask : nil }
        if keep == nil {
            switch column.buffer {
            case .int32(let v): return (.int32(v), rows, nil)
            case .int64(let v): return (.int64(v), rows, nil)
            case .float32(let v): return (.float(v), rows, nil)
            case .float64(let v): return (.double(v), rows, nil)
            case .bytes(let v): return (.bytes(v), rows, nil)
            default: break
            }
        }
        func take<T>(_ values: [T]) -> [T] {
            guard let keep else { return rows.count == values.count ? values : Array(values[rows]) }
            var out: [T] = []
            out.reserveCapacity(rows.count)
            values.withUnsafeBufferPointer { v in
                keep.withUnsafeBufferPointer { k in
                    for i in 0..<k.count where k[i] { out.append(v[rows.lowerBound + i]) }
                }
            }
            return out
        }
        /// Unsigned values keep their bits in the signed physical type: one copy of the range's bytes.
        func reinterpret<T: FixedWidthInteger, S: FixedWidthInteger>(_ values: [T], as _: S.Type) -> [S] {
            keep == nil ? values.bitCast(rows, to: S.self) : take(values).bitCast(to: S.self)
        }
        func widen<T: BinaryInteger>(_ values: [T]) -> [Int32] {
            take(values).map { Int32(truncatingIfNeeded: $0) }
        }
        let values: PhysicalValues
        switch column.buffer {
        case .boolean(let v): values = .boolean(take(v))
        case .int8(let v): values = .int32(widen(v))
        case .int16(let v): values = .int32(widen(v))
        case .int32(let v): values = .int32(take(v))
        case .uint8(let v): values = .int32(widen(v))
        case .uint16(let v): values = .int32(widen(v))
        case .uint32(let v): values = .int32(reinterpret(v, as: Int32.self))
        case .int64(let v): values = .int64(take(v))
        case .uint64(let v): values = .int64(reinterpret(v, as: Int64.self))
        case .float32(let v): values = .float(take(v))
        case .float64(let v): values = .double(take(v))
        case .bytes(let v):
            var out = VarBinary()
            out.reserve(values: rows.count, bytes: v.offsets[rows.upperBound] - v.offsets[rows.lowerBound])
            v.bytes.withUnsafeBufferPointer { bytes in
                for row in rows where keep?[row - rows.lowerBound] ?? true {
                    out.append(bytes: UnsafeBufferPointer(rebasing: bytes[v.byteRange(row)]))
                }
            }
            values = .bytes(out)
        }
        return (values, 0..<values.count, validity.flatMap { $0.contains(false) ? $0 : nil })
    }

    /// PLAIN encoding of values `range`.
    func plainEncode(_ range: Range<Int>, into out: inout [UInt8]) {
        switch self {
        case .boolean(let v): v.withUnsafeBufferPointer { PlainEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        case .int32(let v): v.withUnsafeBufferPointer { PlainEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        case .int64(let v): v.withUnsafeBufferPointer { PlainEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        case .float(let v): v.withUnsafeBufferPointer { PlainEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        case .double(let v): v.withUnsafeBufferPointer { PlainEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        case .bytes(let v): PlainEncoder.encode(v, range: range, into: &out)
        }
    }

    /// DELTA_BINARY_PACKED encoding of integer values `range` (the writer picks it only for int32/int64).
    func deltaEncode(_ range: Range<Int>, into out: inout [UInt8]) {
        switch self {
        case .int32(let v): v.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        case .int64(let v): v.withUnsafeBufferPointer { DeltaBinaryPackedEncoder.encode(UnsafeBufferPointer(rebasing: $0[range]), into: &out) }
        default: preconditionFailure("DELTA_BINARY_PACKED is for integers")
        }
    }

    /// Bytes of the PLAIN encoding of values `range` (booleans rounded up to a byte each, close enough for sizing).
    func plainSize(_ range: Range<Int>) -> Int {
        switch self {
        case .boolean: return (range.count + 7) / 8
        case .int32, .float: return range.count * 4
        case .int64, .double: return range.count * 8
        case .bytes(let v): return v.offsets[range.upperBound] - v.offsets[range.lowerBound] + 4 * range.count
        }
    }
}
