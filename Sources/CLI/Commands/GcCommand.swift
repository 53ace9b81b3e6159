import ArgumentParser
import Foundation
import Lake
import Remote

struct GcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete data objects no branch, tag, HEAD or reflog entry reaches.",
        discussion: """
        Only objects older than the grace period go (default 2.weeks.ago; --prune now for none). An object \
        any ref can reach is never deleted, whatever its age; gc refuses to run while another cairn process \
        is writing data objects. With --remote, the remote is cleaned in place: reachability from its \
        refs.json, the same grace period, packs no refs.json lists (left by killed pushes) and stale in-flight \
        markers; it refuses while a push is in flight there, and pushes wait for it.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("Delete unreachable objects last modified before this: now, never, 2.weeks.ago, 2026-01-01.", valueName: "date"))
    var prune: String = "2.weeks.ago"

    @Flag(help: "List what would be deleted (object, bytes) and delete nothing.")
    var dryRun = false

    @Option(help: ArgumentHelp("Collect garbage on this remote (by name or URL) instead.", valueName: "remote"))
    var remote: String?

    func run() throws {
        let cutoff = try Repository.pruneCutoff(prune)
        if let remote {
            let settings = RemoteLocation.isURL(remote) ? RemoteSettings(url: remote) : try RemoteConfiguration(try repository.open()).settings(remote)
            let result = try RemoteMaintenance(settings: settings, access: repository.access).collectGarbage(prunedBefore: cutoff, dryRun: dryRun)
            if dryRun { for file in result.deleted { emit("would delete \(file.key) \(file.bytes)\n") } }
            emit("\(result.reachable) reachable objects kept, \(result.keptRecent) unreachable kept (newer than the grace period), "
                 + "\(result.deleted.count) files \(dryRun ? "would be " : "")deleted; \(result.bytesFreed) bytes \(dryRun ? "would be " : "")freed\n")
            return
        }
        let result = try repository.open().collectGarbage(prunedBefore: cutoff, dryRun: dryRun)
        if dryRun {
            for file in result.deleted { emit("would delete \(file.key.split(separator: "/").dropFirst().joined()) \(file.bytes)\n") }
            for file in result.temporaries { emit("would delete \(file.key) \(file.bytes)\n") }
        }
        let verb = dryRun ? "would delete" : "deleted"
        emit("\(result.reachable) reachable objects kept, \(result.keptRecent) unreachable kept (newer than the grace period), "
             + "\(result.deleted.count) \(verb), \(result.temporaries.count) temporary files \(dryRun ? "would go" : "removed"); "
             + "\(result.bytesFreed) bytes \(dryRun ? "would be " : "")freed\n")
    }
}
