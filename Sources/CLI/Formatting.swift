import Foundation
import History

extension Signature {
    /// git's default date style: "Sun Nov 22 10:43:29 2026 +0000", in the signature's own offset.
    var formattedDate: String {
        CivilTime(date, offsetMinutes: timeZoneOffsetMinutes).gitStyle
    }

    /// ISO 8601 with the signature's offset, for machine-readable output.
    var isoDate: String {
        CivilTime(date, offsetMinutes: timeZoneOffsetMinutes).iso8601
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
