import Columnar
import Foundation

/// The date inside `REF@{date}`: a point in time to compare committer dates against.
///
/// Accepted forms (a date without an offset is UTC, so the same revision names the same commit on
/// every machine — the history travels, the local time zone does not):
/// - `2026-01-01` (midnight at the start of that day), `2026-01-01 12:00`, `2026-01-01 12:00:30`,
///   `2026-01-01T12:00:00`, each optionally followed by `Z`, `+02:00`, `-0500` (with or without a space);
/// - `@1767225600` (unix seconds);
/// - `now`, and relative dates `3.days.ago`, `2 weeks ago` (second, minute, hour, day, week; a month is
///   30 days, a year 365).
///
/// Parsed by hand: Foundation's date formatters cost milliseconds to set up, and `rev-parse` should not.
public enum RevisionDate {
    /// The time `text` names, or nil when it is not one of the forms above.
    public static func parse(_ text: String, now: Date = Date()) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.lowercased() == "now" { return now }
        if trimmed.hasPrefix("@"), let seconds = Int64(trimmed.dropFirst()) {
            return Date(timeIntervalSince1970: TimeInterval(seconds))
        }
        if let ago = relativeSeconds(trimmed.lowercased()) { return now.addingTimeInterval(-ago) }
        return absolute(Array(trimmed.utf8))
    }

    /// The canonical spelling of a date in messages: `2026-01-01T00:00:00Z`.
    public static func format(_ date: Date) -> String {
        CivilTime(date).iso8601
    }

    // MARK: Absolute dates

    private static func absolute(_ bytes: [UInt8]) -> Date? {
        var cursor = 0
        func number(_ digits: Int) -> Int64? {
            guard cursor + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[cursor..<cursor + digits] {
                guard byte >= UInt8(ascii: "0"), byte <= UInt8(ascii: "9") else { return nil }
                value = value * 10 + Int64(byte - UInt8(ascii: "0"))
            }
            cursor += digits
            return value
        }
        func skip(_ character: Character) -> Bool {
            guard cursor < bytes.count, bytes[cursor] == character.asciiValue! else { return false }
            cursor += 1
            return true
        }
        guard let year = number(4), skip("-"), let month = number(2), skip("-"), let day = number(2),
              (1...12).contains(month), (1...CivilDate.daysIn(month: month, year: year)).contains(day) else { return nil }
        var seconds = CivilDate.days(year: year, month: month, day: day) * 86_400
        if cursor < bytes.count {
            guard skip("T") || skip(" ") || skip("t"),
                  let hour = number(2), skip(":"), let minute = number(2), hour < 24, minute < 60 else { return nil }
            var second: Int64 = 0
            if skip(":") {
                guard let value = number(2), value < 60 else { return nil }
                second = value
                if skip(".") {  // fractions of a second: commit dates are whole seconds
                    while cursor < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[cursor]) { cursor += 1 }
                }
            }
            seconds += hour * 3600 + minute * 60 + second
            _ = skip(" ")
            if skip("Z") || skip("z") {
            } else if cursor < bytes.count {
                guard let sign = bytes[cursor] == UInt8(ascii: "+") ? Int64(1) : bytes[cursor] == UInt8(ascii: "-") ? -1 : nil
                else { return nil }
                cursor += 1
                guard let hours = number(2) else { return nil }
                _ = skip(":")
                guard let minutes = number(2), hours < 24, minutes < 60 else { return nil }
                seconds -= sign * (hours * 3600 + minutes * 60)
            }
        }
        guard cursor == bytes.count else { return nil }
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    // MARK: Relative dates

    /// Seconds before now for `N.unit.ago` / `N unit ago` (git's approxidate spelling), else nil.
    private static func relativeSeconds(_ text: String) -> TimeInterval? {
        let words = text.split(whereSeparator: { $0 == "." || $0 == " " })
        guard words.count == 3, words[2] == "ago", let count = Int(words[0]), count >= 0 else { return nil }
        var unit = words[1]
        if unit.hasSuffix("s") { unit = unit.dropLast() }
        let seconds: Int
        switch unit {
        case "second", "sec": seconds = 1
        case "minute", "min": seconds = 60
        case "hour": seconds = 3600
        case "day": seconds = 86_400
        case "week": seconds = 7 * 86_400
        case "month": seconds = 30 * 86_400
        case "year": seconds = 365 * 86_400
        default: return nil
        }
        return TimeInterval(count) * TimeInterval(seconds)
    }
}
