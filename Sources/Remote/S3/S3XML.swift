/// An element of an S3 XML document (responses are small and shallow: a tree is simplest to read).
/// Parsed here rather than with FoundationXML, which links libxml2 and ICU into every cairn process and
/// costs each command's start-up, remote or not.
struct S3XMLElement {
    var name: String
    var text: String = ""
    var children: [S3XMLElement] = []

    func child(_ name: String) -> S3XMLElement? { children.first { $0.name == name } }
    func children(_ name: String) -> [S3XMLElement] { children.filter { $0.name == name } }
    /// The text of the first child named `name`.
    func value(_ name: String) -> String? { child(name)?.text }

    /// The root element of `bytes`, nil when they are not well-formed XML (a proxy's HTML page, a cut
    /// body): callers report that instead of trapping.
    static func parse(_ bytes: [UInt8]) -> S3XMLElement? {
        var reader = XMLReader(bytes: bytes)
        return reader.document()
    }

    /// `&`, `<`, `>`, quotes escaped, for text written into a request body.
    static func escape(_ text: String) -> String {
        var escaped = ""
        for character in text {
            switch character {
            case "&": escaped += "&amp;"
            case "<": escaped += "&lt;"
            case ">": escaped += "&gt;"
            case "\"": escaped += "&quot;"
            case "'": escaped += "&apos;"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}

/// A reader of the XML S3 speaks: a declaration, comments, elements with attributes (ignored), text with
/// the predefined and numeric entities, CDATA. Anything else, or a document that does not close, is nil.
private struct XMLReader {
    let bytes: [UInt8]
    var at = 0

    init(bytes: [UInt8]) { self.bytes = bytes }

    mutating func document() -> S3XMLElement? {
        skipMisc()
        guard let root = element() else { return nil }
        skipMisc()
        return at == bytes.count ? root : nil
    }

    private func starts(_ text: String) -> Bool {
        let utf8 = Array(text.utf8)
        return at + utf8.count <= bytes.count && Array(bytes[at..<at + utf8.count]) == utf8
    }

    private mutating func skip(past text: String) -> Bool {
        let utf8 = Array(text.utf8)
        while at + utf8.count <= bytes.count {
            if Array(bytes[at..<at + utf8.count]) == utf8 { at += utf8.count; return true }
            at += 1
        }
        at = bytes.count
        return false
    }

    /// Whitespace, the declaration and comments between elements.
    private mutating func skipMisc() {
        while at < bytes.count {
            if bytes[at] == 0x20 || bytes[at] == 0x0A || bytes[at] == 0x0D || bytes[at] == 0x09 { at += 1 }
            else if starts("<?") { _ = skip(past: "?>") }
            else if starts("<!--") { _ = skip(past: "-->") }
            else { return }
        }
    }

    private mutating func element() -> S3XMLElement? {
        guard at < bytes.count, bytes[at] == UInt8(ascii: "<") else { return nil }
        at += 1
        let nameStart = at
        while at < bytes.count, !Self.endsName(bytes[at]) { at += 1 }
        guard at > nameStart else { return nil }
        var node = S3XMLElement(name: String(decoding: bytes[nameStart..<at], as: UTF8.self))
        // Attributes are skipped (quoted values may hold '>').
        var quote: UInt8?
        while at < bytes.count {
            let byte = bytes[at]
            if let q = quote { if byte == q { quote = nil } }
            else if byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "'") { quote = byte }
            else if byte == UInt8(ascii: ">") { break }
            at += 1
        }
        guard at < bytes.count else { return nil }
        if bytes[at - 1] == UInt8(ascii: "/") { at += 1; return node }  // <Tag/>
        at += 1
        var text: [UInt8] = []
        while at < bytes.count {
            if starts("</") {
                at += 2
                let closeStart = at
                while at < bytes.count, bytes[at] != UInt8(ascii: ">") { at += 1 }
                guard at < bytes.count, String(decoding: bytes[closeStart..<at], as: UTF8.self).trimmingSpaces == node.name else { return nil }
                at += 1
                guard let decoded = Self.decodeEntities(text) else { return nil }
                node.text = decoded
                return node
            } else if starts("<!--") {
                guard skip(past: "-->") else { return nil }
            } else if starts("<![CDATA[") {
                at += 9
                let start = at
                guard skip(past: "]]>") else { return nil }
                text += bytes[start..<at - 3].map { $0 == UInt8(ascii: "&") ? 0x01 : $0 }  // not an entity
            } else if bytes[at] == UInt8(ascii: "<") {
                guard let child = element() else { return nil }
                node.children.append(child)
            } else {
                text.append(bytes[at])
                at += 1
            }
        }
        return nil
    }

    private static func endsName(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 || byte == UInt8(ascii: ">") || byte == UInt8(ascii: "/")
    }

    /// Text with `&amp;`-style and `&#…;` entities replaced (0x01 marks a literal `&` from CDATA).
    private static func decodeEntities(_ raw: [UInt8]) -> String? {
        var out = ""
        var i = 0
        while i < raw.count {
            if raw[i] == 0x01 { out.append("&"); i += 1; continue }
            guard raw[i] == UInt8(ascii: "&") else {
                var end = i
                while end < raw.count, raw[end] != UInt8(ascii: "&"), raw[end] != 0x01 { end += 1 }
                out += String(decoding: raw[i..<end], as: UTF8.self)
                i = end
                continue
            }
            guard let semicolon = raw[i...].firstIndex(of: UInt8(ascii: ";")) else { return nil }
            let name = String(decoding: raw[(i + 1)..<semicolon], as: UTF8.self)
            switch name {
            case "amp": out.append("&")
            case "lt": out.append("<")
            case "gt": out.append(">")
            case "quot": out.append("\"")
            case "apos": out.append("'")
            default:
                guard name.hasPrefix("#") else { return nil }
                let digits = name.dropFirst()
                let value = digits.hasPrefix("x") ? UInt32(digits.dropFirst(), radix: 16) : UInt32(digits)
                guard let value, let scalar = Unicode.Scalar(value) else { return nil }
                out.unicodeScalars.append(scalar)
            }
            i = semicolon + 1
        }
        return out
    }
}


/// The `Code` and `Message` of an S3 error body, for messages and retry decisions.
struct S3ErrorDetails {
    var code: String
    var message: String

    init?(_ response: HTTPResponse) {
        guard let root = S3XMLElement.parse(response.body), root.name == "Error" else { return nil }
        code = root.value("Code") ?? ""
        message = root.value("Message") ?? ""
    }

    var description: String { message.isEmpty ? code : "\(code): \(message)" }
}
