extension UnsafeBufferPointer where Element: Equatable {
    /// Where the run of equal elements starting at `start` ends, looking no further than `upper`, for
    /// values that lie together wherever they occur (a fragment's entries of one cell): found by steps
    /// that double and then bisection, so a run of a thousand costs about twenty comparisons, not a
    /// thousand. Inlinable, so that other modules get it specialized for their element type.
    @inlinable
    public func endOfRun(from start: Int, before upper: Int) -> Int {
        let value = self[start]
        var low = start, high = start &+ 1, step = 1
        while high < upper && self[high] == value {
            low = high
            step &<<= 1
            high = start &+ step
        }
        high = Swift.min(high, upper)
        while high &- low > 1 {
            let middle = (low &+ high) / 2
            if self[middle] == value { low = middle } else { high = middle }
        }
        return low &+ 1
    }
}
