import Foundation
import Testing
@testable import History

@Suite struct RevisionDateTests {
    private let newYear = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01T00:00:00Z

    @Test func readsAbsoluteDatesAsUTCUnlessAnOffsetIsGiven() {
        #expect(RevisionDate.parse("2026-01-01") == newYear)
        #expect(RevisionDate.parse(" 2026-01-01 ") == newYear)
        #expect(RevisionDate.parse("2026-01-01 12:00") == newYear + 12 * 3600)
        #expect(RevisionDate.parse("2026-01-01 12:00:30") == newYear + 12 * 3600 + 30)
        #expect(RevisionDate.parse("2026-01-01T12:00:00Z") == newYear + 12 * 3600)
        #expect(RevisionDate.parse("2026-01-01T12:00:00.750Z") == newYear + 12 * 3600)
        #expect(RevisionDate.parse("2026-01-01T12:00:00+02:00") == newYear + 10 * 3600)
        #expect(RevisionDate.parse("2026-01-01 12:00 -0530") == newYear + 17.5 * 3600)
        #expect(RevisionDate.parse("2024-02-29") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(RevisionDate.parse("1969-12-31 23:59:59") == Date(timeIntervalSince1970: -1))
        #expect(RevisionDate.parse("@1767225600") == newYear)
    }

    @Test func readsNowAndRelativeDates() {
        let now = newYear + 1000
        #expect(RevisionDate.parse("now", now: now) == now)
        #expect(RevisionDate.parse("3.days.ago", now: now) == now - 3 * 86_400)
        #expect(RevisionDate.parse("2 weeks ago", now: now) == now - 14 * 86_400)
        #expect(RevisionDate.parse("1.hour.ago", now: now) == now - 3600)
        #expect(RevisionDate.parse("10.minutes.ago", now: now) == now - 600)
    }

    @Test func refusesWhatIsNotADate() {
        for text in ["", "yesterday-ish", "2026-1-1", "2026-00-10", "2025-02-29", "2026-04-31", "2026-01-01 24:00",
                     "2026-01-01 12:60", "2026-01-01 12", "2026-01-01T12:00:00+5", "2026-01-01X", "3.fortnights.ago",
                     "-3.days.ago", "２０２６-01-01"] {
            #expect(RevisionDate.parse(text) == nil, "\(text)")
        }
    }

    @Test func formatsAsUTC() {
        #expect(RevisionDate.format(newYear) == "2026-01-01T00:00:00Z")
        #expect(RevisionDate.format(newYear + 86_399.9) == "2026-01-01T23:59:59Z")
        #expect(RevisionDate.format(Date(timeIntervalSince1970: -1)) == "1969-12-31T23:59:59Z")
        #expect(RevisionDate.format(Date(timeIntervalSince1970: 1_709_164_800)) == "2024-02-29T00:00:00Z")
    }
}
