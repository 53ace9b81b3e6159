/// Integer arrays reread as another integer type of the same width (UInt32 ⇄ Int32 and the like): one
/// copy of the bytes instead of a conversion per element, which the compiler does not turn into a copy.
extension Array where Element: FixedWidthInteger {
    public func bitCast<T: FixedWidthInteger>(to _: T.Type) -> [T] {
        bitCast(indices, to: T.self)
    }

    /// Elements `range` only.
    public func bitCast<T: FixedWidthInteger>(_ range: Range<Int>, to _: T.Type) -> [T] {
        precondition(MemoryLayout<T>.stride == MemoryLayout<Element>.stride, "bitCast: \(Element.self) and \(T.self) differ in width")
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "bitCast: \(range) outside 0..<\(count)")
        return withUnsafeBytes { source in
            [T](unsafeUninitializedCapacity: range.count) { out, initialized in
                if let base = out.baseAddress, let from = source.baseAddress, !range.isEmpty {
                    UnsafeMutableRawPointer(base).copyMemory(from: from + range.lowerBound * MemoryLayout<Element>.stride,
                                                             byteCount: range.count * MemoryLayout<Element>.stride)
                }
                initialized = range.count
            }
        }
    }
}
