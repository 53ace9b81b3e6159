import ArgumentParser
import Foundation
import Lake

struct GcCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gc",
        abstract: "Delete data objects no branch, tag, HEAD or reflog entry reaches.",
        discussion: """
        Only objects older than the grace period go (default 2.weeks.ago; --prune now for none). An object \
        any ref can reach is never deleted, whatever its age; gc refuses to run while another cairn process \
        is writing data objects.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("Delete unreachable objects last modified before this: now, never, 2.weeks.ago, 2026-01-01.", valueName: "date"))
    var prune: String = "2.weeks.ago"

    @Flag(help: "List what would be deleted (object, bytes) and delete nothing.")
    var dryRun = false

    func run() throws {
        let cutoff = try Repository.pruneCutoff(prune)
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
