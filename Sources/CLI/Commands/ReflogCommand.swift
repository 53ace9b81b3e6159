import ArgumentParser
import Columnar
import History
import Interchange
import Lake

struct ReflogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reflog",
        abstract: "Show where a ref has pointed on this machine (default HEAD), newest first.",
        discussion: """
        Entry N is what REF@{N} names. The reflog is local: a clone does not bring it along. For dates \
        that hold in every copy use REF@{date}, which reads commit dates.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "A branch, a tag or HEAD (default HEAD).")
    var reference: String?

    func run() throws {
        let (fullName, entries) = try repository.open().reflog(reference)
        let shown = reference ?? "HEAD"
        if output.format == .table {
            for (index, entry) in entries.enumerated() {
                emit("\(entry.newID.abbreviated()) \(shown)@{\(index)}: \(entry.message)\n")
            }
            return
        }
        var table = ResultTable(columns: ["index", "reference", "commit", "previous", "message", "committer", "date"])
        for (index, entry) in entries.enumerated() {
            table.append([.int(Int64(index)), .string(fullName), .string(entry.newID.hex),
                          entry.oldID.map { .string($0.hex) } ?? .null, .string(entry.message),
                          .string(entry.committer.name), .string(entry.committer.isoDate)])
        }
        emit(table.render(output.format))
    }
}
