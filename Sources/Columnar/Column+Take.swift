extension ColumnBuffer {
    /// The values at `positions`, in that order (positions may repeat).
    public func take(_ positions: [Int]) -> ColumnBuffer {
        func pick<T>(_ values: [T]) -> [T] {
            values.withUnsafeBufferPointer { v in
                positions.withUnsafeBufferPointer { p in
                    [T](unsafeUninitializedCapacity: p.count) { out, count in
                        for i in 0..<p.count { (out.baseAddress! + i).initialize(to: v[p[i]]) }
                        count = p.count
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
            v.bytes.withUnsafeBufferPointer { bytes in
                for i in positions { out.append(bytes: UnsafeBufferPointer(rebasing: bytes[v.byteRange(i)])) }
            }
            return .bytes(out)
        }
    }
}

extension Column {
    /// The rows at `positions`, in that order, nulls included.
    public func take(_ positions: [Int]) -> Column {
        Column(type: type, buffer: buffer.take(positions), validity: validity.map { v in positions.map { v[$0] } })
    }
}
