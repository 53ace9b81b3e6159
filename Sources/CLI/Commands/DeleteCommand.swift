import ArgumentParser
import Lake
import Query

struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete the rows of a table that match a condition, in one commit.",
        discussion: """
        Rows are marked deleted (deletion vectors); older versions still hold them. Deleting cells \
        deletes their entries in every matrix (X and each layer) too. A condition that matches no row \
        commits nothing (and exits non-zero).
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The table: cells or a loaded table.")
    var table: String

    @Option(name: .customLong("where"), help: "SQL condition choosing the rows, e.g. \"donor = 'D7'\".")
    var condition: String

    @Option(name: .shortAndLong, help: "Commit message.")
    var message: String?

    func run() throws {
        let repo = try repository.open()
        var edits = try repo.beginEdits()
        let summary = try TableDelete.stage(&edits, table: table, where: condition)
        let (commit, branch) = try repo.commit(edits, message: message ?? "Delete from \(table) where \(condition)")
        var line = "[\(branch) \(commit.abbreviated())] \(summary.rows) row\(summary.rows == 1 ? "" : "s") of \(table) deleted"
        if !summary.entries.isEmpty {
            line += ", with " + summary.entries.sorted { $0.key < $1.key }.map { "\($0.value) entries of \($0.key)" }.joined(separator: ", ")
        }
        emit(line + "\n")
        noteStaleGeneIndexes(repo, at: commit)
    }
}
