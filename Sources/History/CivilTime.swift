import Columnar
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
        let (year, month, day) = CivilDate.date(fromDays: days)
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
}
