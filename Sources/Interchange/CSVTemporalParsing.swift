import Columnar

/// Dates and timestamps parsed straight from field bytes (ISO 8601 subset).
///
/// - date: `YYYY-MM-DD` exactly (four-digit year 0000–9999, real calendar days, leap years).
/// - timestamp: `YYYY-MM-DD` then `T` or a space, `HH:MM:SS`, an optional `.` with 1–9 fraction
///   digits, then optionally `Z` or `±HH:MM`. A value with an offset is converted to UTC.
///   No leap seconds (`:60`), no `HH:MM` without seconds, no lowercase `t`/`z`.
enum CSVTemporalParsing {
    struct Timestamp: Equatable {
        /// Seconds since 1970-01-01T00:00:00, in UTC when `hasOffset`.
        var epochSeconds: Int64
        /// The fraction, in nanoseconds.
        var nanoseconds: Int64
        var fractionDigits: Int
        var hasOffset: Bool

        /// Ticks of `unit`, or `nil` when the value does not fit Int64 or has finer precision than
        /// `unit` holds (dropping digits would change the value).
        func ticks(_ unit: DataType.TimeUnit) -> Int64? {
            let (perSecond, nanosPerTick): (Int64, Int64) = switch unit {
            case .milliseconds: (1_000, 1_000_000)
            case .microseconds: (1_000_000, 1_000)
            case .nanoseconds: (1_000_000_000, 1)
            }
            guard nanoseconds % nanosPerTick == 0 else { return nil }
            let (whole, overflow) = epochSeconds.multipliedReportingOverflow(by: perSecond)
            guard !overflow else { return nil }
            let (total, overflowAdd) = whole.addingReportingOverflow(nanoseconds / nanosPerTick)
            return overflowAdd ? nil : total
        }
    }

    /// Days since 1970-01-01 for `YYYY-MM-DD`.
    static func parseDate(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        guard bytes.count == 10 else { return nil }
        return parseDatePart(bytes).map { Int32($0) }
    }

    static func parseTimestamp(_ bytes: UnsafeBufferPointer<UInt8>) -> Timestamp? {
        let n = bytes.count
        guard n >= 19, let days = parseDatePart(bytes),
              bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: " "),
              bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
              let hour = digits(bytes, 11, 2), hour < 24,
              let minute = digits(bytes, 14, 2), minute < 60,
              let second = digits(bytes, 17, 2), second < 60
        else { return nil }
        var i = 19
        var nanoseconds: Int64 = 0
        var fractionDigits = 0
        if i < n && bytes[i] == UInt8(ascii: ".") {
            i += 1
            while i < n, bytes[i] &- UInt8(ascii: "0") < 10 {
                guard fractionDigits < 9 else { return nil }
                nanoseconds = nanoseconds * 10 + Int64(bytes[i] &- UInt8(ascii: "0"))
                fractionDigits += 1
                i += 1
            }
            guard fractionDigits > 0 else { return nil }
            for _ in fractionDigits..<9 { nanoseconds *= 10 }
        }
        var seconds = days * 86_400 + Int64(hour * 3_600 + minute * 60 + second)
        var hasOffset = false
        if i < n {
            if bytes[i] == UInt8(ascii: "Z") && i + 1 == n {
                hasOffset = true
            } else if (bytes[i] == UInt8(ascii: "+") || bytes[i] == UInt8(ascii: "-")) && i + 6 == n,
                      bytes[i + 3] == UInt8(ascii: ":"),
                      let offsetHours = digits(bytes, i + 1, 2), offsetHours < 24,
                      let offsetMinutes = digits(bytes, i + 4, 2), offsetMinutes < 60 {
                let offset = Int64(offsetHours * 3_600 + offsetMinutes * 60)
                // Local time = UTC + offset, so UTC = local − offset.
                seconds += bytes[i] == UInt8(ascii: "+") ? -offset : offset
                hasOffset = true
            } else {
                return nil
            }
        }
        return Timestamp(epochSeconds: seconds, nanoseconds: nanoseconds, fractionDigits: fractionDigits, hasOffset: hasOffset)
    }

    /// Days since the epoch for the `YYYY-MM-DD` in the first ten bytes.
    private static func parseDatePart(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64? {
        guard bytes.count >= 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
              let year = digits(bytes, 0, 4), let month = digits(bytes, 5, 2), let day = digits(bytes, 8, 2),
              (1...12).contains(month), day >= 1, Int64(day) <= CivilDate.daysIn(month: Int64(month), year: Int64(year))
        else { return nil }
        return CivilDate.days(year: Int64(year), month: Int64(month), day: Int64(day))
    }

    private static func digits(_ bytes: UnsafeBufferPointer<UInt8>, _ offset: Int, _ count: Int) -> Int? {
        var value = 0
        for k in offset..<(offset + count) {
            let digit = bytes[k] &- UInt8(ascii: "0")
            guard digit < 10 else { return nil }
            value = value * 10 + Int(digit)
        }
        return value
    }
}
