/// When a dictionary builder should be abandoned for PLAIN encoding.
public struct DictionaryFallbackPolicy: Hashable, Sendable {
    /// Largest PLAIN-encoded dictionary page allowed (default 1 MiB).
    public var maxDictionaryBytes: Int
    /// Values to see before judging by size ratio; below this only the byte limit applies.
    public var minimumValuesForRatio: Int

    public init(maxDictionaryBytes: Int = 1 << 20, minimumValuesForRatio: Int = 1024) {
        self.maxDictionaryBytes = maxDictionaryBytes
        self.minimumValuesForRatio = minimumValuesForRatio
    }

    /// True when the dictionary is too large, or when dictionary page plus bit-packed indices would not
    /// be smaller than PLAIN-encoding the same values.
    public func shouldFallBack(dictionaryBytes: Int, distinctCount: Int, valueCount: Int, plainBytes: Int) -> Bool {
        if dictionaryBytes > maxDictionaryBytes { return true }
        guard valueCount >= minimumValuesForRatio else { return false }
        let width = RLEHybridEncoder.bitWidth(forMaxValue: UInt32(clamping: max(distinctCount - 1, 0)))
        let indexBytes = (valueCount * width + 7) / 8
        return dictionaryBytes + indexBytes >= plainBytes
    }
}
