import Foundation
import History
import Remote

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

/// A progress bar on stderr for transfers of many objects, redrawn in place, only when stderr is a
/// terminal (scripts read stdout and stay quiet); `finish` ends its line.
final class TransferProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private let enabled = isatty(STDERR_FILENO) != 0
    private var drawn = false
    private var lastDraw = 0.0

    var handler: TransferProgressHandler { { [self] progress in draw(progress) } }

    private func draw(_ progress: TransferProgress) {
        guard enabled else { return }
        lock.lock()
        defer { lock.unlock() }
        let now = Date().timeIntervalSince1970
        guard progress.done == progress.total || now - lastDraw > 0.1 else { return }
        lastDraw = now
        let fraction = progress.total == 0 ? 1 : Double(progress.done) / Double(progress.total)
        let width = 30, filled = Int(fraction * Double(width))
        let bar = String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
        FileHandle.standardError.write(Data("\r\(progress.phase) [\(bar)] \(progress.done)/\(progress.total), \(formatBytes(progress.bytes))\u{1B}[K".utf8))
        drawn = true
    }

    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\n".utf8)) }
        drawn = false
    }
}
