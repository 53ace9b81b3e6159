import ArgumentParser
import Foundation
import History
import Lake

struct RevertCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "revert",
        abstract: "Commit the inverse of an earlier commit's change.",
        discussion: """
        The change REV made (against its first parent) is undone on the branch HEAD follows, merged with \
        whatever changed since, as a new commit: history is kept. A later edit of the same values is a \
        conflict, listed as in merge, and nothing is committed. Genes stay registered (gene ids are stable).
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The commit to revert: any revision.")
    var revision: String

    @Option(name: .shortAndLong, help: "The commit message (default: Revert \"SUBJECT\").")
    var message: String?

    func run() throws {
        let repo = try repository.open()
        let result: (commit: ObjectID, branch: String)
        do {
            result = try repo.revert(revision, message: message)
        } catch let stopped as MergeConflicts {
            for line in stopped.lines { FileHandle.standardError.write(Data("CONFLICT \(line)\n".utf8)) }
            throw stopped
        }
        emit("[\(result.branch) \(result.commit.abbreviated())] reverted \(revision)\n")
        noteStaleGeneIndexes(repo, at: result.commit)
    }
}
