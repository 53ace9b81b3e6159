extension ColumnBuffer {
    /// The values at positions where `keep` is true, in order.
    public func filter(_ keep: [Bool]) -> ColumnBuffer {
        precondition(keep.count == count, "ColumnBuffer.filter: mask length differs")
        func pick<T>(_ values: [T]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(values.count)
            values.withUnsafeBufferPointer { v in
                keep.withUnsafeBufferPointer { k in
                    for i in 0..<v.count where k[i] { out.append(v[i]) }
                }
            }
            return out
        }
        switch self {
        case .boolean(let v): return .boolean(pick(v))
        case .int8(let v): return .int8(pick(v))
        case .int16(let v): return .int16(pick(v))
        case .int32(let v): return .int32(pick(v))
        case .int64(let v): return .int64(pick(v))
        case .uint8(let v): return .uint8(pick(v))
        case .uint16(let v): return .uint16(pick(v))
        case .uint32(let v): return .uint32(pick(v))
        case .uint64(let v): return .uint64(pick(v))
        case .float32(let v): return .float32(pick(v))
        case .float64(let v): return .float64(pick(v))
        case .bytes(let v):
            var out = VarBinary()
            v.bytes.withUnsafeBufferPointer { bytes in
                for i in 0..<v.count where keep[i] {
                    out.append(bytes: UnsafeBufferPointer(rebasing: bytes[v.byteRange(i)]))
                }
            }
            return .bytes(out)
        }
    }
}

extension Column {
    public func filter(_ keep: [Bool]) -> Column {
        let mask: [Bool]? = validity.map { v in zip(v, keep).filter { $0.1 }.map(\.0) }
        return Column(type: type, buffer: buffer.filter(keep), validity: mask)
    }
}

extension RecordBatch {
    public func filter(_ keep: [Bool]) -> RecordBatch {
        RecordBatch(schema: schema, columns: columns.map { $0.filter(keep) })
    }

    /// The named columns, in the given order.
    public func project(_ names: [String]) -> RecordBatch? {
        var fields: [Field] = []
        var columns: [Column] = []
        for name in names {
            guard let i = schema.index(of: name) else { return nil }
            fields.append(schema.fields[i])
            columns.append(self.columns[i])
        }
        return RecordBatch(schema: Schema(fields), columns: columns)
    }
}
