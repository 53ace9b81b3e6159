import Foundation

extension GitRepository {
    /// Deletes lock files left behind by a process that died while updating a reference:
    /// every `*.lock` under `refs/`, and `packed-refs.lock` and `HEAD.lock`. Returns the paths
    /// removed (relative to the git directory).
    ///
    /// Why this is safe, and the rule callers must follow: libgit2 moves a ref by creating
    /// `<ref>.lock` exclusively, writing the new id, fsyncing and renaming it over the ref. A process
    /// killed with SIGKILL between those steps leaves the `.lock` behind, and every later update of
    /// that ref fails with `HistoryError.locked` forever. Only a cairn writer updates these refs, and
    /// every cairn writer holds the repository's exclusive flock while it does. So **call this only
    /// while holding that exclusive flock**: then no live writer can be mid-update, and any lock file
    /// found is stale by definition. Called without the flock it could break a live writer's lock.
    @discardableResult
    public func removeStaleReferenceLocks() throws -> [String] {
        let fileManager = FileManager.default
        let gitDirectory = URL(fileURLWithPath: path, isDirectory: true)
        var removed: [String] = []

        for topLevel in ["packed-refs.lock", "HEAD.lock"] {
            let lock = gitDirectory.appendingPathComponent(topLevel)
            if fileManager.fileExists(atPath: lock.path) {
                try removeLock(at: lock)
                removed.append(topLevel)
            }
        }

        let refsDirectory = gitDirectory.appendingPathComponent("refs", isDirectory: true)
        guard let enumerator = fileManager.enumerator(
            at: refsDirectory, includingPropertiesForKeys: [.isRegularFileKey], options: []) else {
            return removed
        }
        var locks: [URL] = []
        for case let url as URL in enumerator where url.lastPathComponent.hasSuffix(".lock") {
            locks.append(url)
        }
        for lock in locks.sorted(by: { $0.path < $1.path }) {
            try removeLock(at: lock)
            let relative = lock.path.hasPrefix(refsDirectory.path + "/")
                ? "refs/" + lock.path.dropFirst(refsDirectory.path.count + 1)
                : lock.path
            removed.append(relative)
        }
        return removed
    }

    private func removeLock(at url: URL) throws {
        do {
            try FileManager.default.removeItem(at: url)
        } catch {
            throw HistoryError.locked(message: "cannot remove stale lock '\(url.path)': \(error.localizedDescription)")
        }
    }
}
