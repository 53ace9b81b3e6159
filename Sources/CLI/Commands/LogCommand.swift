import ArgumentParser
import Columnar
import Interchange
import Lake

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Show the commit history reachable from a revision (default HEAD).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: FormatOptions

    @Option(name: [.customShort("n"), .customLong("max-count")], help: "Show at most this many commits.")
    var limit: Int?

    @Argument(help: "Where to start: a branch, tag, commit or expression like HEAD~2.")
    var revision: String?

    func run() throws {
        let repo = try repository.openForReading()
        let commits = try repo.log(from: revision, limit: limit)
        if output.format == .table {
            for commit in commits {
                emit("""
                commit \(commit.id)
                Author: \(commit.author.name) <\(commit.author.email)>
                Date:   \(commit.author.formattedDate)

                \(commit.displayMessage.split(separator: "\n", omittingEmptySubsequences: false).map { "    " + $0 }.joined(separator: "\n"))


                """)
            }
            return
        }
        var table = ResultTable(columns: ["commit", "author", "email", "date", "message", "parents"])
        for commit in commits {
            table.append([.string(commit.id.description), .string(commit.author.name), .string(commit.author.email),
                          .string(commit.author.isoDate), .string(commit.displayMessage),
                          .string(commit.parents.map(\.description).joined(separator: " "))])
        }
        emit(table.render(output.format))
    }
}
