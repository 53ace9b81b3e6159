extension Column {
    /// The values as doubles (nulls read 0; check `isNull`; strings 0), for work that computes in floating
    /// point: aggregates, normalization.
    public var doubles: [Double] {
        if case .float64(let v) = buffer { return v }
        return [Double](unsafeUninitializedCapacity: count) { out, initialized in
            if let base = out.baseAddress { writeDoubles(0..<count, to: base) }
            initialized = count
        }
    }

    /// The values of `range` as doubles, as `doubles` reads them, written to `out[0..<range.count]`
    /// (initialized or not: doubles are trivial).
    public func writeDoubles(_ range: Range<Int>, to out: UnsafeMutablePointer<Double>) {
        func widen<T>(_ v: [T], _ convert: (T) -> Double) {
            v.withUnsafeBufferPointer { v in
                for k in range { out[k &- range.lowerBound] = convert(v[k]) }
            }
        }
        switch buffer {
        case .boolean(let v): widen(v) { $0 ? 1 : 0 }
        case .int8(let v): widen(v) { Double($0) }
        case .int16(let v): widen(v) { Double($0) }
        case .int32(let v): widen(v) { Double($0) }
        case .int64(let v): widen(v) { Double($0) }
        case .uint8(let v): widen(v) { Double($0) }
        case .uint16(let v): widen(v) { Double($0) }
        case .uint32(let v): widen(v) { Double($0) }
        case .uint64(let v): widen(v) { Double($0) }
        case .float32(let v): widen(v) { Double($0) }
        case .float64(let v): widen(v) { $0 }
        case .bytes: out.initialize(repeating: 0, count: range.count)
        }
    }
}
