import Foundation

/// Test hook for the race tests of edits: when `CAIRN_EDIT_PAUSE_MS` is set, an edit waits that long
/// between staging its objects and taking the repository lock to commit, so that two processes can be
/// made to begin on the same version. Unset in normal use.
enum EditPause {
    private static let milliseconds = ProcessInfo.processInfo.environment["CAIRN_EDIT_PAUSE_MS"].flatMap(UInt32.init)

    static func reached() {
        if let milliseconds { usleep(milliseconds * 1000) }
    }
}
