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
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civilDate(fromDays: days)
        func two(_ value: Int64) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(two(month))-\(two(day))T\(two(secondOfDay / 3600)):\(two(secondOfDay / 60 % 60)):\(two(secondOfDay % 60))Z"
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
              (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day) else { return nil }
        var seconds = days(year: year, month: month, day: day) * 86_400
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

    private static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
    private static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The inverse of `days(year:month:day:)` (civil_from_days).
    private static func civilDate(fromDays days: Int64) -> (Int64, Int64, Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let mp = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
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
