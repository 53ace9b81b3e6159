import Foundation

/// A moment as a wall clock at a fixed UTC offset reads it: the calendar arithmetic behind commit dates,
/// done by hand. Foundation's date formatters set up ICU for milliseconds each, and a cold `log -n 10`
/// or `rev-parse main@{date}` should not pay for that.
public struct CivilTime: Hashable, Sendable {
    public var year: Int
    public var month: Int
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    /// 0 is Sunday.
    public var weekday: Int
    public var offsetMinutes: Int

    /// `date` (whole seconds, rounded down) on a clock `offsetMinutes` east of UTC.
    public init(_ date: Date, offsetMinutes: Int = 0) {
        let seconds = Int64(date.timeIntervalSince1970.rounded(.down)) + Int64(offsetMinutes) * 60
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = Int(seconds - days * 86_400)
        let (year, month, day) = Self.civilDate(fromDays: days)
        self.year = Int(year)
        self.month = Int(month)
        self.day = Int(day)
        hour = secondOfDay / 3600
        minute = secondOfDay / 60 % 60
        second = secondOfDay % 60
        weekday = Int(((days % 7) + 11) % 7)  // 1970-01-01 was a Thursday (4)
        self.offsetMinutes = offsetMinutes
    }

    /// ISO 8601: `2026-01-01T12:00:00Z`, or with the offset (`2026-01-01T13:00:00+01:00`).
    public var iso8601: String {
        "\(year)-\(Self.two(month))-\(Self.two(day))T\(Self.two(hour)):\(Self.two(minute)):\(Self.two(second))"
            + (offsetMinutes == 0 ? "Z" : offsetText(separator: ":"))
    }

    /// git's default style: `Sun Nov 22 10:43:29 2026 +0000`.
    public var gitStyle: String {
        let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        return "\(weekdays[weekday]) \(months[month - 1]) \(day) \(Self.two(hour)):\(Self.two(minute)):\(Self.two(second)) \(year) "
            + offsetText(separator: "")
    }

    private func offsetText(separator: String) -> String {
        let magnitude = abs(offsetMinutes)
        return (offsetMinutes < 0 ? "-" : "+") + Self.two(magnitude / 60) + separator + Self.two(magnitude % 60)
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }

    // MARK: Proleptic Gregorian arithmetic (Howard Hinnant's days_from_civil / civil_from_days)

    static func isLeap(_ year: Int64) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: return isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// Days since 1970-01-01 of a valid date.
    static func days(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func civilDate(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
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
}
