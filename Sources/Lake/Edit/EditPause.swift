import Foundation

/// Test hook for the race tests of edits: when `CAIRN_EDIT_BARRIER` names a directory, an edit that
/// has staged its objects leaves a file there and waits (up to a minute) until
/// `CAIRN_EDIT_BARRIER_PARTIES` (default 2) processes have, before it takes the repository lock to
/// commit: so racing processes certainly began on the same version. Unset in normal use.
enum EditPause {
    static func reached() {
        let environment = ProcessInfo.processInfo.environment
        guard let directory = environment["CAIRN_EDIT_BARRIER"] else { return }
        let parties = environment["CAIRN_EDIT_BARRIER_PARTIES"].flatMap(Int.init) ?? 2
        _ = FileManager.default.createFile(atPath: directory + "/\(getpid())", contents: nil)  // a failed mark only makes the wait time out
        let deadline = Date().addingTimeInterval(60)
        while ((try? FileManager.default.contentsOfDirectory(atPath: directory).count) ?? 0) < parties && Date() < deadline {
            usleep(10_000)
        }
    }
}
