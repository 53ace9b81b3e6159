extension Column {
    /// The values as doubles (nulls read 0; check `isNull`; strings 0), for work that computes in floating
    /// point: aggregates, normalization.
    public var doubles: [Double] {
        switch buffer {
        case .boolean(let v): return v.map { $0 ? 1 : 0 }
        case .int8(let v): return v.map(Double.init)
        case .int16(let v): return v.map(Double.init)
        case .int32(let v): return v.map(Double.init)
        case .int64(let v): return v.map(Double.init)
        case .uint8(let v): return v.map(Double.init)
        case .uint16(let v): return v.map(Double.init)
        case .uint32(let v): return v.map(Double.init)
        case .uint64(let v): return v.map(Double.init)
        case .float32(let v): return v.map(Double.init)
        case .float64(let v): return v
        case .bytes(let v): return [Double](repeating: 0, count: v.count)
        }
    }
}
