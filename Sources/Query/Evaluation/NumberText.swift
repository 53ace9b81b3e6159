import Columnar

/// Numbers as text and back, the way DuckDB casts them.
///
/// - Floats print as the shortest digits that read back exactly, fixed-point between 1e-4 and 1e16
///   (`100.0`, `0.0001`, `9500000000000000.0`) and in exponent form outside (`1e-05`, `1e+16`), like
///   Python's `repr`; `inf`, `-inf`, and `nan` or `-nan` by the sign bit (x86's 0/0 is `-nan`).
///   FLOATs take DuckDB's digits (`Float32Digits`), which are not always the shortest.
/// - Text to integer: spaces around are ignored; `_` may separate digits; a fraction or exponent is
///   allowed and rounds half away from zero (`'12.5'` → 13); `0x…` and `0b…` are hexadecimal and
///   binary. Text to float: the same without hexadecimal, plus `inf`, `infinity`, `nan`.
/// - Text to boolean: `true t yes y 1` / `false f no n 0`, any case, nothing around them.
enum NumberText {
    // MARK: - Formatting

    static func format(_ value: Double) -> String {
        if value.isNaN { return value.sign == .minus ? "-nan" : "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        return reformat(value.description)
    }

    /// A FLOAT as DuckDB prints it: see `Float32Digits` for the digits it picks.
    static func format(_ value: Float) -> String {
        if value.isNaN { return value.sign == .minus ? "-nan" : "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }
        guard let (digits, exponent) = Float32Digits.shortest(Swift.abs(value)) else { return format(Double(value)) }
        var text = Array(String(digits))
        var lowest = exponent
        while text.count > 1 && text.last == "0" {
            text.removeLast()
            lowest += 1
        }
        return layout(negative: value < 0, digits: text, decimalExponent: lowest + text.count - 1)
    }

    /// Re-lays Swift's shortest round-trip digits (`9.5e+15`, `0.0001`) in DuckDB's layout.
    private static func reformat(_ swift: String) -> String {
        var text = Substring(swift)
        let negative = text.hasPrefix("-")
        if negative { text = text.dropFirst() }
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            exponent = Int(text[text.index(after: e)...]) ?? 0
            text = text[..<e]
        }
        var digits: [Character]
        var pointPosition: Int
        if let dot = text.firstIndex(of: ".") {
            digits = Array(text[..<dot]) + Array(text[text.index(after: dot)...])
            pointPosition = text.distance(from: text.startIndex, to: dot)
        } else {
            digits = Array(text)
            pointPosition = digits.count
        }
        // Normalise to digits d1 d2 … with the value 0.d1d2… × 10^(pointPosition + exponent).
        while digits.count > 1 && digits.first == "0" {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.count > 1 && digits.last == "0" { digits.removeLast() }
        if digits == ["0"] { return (negative ? "-" : "") + "0.0" }
        return layout(negative: negative, digits: digits, decimalExponent: pointPosition + exponent - 1)
    }

    /// Python-`repr` layout of the value d1.d2d3… × 10^decimalExponent: fixed-point from 1e-4 up to
    /// 1e16 (with `.0` when whole), exponent form with a sign and at least two digits outside.
    private static func layout(negative: Bool, digits: [Character], decimalExponent: Int) -> String {
        let sign = negative ? "-" : ""
        if decimalExponent < -4 || decimalExponent >= 16 {
            let mantissa = digits.count == 1 ? String(digits[0]) : String(digits[0]) + "." + String(digits[1...])
            let magnitude = abs(decimalExponent)
            return sign + mantissa + "e" + (decimalExponent < 0 ? "-" : "+") + (magnitude < 10 ? "0" : "") + String(magnitude)
        }
        if decimalExponent < 0 {
            return sign + "0." + String(repeating: "0", count: -decimalExponent - 1) + String(digits)
        }
        let integerDigits = decimalExponent + 1
        if digits.count <= integerDigits {
            return sign + String(digits) + String(repeating: "0", count: integerDigits - digits.count) + ".0"
        }
        return sign + String(digits[..<integerDigits]) + "." + String(digits[integerDigits...])
    }

    /// Appends the decimal digits of `value` to `out` without building a String.
    static func appendDecimal<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        if value == 0 {
            out.append(UInt8(ascii: "0"))
            return
        }
        var magnitude = value.magnitude
        if value < 0 { out.append(UInt8(ascii: "-")) }
        let start = out.count
        while magnitude > 0 {
            let (q, r) = magnitude.quotientAndRemainder(dividingBy: 10)
            out.append(UInt8(ascii: "0") + UInt8(r))
            magnitude = q
        }
        out[start...].reverse()
    }

    // MARK: - Parsing

    private static let space = UInt8(ascii: " ")

    private static func trimmed(_ bytes: UnsafeBufferPointer<UInt8>) -> Slice<UnsafeBufferPointer<UInt8>> {
        var lo = 0, hi = bytes.count
        while lo < hi && bytes[lo] == space { lo += 1 }
        while hi > lo && bytes[hi - 1] == space { hi -= 1 }
        return bytes[lo..<hi]
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 0x30 && c <= 0x39 }

    /// Digits with single underscores between them; nil on a misplaced underscore.
    private static func digitRun(_ text: Slice<UnsafeBufferPointer<UInt8>>, from start: Int) -> (digits: [UInt8], end: Int)? {
        var digits: [UInt8] = []
        var i = start
        while i < text.endIndex {
            let c = text[i]
            if isDigit(c) {
                digits.append(c)
            } else if c == UInt8(ascii: "_") {
                guard !digits.isEmpty, i + 1 < text.endIndex, isDigit(text[i + 1]), isDigit(text[i - 1]) else { return nil }
            } else {
                break
            }
            i += 1
        }
        return (digits, i)
    }

    /// The decimal number in `text`: sign, integer and fraction digits and exponent; nil when malformed.
    private static func decimalParts(_ text: Slice<UnsafeBufferPointer<UInt8>>)
        -> (negative: Bool, integer: [UInt8], fraction: [UInt8], exponent: Int)? {
        var i = text.startIndex
        var negative = false
        if i < text.endIndex && (text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-")) {
            negative = text[i] == UInt8(ascii: "-")
            i += 1
        }
        guard let (integer, afterInteger) = digitRun(text, from: i) else { return nil }
        i = afterInteger
        var fraction: [UInt8] = []
        if i < text.endIndex && text[i] == UInt8(ascii: ".") {
            guard let (f, afterFraction) = digitRun(text, from: i + 1) else { return nil }
            fraction = f
            i = afterFraction
        }
        guard !integer.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = 0
        if i < text.endIndex && (text[i] | 0x20) == UInt8(ascii: "e") {
            i += 1
            var exponentNegative = false
            if i < text.endIndex && (text[i] == UInt8(ascii: "+") || text[i] == UInt8(ascii: "-")) {
                exponentNegative = text[i] == UInt8(ascii: "-")
                i += 1
            }
            guard i < text.endIndex, isDigit(text[i]) else { return nil }
            while i < text.endIndex && isDigit(text[i]) {
                exponent = min(exponent * 10 + Int(text[i] - 0x30), 1_000_000)
                i += 1
            }
            if exponentNegative { exponent = -exponent }
        }
        guard i == text.endIndex else { return nil }
        return (negative, integer, fraction, exponent)
    }

    /// The integer `bytes` spell, as DuckDB's VARCHAR → integer cast reads it; nil when it does not
    /// spell one or the value does not fit `T`.
    static func parseInteger<T: FixedWidthInteger>(_ bytes: UnsafeBufferPointer<UInt8>, as _: T.Type) -> T? {
        let text = trimmed(bytes)
        guard !text.isEmpty else { return nil }
        if text.count > 2 && text[text.startIndex] == UInt8(ascii: "0") {
            let marker = text[text.startIndex + 1] | 0x20
            if marker == UInt8(ascii: "x") || marker == UInt8(ascii: "b") {
                return parseRadix(text[(text.startIndex + 2)...], radix: marker == UInt8(ascii: "x") ? 16 : 2)
            }
        }
        guard let (negative, integer, fraction, exponent) = decimalParts(text) else { return nil }
        // Shift the decimal point by the exponent, then round on the first dropped digit.
        var whole: [UInt8]
        var dropped: [UInt8]
        if exponent >= 0 {
            if exponent > 40 && (integer + fraction).contains(where: { $0 != UInt8(ascii: "0") }) { return nil }
            let moved = min(exponent, fraction.count)
            whole = integer + fraction[..<moved] + [UInt8](repeating: UInt8(ascii: "0"), count: min(exponent, 40) - moved)
            dropped = Array(fraction[moved...])
        } else {
            let shift = min(-exponent, integer.count)
            whole = Array(integer[..<(integer.count - shift)])
            dropped = [UInt8](repeating: UInt8(ascii: "0"), count: max(0, -exponent - integer.count)) + integer[(integer.count - shift)...] + fraction
        }
        if negative && !T.isSigned && (integer + fraction).contains(where: { $0 != UInt8(ascii: "0") }) { return nil }
        var magnitude: T.Magnitude = 0
        for d in whole {
            let (m, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (s, o2) = m.addingReportingOverflow(T.Magnitude(d - 0x30))
            if o1 || o2 { return nil }
            magnitude = s
        }
        if let first = dropped.first, first >= UInt8(ascii: "5") {
            let (s, o) = magnitude.addingReportingOverflow(1)
            if o { return nil }
            magnitude = s
        }
        if negative {
            if magnitude == T.min.magnitude && T.isSigned { return T.min }
            guard let positive = T(exactly: magnitude) else { return nil }
            return 0 - positive
        }
        return T(exactly: magnitude)
    }

    private static func parseRadix<T: FixedWidthInteger>(_ digits: Slice<UnsafeBufferPointer<UInt8>>, radix: Int) -> T? {
        guard !digits.isEmpty else { return nil }
        var value: T = 0
        for c in digits {
            let d: Int
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = Int(c - 0x30)
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = Int(c - 0x61 + 10)
            case UInt8(ascii: "A")...UInt8(ascii: "F"): d = Int(c - 0x41 + 10)
            default: return nil
            }
            guard d < radix else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: T(radix))
            let (s, o2) = m.addingReportingOverflow(T(d))
            if o1 || o2 { return nil }
            value = s
        }
        return value
    }

    /// The float `bytes` spell (correctly rounded; beyond the range it is ±inf, as in DuckDB).
    static func parseFloat<T: BinaryFloatingPoint & LosslessStringConvertible>(_ bytes: UnsafeBufferPointer<UInt8>, as _: T.Type) -> T? {
        let text = trimmed(bytes)
        guard !text.isEmpty else { return nil }
        var body = text
        var negative = false
        if body[body.startIndex] == UInt8(ascii: "+") || body[body.startIndex] == UInt8(ascii: "-") {
            negative = body[body.startIndex] == UInt8(ascii: "-")
            body = body.dropFirst()
        }
        let word = String(decoding: body, as: UTF8.self).lowercased()
        if word == "inf" || word == "infinity" { return negative ? -T.infinity : T.infinity }
        if word == "nan" { return T.nan }
        guard let (_, integer, fraction, _) = decimalParts(text) else { return nil }
        _ = (integer, fraction)
        // The syntax is checked; drop the underscores and let the standard library round.
        let plain = String(decoding: text.filter { $0 != UInt8(ascii: "_") }, as: UTF8.self)
        return T(plain)
    }

    /// A decimal literal (`2.675`, no exponent) rounded to `digits` places half away from zero on its
    /// decimal digits, as DuckDB rounds a DECIMAL constant (2.68, where the double 2.675 gives 2.67).
    static func roundDecimal(_ literal: String, digits: Int64) -> Double? {
        let parts: (negative: Bool, integer: [UInt8], fraction: [UInt8], exponent: Int)? = Array(literal.utf8).withUnsafeBufferPointer {
            decimalParts($0[...])
        }
        guard let (negative, integer, fraction, exponent) = parts, exponent == 0 else { return nil }
        let all = integer + fraction
        // The digits before `kept` are value × 10^digits; the one at `kept` decides the rounding.
        let kept = Int64(integer.count) + max(min(digits, 1_000), -1_000)
        if kept >= Int64(all.count) { return Double(literal) }
        if kept < 0 { return 0 }
        var magnitude = Array(all[..<Int(kept)])
        if all[Int(kept)] >= UInt8(ascii: "5") {
            var i = magnitude.count - 1
            while i >= 0 && magnitude[i] == UInt8(ascii: "9") {
                magnitude[i] = UInt8(ascii: "0")
                i -= 1
            }
            if i >= 0 { magnitude[i] += 1 } else { magnitude.insert(UInt8(ascii: "1"), at: 0) }
        }
        if magnitude.isEmpty { return 0 }
        let value = Double(String(decoding: magnitude, as: UTF8.self) + "e" + String(-digits)) ?? .nan
        return negative && value != 0 ? -value : value // a DECIMAL has no -0
    }

    static func parseBoolean(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool? {
        guard bytes.count <= 5 else { return nil }
        switch String(decoding: bytes, as: UTF8.self).lowercased() {
        case "true", "t", "yes", "y", "1": return true
        case "false", "f", "no", "n", "0": return false
        default: return nil
        }
    }

    /// A numeric `Value` as a Double (for constant arguments such as a quantile's fraction).
    static func double(of value: Value) -> Double? {
        switch value {
        case .int(let v): return Double(v)
        case .uint(let v): return Double(v)
        case .double(let v): return v
        default: return nil
        }
    }
}
