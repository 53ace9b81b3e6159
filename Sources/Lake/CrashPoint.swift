import Foundation

/// Test hook for crash-safety tests: when `CAIRN_CRASH_AT` names a point, the process kills itself
/// with SIGKILL there, exactly as a power cut or OOM kill would stop it. Unset in normal use.
enum CrashPoint: String {
    /// Data objects are durable; no commit object exists yet.
    case beforeCommit = "before-commit"
    /// The commit object is written; the branch has not moved.
    case beforeReferenceUpdate = "before-ref-update"
    /// `compact`: the first compacted fragment's objects are durable, the others not yet written.
    case compactAfterFirstFragment = "compact-after-first-fragment"
    /// `gc`: one unreachable object deleted, the rest not yet.
    case gcAfterFirstDelete = "gc-after-first-delete"

    private static let armed = ProcessInfo.processInfo.environment["CAIRN_CRASH_AT"].flatMap(CrashPoint.init(rawValue:))

    func reached() {
        if CrashPoint.armed == self { kill(getpid(), SIGKILL) }
    }
}
