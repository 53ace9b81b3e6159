import Foundation
import History

extension Signature {
    /// git's default date style: "Sun Nov 22 10:43:29 2026 +0000", in the signature's own offset.
    var formattedDate: String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(secondsFromGMT: timeZoneOffsetMinutes * 60)
        formatter.dateFormat = "EEE MMM d HH:mm:ss yyyy Z"
        return formatter.string(from: date)
    }

    /// ISO 8601 with the signature's offset, for machine-readable output.
    var isoDate: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(secondsFromGMT: timeZoneOffsetMinutes * 60)
        return formatter.string(from: date)
    }
}

extension ObjectID {
    var shortHex: String { abbreviated() }
}

extension Commit {
    /// The message without git's trailing newline.
    var displayMessage: String {
        var text = message
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
