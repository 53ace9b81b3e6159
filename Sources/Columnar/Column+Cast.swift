extension Column {
    /// The column as `target` under the type promotion table: smaller integers to larger ones (when every
    /// value fits), any integer or float32 to float64; nil otherwise. Integers beyond 2^53 round in
    /// float64 — which is why fragments keep their own stored type and export reads that, not this view.
    public func widened(to target: DataType) -> Column? {
        if type == target { return self }
        func ints<T: BinaryInteger>(_ v: [T]) -> ColumnBuffer? {
            switch target {
            case .int16: return v.allSatisfy { Int16(exactly: $0) != nil } ? .int16(v.map { Int16($0) }) : nil
            case .int32: return v.allSatisfy { Int32(exactly: $0) != nil } ? .int32(v.map { Int32($0) }) : nil
            case .int64: return v.allSatisfy { Int64(exactly: $0) != nil } ? .int64(v.map { Int64($0) }) : nil
            case .uint16: return v.allSatisfy { UInt16(exactly: $0) != nil } ? .uint16(v.map { UInt16($0) }) : nil
            case .uint32: return v.allSatisfy { UInt32(exactly: $0) != nil } ? .uint32(v.map { UInt32($0) }) : nil
            case .uint64: return v.allSatisfy { UInt64(exactly: $0) != nil } ? .uint64(v.map { UInt64($0) }) : nil
            case .float64: return .float64(v.map { Double($0) })
            default: return nil
            }
        }
        let out: ColumnBuffer?
        switch buffer {
        case .int8(let v): out = ints(v)
        case .int16(let v): out = ints(v)
        case .int32(let v): out = ints(v)
        case .int64(let v): out = ints(v)
        case .uint64(let v): out = target == .float64 ? .float64(v.map(Double.init)) : nil
        case .uint8(let v): out = ints(v)
        case .uint16(let v): out = ints(v)
        case .uint32(let v): out = ints(v)
        case .float32(let v): out = target == .float64 ? .float64(v.map(Double.init)) : nil
        default: out = nil
        }
        return out.map { Column(type: target, buffer: $0, validity: validity) }
    }
}

extension DataType {
    /// The type both `self` and `other` widen to, per the promotion table of DESIGN §4
    /// (int8 → int16 → int32 → int64 → float64, unsigned likewise, float32 → float64); nil when there is none
    /// (strings, booleans and timestamps only meet themselves).
    public func promoted(with other: DataType) -> DataType? {
        if self == other { return self }
        let signed: [DataType] = [.int8, .int16, .int32, .int64]
        let unsigned: [DataType] = [.uint8, .uint16, .uint32, .uint64]
        if let a = signed.firstIndex(of: self), let b = signed.firstIndex(of: other) { return signed[max(a, b)] }
        if let a = unsigned.firstIndex(of: self), let b = unsigned.firstIndex(of: other) { return unsigned[max(a, b)] }
        if let u = unsigned.firstIndex(of: self), let s = signed.firstIndex(of: other) { return s > u ? signed[s] : (u < 3 ? signed[u + 1] : nil) }
        if let s = signed.firstIndex(of: self), let u = unsigned.firstIndex(of: other) { return s > u ? signed[s] : (u < 3 ? signed[u + 1] : nil) }
        let numeric: Set<DataType> = [.int8, .int16, .int32, .int64, .uint8, .uint16, .uint32, .uint64, .float32, .float64]
        if numeric.contains(self) && numeric.contains(other) { return .float64 }
        return nil
    }
}
