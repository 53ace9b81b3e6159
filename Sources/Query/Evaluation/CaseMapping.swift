/// LOWER and UPPER one code point at a time, as DuckDB (utf8proc) maps case: each character to a
/// single character, never expanding (`upper('ß')` is 'ẞ', not 'SS'; `lower('İ')` is 'i'), and with
/// no context (a final Σ lowers to σ).
enum CaseMapping {
    static func lowercase(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        map(text, into: &out, ascii: { $0 >= 0x41 && $0 <= 0x5A ? $0 | 0x20 : $0 }, scalar: lower)
    }

    static func uppercase(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8]) {
        map(text, into: &out, ascii: { $0 >= 0x61 && $0 <= 0x7A ? $0 & ~0x20 : $0 }, scalar: upper)
    }

    private static func map(_ text: UnsafeBufferPointer<UInt8>, into out: inout [UInt8],
                            ascii: (UInt8) -> UInt8, scalar: (Unicode.Scalar) -> Unicode.Scalar) {
        if !text.contains(where: { $0 >= 0x80 }) {
            for c in text { out.append(ascii(c)) }
            return
        }
        for s in String(decoding: text, as: UTF8.self).unicodeScalars {
            if s.isASCII {
                out.append(ascii(UInt8(s.value)))
            } else {
                out.append(contentsOf: String(scalar(s)).utf8)
            }
        }
    }

    /// The single-character lower-case mapping of `s` (itself when the full mapping expands).
    static func lower(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s == "\u{130}" { return "i" }
        let mapped = s.properties.lowercaseMapping.unicodeScalars
        return mapped.count == 1 ? mapped.first! : s
    }

    /// The single-character upper-case mapping of `s`: where the full mapping expands, the title-case
    /// mapping when that is one character (ᾀ → ᾈ), else `s` itself — except ß, which utf8proc maps to ẞ.
    static func upper(_ s: Unicode.Scalar) -> Unicode.Scalar {
        if s == "\u{DF}" { return "\u{1E9E}" }
        let mapped = s.properties.uppercaseMapping.unicodeScalars
        if mapped.count == 1 { return mapped.first! }
        let title = s.properties.titlecaseMapping.unicodeScalars
        return title.count == 1 ? title.first! : s
    }
}
