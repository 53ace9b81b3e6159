import ArgumentParser
import Foundation
import History
import Lake

extension MergeStrategy: ExpressibleByArgument {}

struct MergeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "merge",
        abstract: "Merge a branch (or any revision) into the branch HEAD follows.",
        discussion: """
        A fast-forward when the branch has no commits of its own since; otherwise a three-way merge from the \
        merge base, committed with both parents. Changes that commute merge cleanly: datasets imported on both \
        sides (the other side's cell ids and new gene ids are renumbered in manifests, data is not rewritten), \
        edits to different columns or different cells. The same cell's same column changed differently on both \
        sides is a conflict: each is listed as (row, column, base, ours, theirs), nothing is committed and the \
        exit status is 1, unless --strategy settles every conflict one way. A fragment compacted on one side \
        and edited on the other stops the merge whatever the strategy: merge first, then compact.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The branch, tag or commit to merge.")
    var revision: String

    @Option(name: .shortAndLong, help: "The merge commit's message (default: Merge branch 'NAME').")
    var message: String?

    @Option(help: "Settle conflicting values with this side's (ours) or the merged branch's (theirs).")
    var strategy: MergeStrategy?

    @Flag(name: .customLong("no-ff"), help: "Make a merge commit even when a fast-forward is possible.")
    var noFastForward = false

    func run() throws {
        let repo = try repository.open()
        try reportMerge(of: revision, into: repo) { try repo.merge(revision, message: message, strategy: strategy, fastForward: !noFastForward) }
    }
}

/// Runs a merge (of `merged`, as the user knows it) and says what it did; conflicts go to stderr, one
/// `CONFLICT` line each, before the failure. Shared by `merge` and `pull`.
func reportMerge(of merged: String, into repository: Repository, _ merge: () throws -> MergeResult) throws {
    let result: MergeResult
    do {
        result = try merge()
    } catch let stopped as MergeConflicts {
        for line in stopped.lines { FileHandle.standardError.write(Data("CONFLICT \(line)\n".utf8)) }
        throw stopped
    }
    switch result.kind {
    case .upToDate: emit("Already up to date.\n")
    case .fastForward: emit("Fast-forward: \(result.branch) is now at \(result.commit.abbreviated())\n")
    case .merged: emit("[\(result.branch) \(result.commit.abbreviated())] merged \(merged)\n")
    }
    if result.kind != .upToDate { noteStaleGeneIndexes(repository, at: result.commit) }
}
