/// Shortening of byte-array statistics bounds while keeping them valid bounds.
public enum BoundTruncation {
    /// A prefix of `value` of at most `maxLength` bytes (a lower bound of `value`). With `utf8`, the cut
    /// backs off to a code point boundary.
    public static func lowerBound(_ value: [UInt8], maxLength: Int, utf8: Bool) -> [UInt8] {
        guard value.count > maxLength else { return value }
        var cut = Swift.max(maxLength, 0)
        if utf8 { while cut > 0 && isContinuation(value[cut]) { cut -= 1 } }
        return Array(value[..<cut])
    }

    /// The shortest-found value of at most `maxLength` bytes that is greater than or equal to every byte
    /// string ≤ `value`, or nil when none exists (a prefix of only 0xFF bytes, or only U+10FFFF).
    public static func upperBound(_ value: [UInt8], maxLength: Int, utf8: Bool) -> [UInt8]? {
        guard value.count > maxLength else { return value }
        return utf8 ? utf8UpperBound(value, maxLength: maxLength) : binaryUpperBound(value, maxLength: maxLength)
    }

    static func binaryUpperBound(_ value: [UInt8], maxLength: Int) -> [UInt8]? {
        var prefix = Array(value[..<Swift.max(maxLength, 0)])
        while let last = prefix.last {
            if last < 0xFF {
                prefix[prefix.count - 1] = last + 1
                return prefix
            }
            prefix.removeLast()
        }
        return nil
    }

    static func utf8UpperBound(_ value: [UInt8], maxLength: Int) -> [UInt8]? {
        var prefix = lowerBound(value, maxLength: maxLength, utf8: true)
        while !prefix.isEmpty {
            // The last code point of the prefix.
            var start = prefix.count - 1
            while start > 0 && isContinuation(prefix[start]) { start -= 1 }
            let scalar = decodeScalar(prefix[start...])
            prefix.removeSubrange(start...)
            guard let scalar else { return binaryUpperBound(value, maxLength: maxLength) }
            var next = scalar + 1
            if next >= 0xD800 && next <= 0xDFFF { next = 0xE000 }
            if next <= 0x10FFFF, let s = Unicode.Scalar(next) {
                let encoded = Array(String(Character(s)).utf8)
                if prefix.count + encoded.count <= maxLength {
                    return prefix + encoded
                }
            }
        }
        return nil
    }

    @inline(__always)
    static func isContinuation(_ byte: UInt8) -> Bool { byte & 0xC0 == 0x80 }

    /// The scalar value of one UTF-8 sequence, or nil when the bytes are not valid UTF-8.
    static func decodeScalar(_ bytes: ArraySlice<UInt8>) -> UInt32? {
        var decoder = UTF8()
        var iterator = bytes.makeIterator()
        switch decoder.decode(&iterator) {
        case .scalarValue(let s): return s.value
        default: return nil
        }
    }
}
