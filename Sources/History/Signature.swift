import CGit2
import Foundation

/// Who did something and when: the author or committer of a commit, the tagger of a tag, the
/// mover of a ref in a reflog.
public struct Signature: Hashable, Sendable, Codable {
    public var name: String
    public var email: String
    public var date: Date
    /// The signer's offset from UTC in minutes (east positive), as git records it.
    public var timeZoneOffsetMinutes: Int

    public init(name: String, email: String, date: Date = Date(), timeZoneOffsetMinutes: Int? = nil) {
        self.name = name
        self.email = email
        self.date = date
        self.timeZoneOffsetMinutes = timeZoneOffsetMinutes
            ?? TimeZone.current.secondsFromGMT(for: date) / 60
    }

    /// The identity used when nothing else is configured.
    public static let fallbackName = "cairn"
    public static let fallbackEmail = "cairn@localhost"

    /// The signature for a new commit, chosen like git does:
    /// 1. `CAIRN_AUTHOR_NAME` / `CAIRN_AUTHOR_EMAIL`;
    /// 2. `user.name` / `user.email` from the global, XDG or system git config;
    /// 3. "cairn" <cairn@localhost>.
    /// The date is now, unless `CAIRN_AUTHOR_DATE` (or `GIT_AUTHOR_DATE`) gives one — for
    /// reproducible commit ids in tests. Accepted dates: git's `<unix seconds> <+hhmm>`,
    /// `@<unix seconds>`, and ISO 8601 (`2026-01-01T12:00:00Z`, `2026-01-01T12:00:00+02:00`).
    public static func resolve(
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Signature {
        let configured = defaultConfigIdentity()
        let name = nonEmpty(environment["CAIRN_AUTHOR_NAME"]) ?? configured.name ?? fallbackName
        let email = nonEmpty(environment["CAIRN_AUTHOR_EMAIL"]) ?? configured.email ?? fallbackEmail
        let dateText = nonEmpty(environment["CAIRN_AUTHOR_DATE"]) ?? nonEmpty(environment["GIT_AUTHOR_DATE"])
        if let dateText, let parsed = parseDate(dateText) {
            return Signature(name: name, email: email, date: parsed.date, timeZoneOffsetMinutes: parsed.offsetMinutes)
        }
        return Signature(name: name, email: email)
    }

    /// Parses the date formats `resolve` accepts; nil for anything else.
    public static func parseDate(_ text: String) -> (date: Date, offsetMinutes: Int)? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(separator: " ")
        // git's internal format: "1767225600 +0100", or "@1767225600".
        if let first = parts.first {
            let secondsText = first.hasPrefix("@") ? first.dropFirst() : first
            if let seconds = Int64(secondsText), parts.count <= 2 {
                var offset = 0
                if parts.count == 2 {
                    guard let parsedOffset = parseOffset(String(parts[1])) else { return nil }
                    offset = parsedOffset
                }
                return (Date(timeIntervalSince1970: TimeInterval(seconds)), offset)
            }
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        guard let date = formatter.date(from: trimmed) else { return nil }
        return (date, isoOffsetMinutes(trimmed))
    }

    private static func parseOffset(_ text: String) -> Int? {
        guard text.count == 5, let sign = text.first, sign == "+" || sign == "-",
              let hours = Int(text.dropFirst().prefix(2)), let minutes = Int(text.suffix(2)) else { return nil }
        return (sign == "-" ? -1 : 1) * (hours * 60 + minutes)
    }

    /// The offset written at the end of an ISO 8601 time: "Z" or "±hh:mm".
    private static func isoOffsetMinutes(_ text: String) -> Int {
        if text.hasSuffix("Z") || text.hasSuffix("z") { return 0 }
        let suffix = text.suffix(6)
        guard suffix.count == 6 else { return 0 }
        return parseOffset(suffix.replacingOccurrences(of: ":", with: "")) ?? 0
    }

    private static func nonEmpty(_ value: String?) -> String? {
        guard let value, !value.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return value
    }

    /// user.name and user.email from the default (global, XDG, system) git configuration.
    private static func defaultConfigIdentity() -> (name: String?, email: String?) {
        var config: OpaquePointer?
        guard libgit2.config_open_default(&config) == 0, let config else { return (nil, nil) }
        defer { libgit2.config_free(config) }
        return (configString(config, "user.name"), configString(config, "user.email"))
    }

    private static func configString(_ config: OpaquePointer, _ key: String) -> String? {
        var buffer = git_buf()
        defer { libgit2.buf_dispose(&buffer) }
        guard libgit2.config_get_string_buf(&buffer, config, key) == 0, let pointer = buffer.ptr else { return nil }
        return nonEmpty(String(cString: pointer))
    }
}

// MARK: - Conversion to and from libgit2

extension Signature {
    /// A libgit2 signature for this value; the caller frees it with `git_signature_free`.
    func makeGitSignature() throws -> UnsafeMutablePointer<git_signature> {
        var signature: UnsafeMutablePointer<git_signature>?
        let seconds = git_time_t(date.timeIntervalSince1970.rounded(.down))
        try gitCheck(libgit2.signature_new(&signature, name, email, seconds, Int32(timeZoneOffsetMinutes)),
                     "make signature for '\(name) <\(email)>'")
        return signature!
    }

    init(_ signature: UnsafePointer<git_signature>) {
        let value = signature.pointee
        self.init(
            name: value.name.map { String(cString: $0) } ?? "",
            email: value.email.map { String(cString: $0) } ?? "",
            date: Date(timeIntervalSince1970: TimeInterval(value.when.time)),
            timeZoneOffsetMinutes: Int(value.when.offset))
    }
}
