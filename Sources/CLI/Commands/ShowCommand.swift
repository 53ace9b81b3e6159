import ArgumentParser
import Columnar
import Interchange
import Lake

struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Show one commit: its message and, per table, rows, fragments and bytes added and removed.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "The commit to show (default HEAD).")
    var revision: String?

    func run() throws {
        let repo = try repository.openForReading()
        let change = try repo.changes(at: revision)
        var table = ResultTable(columns: ["table", "rows_added", "rows_removed", "fragments_added",
                                          "fragments_removed", "bytes_added", "bytes_removed", "schema"])
        for t in change.tables {
            table.append([.string(t.table), .int(Int64(t.rowsAdded)), .int(Int64(t.rowsRemoved)),
                          .int(Int64(t.fragmentsAdded)), .int(Int64(t.fragmentsRemoved)),
                          .int(Int64(t.bytesAdded)), .int(Int64(t.bytesRemoved)), .string(t.schemaChange.rawValue)])
        }
        if output.format == .table {
            let commit = change.commit
            emit("""
            commit \(commit.id)
            \(commit.parents.count > 1 ? "Merge: " + commit.parents.map(\.shortHex).joined(separator: " ") + "\n" : "")\
            Author: \(commit.author.name) <\(commit.author.email)>
            Date:   \(commit.author.formattedDate)

            \(commit.displayMessage.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))


            """)
        }
        emit(table.render(output.format))
    }
}
