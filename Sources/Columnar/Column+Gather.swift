extension ColumnBuffer {
    /// The values at `indices`, in that order (an index may repeat). Sort, join and lazy expression
    /// evaluation all reorder or pick rows this way.
    public func gather(_ indices: [Int]) -> ColumnBuffer {
        rearranged(by: IndexGather(indices: indices))
    }

    /// The values of `runs`, in order: rows picked in runs (a slice's chosen cells) copy run by run.
    public func gather(runs: [Range<Int>]) -> ColumnBuffer {
        rearranged(by: RunGather(runs: runs))
    }
}

private struct IndexGather: ValueRearrangement {
    let indices: [Int]

    func callAsFunction<T>(_ values: [T]) -> [T] {
        values.withUnsafeBufferPointer { v in
            indices.withUnsafeBufferPointer { ix in
                [T](unsafeUninitializedCapacity: ix.count) { out, initialized in
                    for k in 0..<ix.count { (out.baseAddress! + k).initialize(to: v[ix[k]]) }
                    initialized = ix.count
                }
            }
        }
    }

    func callAsFunction(_ values: VarBinary) -> VarBinary {
        var out = VarBinary()
        indices.withUnsafeBufferPointer { out.append(values, at: $0) }
        return out
    }
}

private struct RunGather: ValueRearrangement {
    let runs: [Range<Int>]

    func callAsFunction<T>(_ values: [T]) -> [T] {
        var out: [T] = []
        out.reserveCapacity(runs.reduce(0) { $0 + $1.count })
        for run in runs { out.append(contentsOf: values[run]) }
        return out
    }

    func callAsFunction(_ values: VarBinary) -> VarBinary {
        var out = VarBinary()
        for run in runs { out.append(contentsOf: values.slice(run)) }
        return out
    }
}

extension Column {
    /// The rows at `indices`, in that order, with their validity.
    public func gather(_ indices: [Int]) -> Column {
        let mask: [Bool]? = validity.map { v in indices.map { v[$0] } }
        var gathered = Column(type: type, buffer: buffer.gather(indices), validity: mask?.contains(false) == true ? mask : nil)
        gathered.dictionary = dictionary.map { DictionaryCodes(indices: IndexGather(indices: indices)($0.indices), values: $0.values) }
        return gathered
    }

    /// The rows of `runs`, in order, with their validity.
    public func gather(runs: [Range<Int>]) -> Column {
        let mask: [Bool]? = validity.map { v in runs.flatMap { v[$0] } }
        var gathered = Column(type: type, buffer: buffer.gather(runs: runs), validity: mask?.contains(false) == true ? mask : nil)
        gathered.dictionary = dictionary.map { DictionaryCodes(indices: RunGather(runs: runs)($0.indices), values: $0.values) }
        return gathered
    }
}

extension RecordBatch {
    /// The rows at `indices`, in that order.
    public func gather(_ indices: [Int]) -> RecordBatch {
        RecordBatch(schema: schema, columns: columns.map { $0.gather(indices) })
    }
}
