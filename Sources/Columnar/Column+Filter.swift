extension ColumnBuffer {
    /// The values at positions where `keep` is true, in order.
    public func filter(_ keep: [Bool]) -> ColumnBuffer {
        precondition(keep.count == count, "ColumnBuffer.filter: mask length differs")
        return rearranged(by: MaskFilter(keep: keep))
    }
}

/// The values where `keep` is true, in order.
private struct MaskFilter: ValueRearrangement {
    let keep: [Bool]

    func callAsFunction<T>(_ values: [T]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(values.count)
        values.withUnsafeBufferPointer { v in
            keep.withUnsafeBufferPointer { k in
                for i in 0..<v.count where k[i] { out.append(v[i]) }
            }
        }
        return out
    }

    func callAsFunction(_ values: VarBinary) -> VarBinary {
        var out = VarBinary()
        values.bytes.withUnsafeBufferPointer { bytes in
            for i in 0..<values.count where keep[i] {
                out.append(bytes: UnsafeBufferPointer(rebasing: bytes[values.byteRange(i)]))
            }
        }
        return out
    }
}

extension Column {
    public func filter(_ keep: [Bool]) -> Column {
        let mask: [Bool]? = validity.map { v in zip(v, keep).filter { $0.1 }.map(\.0) }
        var filtered = Column(type: type, buffer: buffer.filter(keep), validity: mask)
        filtered.dictionary = dictionary.map { DictionaryCodes(indices: MaskFilter(keep: keep)($0.indices), values: $0.values) }
        return filtered
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
