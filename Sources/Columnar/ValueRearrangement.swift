/// Picking, dropping or reordering a buffer's values the same way whatever their type: filtering,
/// gathering and slicing each say only what they do to one typed array, and `ColumnBuffer.rearranged`
/// is the one switch over the buffer kinds.
protocol ValueRearrangement {
    func callAsFunction<T>(_ values: [T]) -> [T]
    func callAsFunction(_ values: VarBinary) -> VarBinary
}

extension ColumnBuffer {
    /// The buffer's values rearranged by `rearrangement`, in a buffer of the same kind.
    func rearranged<R: ValueRearrangement>(by rearrangement: R) -> ColumnBuffer {
        switch self {
        case .boolean(let v): return .boolean(rearrangement(v))
        case .int8(let v): return .int8(rearrangement(v))
        case .int16(let v): return .int16(rearrangement(v))
        case .int32(let v): return .int32(rearrangement(v))
        case .int64(let v): return .int64(rearrangement(v))
        case .uint8(let v): return .uint8(rearrangement(v))
        case .uint16(let v): return .uint16(rearrangement(v))
        case .uint32(let v): return .uint32(rearrangement(v))
        case .uint64(let v): return .uint64(rearrangement(v))
        case .float32(let v): return .float32(rearrangement(v))
        case .float64(let v): return .float64(rearrangement(v))
        case .bytes(let v): return .bytes(rearrangement(v))
        }
    }
}
