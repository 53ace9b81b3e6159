extension ColumnBuffer {
    /// The values at `indices`, in that order (an index may repeat). Sort, join and lazy expression
    /// evaluation all reorder or pick rows this way.
    public func gather(_ indices: [Int]) -> ColumnBuffer {
        func pick<T>(_ values: [T]) -> [T] {
            values.withUnsafeBufferPointer { v in
                indices.withUnsafeBufferPointer { ix in
                    [T](unsafeUninitializedCapacity: ix.count) { out, initialized in
                        for k in 0..<ix.count { (out.baseAddress! + k).initialize(to: v[ix[k]]) }
                        initialized = ix.count
                    }
                }
            }
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
            indices.withUnsafeBufferPointer { out.append(v, at: $0) }
            return .bytes(out)
        }
    }

    /// The values of `runs`, in order: rows picked in runs (a slice's chosen cells) copy run by run.
    public func gather(runs: [Range<Int>]) -> ColumnBuffer {
        let total = runs.reduce(0) { $0 + $1.count }
        func pick<T>(_ values: [T]) -> [T] {
            var out: [T] = []
            out.reserveCapacity(total)
            for run in runs { out.append(contentsOf: values[run]) }
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
            for run in runs { out.append(contentsOf: v.slice(run)) }
            return .bytes(out)
        }
    }
}

extension Column {
    /// The rows at `indices`, in that order, with their validity.
    public func gather(_ indices: [Int]) -> Column {
        let mask: [Bool]? = validity.map { v in indices.map { v[$0] } }
        return Column(type: type, buffer: buffer.gather(indices), validity: mask?.contains(false) == true ? mask : nil)
    }

    /// The rows of `runs`, in order, with their validity.
    public func gather(runs: [Range<Int>]) -> Column {
        let mask: [Bool]? = validity.map { v in runs.flatMap { v[$0] } }
        return Column(type: type, buffer: buffer.gather(runs: runs), validity: mask?.contains(false) == true ? mask : nil)
    }
}

extension RecordBatch {
    /// The rows at `indices`, in that order.
    public func gather(_ indices: [Int]) -> RecordBatch {
        RecordBatch(schema: schema, columns: columns.map { $0.gather(indices) })
    }
}
