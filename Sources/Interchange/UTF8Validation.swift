/// Strict UTF-8 validation of raw field bytes (no overlong forms, no surrogates, nothing above
/// U+10FFFF), with an 8-bytes-at-a-time path for ASCII, which most CSV text is.
enum UTF8Validation {
    static func isValid(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        let count = bytes.count
        var i = 0
        while i < count {
            if i + 8 <= count {
                let word = UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self)
                if word & 0x8080_8080_8080_8080 == 0 { i += 8; continue }
            }
            let lead = base[i]
            if lead < 0x80 { i += 1; continue }
            if lead < 0xC2 || lead > 0xF4 { return false }
            let length = lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
            guard i + length <= count else { return false }
            let second = base[i + 1]
            // The second byte's range excludes overlong forms (E0, F0), surrogates (ED) and > U+10FFFF (F4).
            let secondRange: ClosedRange<UInt8> = switch lead {
            case 0xE0: 0xA0...0xBF
            case 0xED: 0x80...0x9F
            case 0xF0: 0x90...0xBF
            case 0xF4: 0x80...0x8F
            default: 0x80...0xBF
            }
            guard secondRange.contains(second) else { return false }
            for k in 2..<max(length, 2) where base[i + k] & 0xC0 != 0x80 { return false }
            i += length
        }
        return true
    }
}
