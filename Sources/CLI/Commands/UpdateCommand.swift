import ArgumentParser
import Lake
import Query

struct UpdateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "update",
        abstract: "Set new values in the rows of a table that match a condition, in one commit.",
        discussion: """
        --set takes assignments separated by commas; each value is a SQL expression over the row \
        (n = n + 1). Only the assigned columns of the fragments holding a matching row are rewritten; \
        matrices never are. A condition that matches no row commits nothing (and exits non-zero).
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The table: cells, var, genes or a loaded table.")
    var table: String

    @Option(name: .customLong("set"), help: ArgumentHelp("Assignments, e.g. \"cell_type = 'CD4 T cell', score = score * 2\".", valueName: "col = expr,..."))
    var assignments: String

    @Option(name: .customLong("where"), help: "SQL condition choosing the rows, e.g. \"leiden = '3' AND dataset = 'pbmc'\".")
    var condition: String

    @Option(name: .shortAndLong, help: "Commit message.")
    var message: String?

    func run() throws {
        let repo = try repository.open()
        var edits = try repo.beginEdits()
        let summary = try TableUpdate.stage(&edits, table: table, set: assignments, where: condition)
        let (commit, branch) = try repo.commit(edits, message: message ?? "Update \(table): set \(assignments) where \(condition)")
        emit("[\(branch) \(commit.abbreviated())] \(summary.rows) row\(summary.rows == 1 ? "" : "s") of \(table) updated "
             + "(\(summary.fragments) fragment\(summary.fragments == 1 ? "" : "s"), \(summary.bytes) bytes written)\n")
    }
}
