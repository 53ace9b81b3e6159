#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Numbers and booleans parsed straight from field bytes, without making a `String`.
///
/// Accepted spellings (the same for inference and for `--schema` overrides):
/// - integers: optional `-`, then ASCII digits (leading zeros allowed: `007` is 7). No `+`, no
///   spaces, no thousands separators — those stay text.
/// - floats: optional `-`, digits with an optional `.` and fraction (`1.`, `.5`), an optional
///   exponent (`1e-7`, `2E+10`), or `inf` / `infinity` / `nan` in any case. No leading `+`, no hex.
/// - booleans: `true` / `false` in any case (not `0`/`1`, which are integers).
enum CSVNumberParsing {
    private static let minus = UInt8(ascii: "-")
    private static let zero = UInt8(ascii: "0")

    /// Optional `-` then one or more digits.
    static func isIntegerSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < bytes.count && bytes[i] == minus { i += 1 }
        guard i < bytes.count else { return false }
        while i < bytes.count {
            guard bytes[i] &- zero < 10 else { return false }
            i += 1
        }
        return true
    }

    /// The integer, or `nil` if the syntax is wrong or the value does not fit `T`.
    /// Negative values accumulate downward so that `T.min` parses. Always inlined so every
    /// call site gets a specialized copy instead of going through generic metadata per digit.
    @inline(__always)
    static func parseInteger<T: FixedWidthInteger>(_ bytes: UnsafeBufferPointer<UInt8>, as: T.Type) -> T? {
        var i = 0
        var negative = false
        if i < bytes.count && bytes[i] == minus {
            guard T.isSigned else { return nil }
            negative = true
            i += 1
        }
        guard i < bytes.count else { return nil }
        var value: T = 0
        while i < bytes.count {
            let digit = bytes[i] &- zero
            guard digit < 10 else { return nil }
            let (shifted, overflowShift) = value.multipliedReportingOverflow(by: 10)
            let (next, overflowAdd) = negative
                ? shifted.subtractingReportingOverflow(T(digit))
                : shifted.addingReportingOverflow(T(digit))
            guard !overflowShift && !overflowAdd else { return nil }
            value = next
            i += 1
        }
        return value
    }

    /// Decimal float syntax (see the type comment). Checked by hand so that `strtod` never sees
    /// spellings it would accept but we do not (hex floats, leading spaces, `+`).
    static func isFloatSyntax(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        let n = bytes.count
        if i < n && bytes[i] == minus { i += 1 }
        guard i < n else { return false }
        if isSpecial(bytes, from: i) { return true }
        var mantissaDigits = 0
        while i < n && bytes[i] &- zero < 10 { i += 1; mantissaDigits += 1 }
        if i < n && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n && bytes[i] &- zero < 10 { i += 1; mantissaDigits += 1 }
        }
        guard mantissaDigits > 0 else { return false }
        if i < n && (bytes[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            if i < n && (bytes[i] == minus || bytes[i] == UInt8(ascii: "+")) { i += 1 }
            var exponentDigits = 0
            while i < n && bytes[i] &- zero < 10 { i += 1; exponentDigits += 1 }
            guard exponentDigits > 0 else { return false }
        }
        return i == n
    }

    /// `inf`, `infinity` or `nan`, any case, from `start` to the end.
    private static func isSpecial(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Bool {
        matchesIgnoringCase(bytes, from: start, "nan") || matchesIgnoringCase(bytes, from: start, "inf")
            || matchesIgnoringCase(bytes, from: start, "infinity")
    }

    /// Whether `bytes[start...]` is exactly the lowercase ASCII `word`, ignoring case.
    private static func matchesIgnoringCase(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, _ word: StaticString) -> Bool {
        guard bytes.count - start == word.utf8CodeUnitCount else { return false }
        let letters = word.utf8Start
        for k in 0..<word.utf8CodeUnitCount where bytes[start + k] | 0x20 != letters[k] { return false }
        return true
    }

    /// Correctly rounded double (via `strtod` on a NUL-terminated stack copy, so no heap
    /// allocation for ordinary fields). cairn never calls `setlocale`, so `strtod` runs in the
    /// "C" locale and `.` is the decimal point.
    static func parseDouble(_ bytes: UnsafeBufferPointer<UInt8>) -> Double? {
        guard isFloatSyntax(bytes) else { return nil }
        return withNulTerminatedCopy(bytes) { text, length in
            var parsedEnd: UnsafeMutablePointer<CChar>?
            let value = strtod(text, &parsedEnd)
            return parsedEnd == text + length ? value : nil
        }
    }

    /// Correctly rounded float (`strtof`, not a rounded double, which could round twice).
    static func parseFloat(_ bytes: UnsafeBufferPointer<UInt8>) -> Float? {
        guard isFloatSyntax(bytes) else { return nil }
        return withNulTerminatedCopy(bytes) { text, length in
            var parsedEnd: UnsafeMutablePointer<CChar>?
            let value = strtof(text, &parsedEnd)
            return parsedEnd == text + length ? value : nil
        }
    }

    private static func withNulTerminatedCopy<R>(_ bytes: UnsafeBufferPointer<UInt8>,
                                                  _ body: (UnsafeMutablePointer<CChar>, Int) -> R) -> R {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: bytes.count + 1) { scratch in
            let text = scratch.baseAddress!
            for k in 0..<bytes.count { text[k] = CChar(bitPattern: bytes[k]) }
            text[bytes.count] = 0
            return body(text, bytes.count)
        }
    }

    /// `true` / `false`, any case.
    static func parseBoolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        switch bytes.count {
        case 4:
            let match = bytes[0] | 0x20 == UInt8(ascii: "t") && bytes[1] | 0x20 == UInt8(ascii: "r")
                && bytes[2] | 0x20 == UInt8(ascii: "u") && bytes[3] | 0x20 == UInt8(ascii: "e")
            return match ? true : nil
        case 5:
            let match = bytes[0] | 0x20 == UInt8(ascii: "f") && bytes[1] | 0x20 == UInt8(ascii: "a")
                && bytes[2] | 0x20 == UInt8(ascii: "l") && bytes[3] | 0x20 == UInt8(ascii: "s")
                && bytes[4] | 0x20 == UInt8(ascii: "e")
            return match ? false : nil
        default: return nil
        }
    }
}
