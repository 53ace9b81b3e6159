import Foundation
import Testing
@testable import History

/// CivilTime replaces Foundation's formatters on the hot path; Foundation is the oracle here.
@Suite struct CivilTimeTests {
    @Test func matchesFoundationsFormatters() {
        var generator = SystemRandomNumberGenerator()
        let offsets = [0, 60, -300, 330, 345, -570, 840, -720]
        var samples: [TimeInterval] = [0, -1, 86_399, 86_400, 951_782_400, 1_709_164_800, 1_767_225_599, 4_102_444_800, -2_208_988_800]
        for _ in 0..<500 { samples.append(TimeInterval(Int64.random(in: -3_000_000_000...5_000_000_000, using: &generator))) }
        for seconds in samples {
            for offset in offsets {
                let date = Date(timeIntervalSince1970: seconds)
                let zone = TimeZone(secondsFromGMT: offset * 60)!
                let git = DateFormatter()
                git.locale = Locale(identifier: "en_US_POSIX")
                git.timeZone = zone
                git.dateFormat = "EEE MMM d HH:mm:ss yyyy Z"
                let iso = ISO8601DateFormatter()
                iso.timeZone = zone
                let civil = CivilTime(date, offsetMinutes: offset)
                #expect(civil.gitStyle == git.string(from: date), "\(seconds) \(offset)")
                #expect(civil.iso8601 == iso.string(from: date), "\(seconds) \(offset)")
            }
        }
    }

    @Test func readsFieldsAndWeekdays() {
        let newYear = CivilTime(Date(timeIntervalSince1970: 1_767_225_600))  // Thursday 2026-01-01
        #expect([newYear.year, newYear.month, newYear.day, newYear.hour, newYear.weekday] as [Int] == [2026, 1, 1, 0, 4])
        let eastward = CivilTime(Date(timeIntervalSince1970: 1_767_225_599), offsetMinutes: 60)
        #expect([eastward.year, eastward.month, eastward.day, eastward.hour, eastward.minute, eastward.second] as [Int] == [2026, 1, 1, 0, 59, 59])
        #expect(eastward.gitStyle == "Thu Jan 1 00:59:59 2026 +0100")
        #expect(eastward.iso8601 == "2026-01-01T00:59:59+01:00")
        #expect(CivilTime(Date(timeIntervalSince1970: -1)).iso8601 == "1969-12-31T23:59:59Z")
        #expect(CivilTime(Date(timeIntervalSince1970: -1)).weekday == 3)
    }
}
