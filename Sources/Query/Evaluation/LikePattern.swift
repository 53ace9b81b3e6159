/// A compiled LIKE pattern: `%` matches any run of characters, `_` exactly one character (a whole
/// UTF-8 sequence, so `'é' LIKE '_'`), the escape character makes the next one literal, and
/// everything else matches itself byte for byte (case-sensitive; ILIKE lower-cases both sides first).
struct LikePattern {
    enum Element: Equatable {
        case byte(UInt8)
        case anyCharacter
        case anyRun
    }

    let elements: [Element]

    /// Compiles `pattern`; a pattern ending in the escape character is an error, as in DuckDB.
    init(_ pattern: UnsafeBufferPointer<UInt8>, escape: Unicode.Scalar?) throws(SQLEvaluationError) {
        let escapeBytes = escape.map { Array(String($0).utf8) } ?? []
        var elements: [Element] = []
        var i = 0
        while i < pattern.count {
            if !escapeBytes.isEmpty && pattern.count - i >= escapeBytes.count
                && escapeBytes.indices.allSatisfy({ pattern[i + $0] == escapeBytes[$0] }) {
                i += escapeBytes.count
                guard i < pattern.count else {
                    throw SQLEvaluationError("a LIKE pattern must not end with the escape character")
                }
                let length = utf8Length(pattern[i])
                for k in i..<min(pattern.count, i + length) { elements.append(.byte(pattern[k])) }
                i += length
                continue
            }
            switch pattern[i] {
            case UInt8(ascii: "%"):
                if elements.last != .anyRun { elements.append(.anyRun) }
            case UInt8(ascii: "_"):
                elements.append(.anyCharacter)
            default:
                elements.append(.byte(pattern[i]))
            }
            i += 1
        }
        self.elements = elements
    }

    /// Whether `text` matches: greedy scan that backtracks only to the last `%` (linear in practice).
    func matches(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        var t = 0, p = 0
        var starPattern = -1, starText = 0
        let n = text.count, m = elements.count
        while t < n {
            if p < m {
                switch elements[p] {
                case .anyRun:
                    starPattern = p
                    starText = t
                    p += 1
                    continue
                case .anyCharacter:
                    t += utf8Length(text[t])
                    p += 1
                    continue
                case .byte(let b) where b == text[t]:
                    t += 1
                    p += 1
                    continue
                default:
                    break
                }
            }
            guard starPattern >= 0 else { return false }
            // Let the last % swallow one more character and retry from there.
            starText += utf8Length(text[starText])
            t = starText
            p = starPattern + 1
        }
        while p < m && elements[p] == .anyRun { p += 1 }
        return p == m && t == n
    }
}

/// Bytes in the UTF-8 sequence that `lead` starts (1 for a stray continuation byte).
@inline(__always) func utf8Length(_ lead: UInt8) -> Int {
    lead < 0xC0 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4
}
