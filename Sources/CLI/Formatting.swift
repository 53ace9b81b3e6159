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

/// 1.2 MB, 340 kB, 12 B: decimal units, as transfer tools print them.
func formatBytes(_ bytes: Int) -> String {
    let units = ["B", "kB", "MB", "GB", "TB"]
    var value = Double(bytes), unit = 0
    while value >= 1000 && unit < units.count - 1 { value /= 1000; unit += 1 }
    return unit == 0 ? "\(bytes) B" : String(format: value < 10 ? "%.1f %@" : "%.0f %@", value, units[unit])
}

/// A line of progress on stderr, only when it is a terminal (scripts read stdout and stay quiet).
func progress(_ line: String) {
    guard isatty(STDERR_FILENO) != 0 else { return }
    FileHandle.standardError.write(Data("\(line)\n".utf8))
}
