import ArgumentParser
import Columnar
import Interchange
import Lake

struct LsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List the tables of a version with their rows, fragments and bytes.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        var table = ResultTable(columns: ["table", "rows", "fragments", "bytes"])
        for (name, summary) in snapshot.manifest.tables.sorted(by: { $0.key < $1.key }) {
            table.append([.string(name), .int(Int64(summary.rows)), .int(Int64(summary.fragments)), .int(Int64(summary.bytes))])
        }
        emit(table.render(output.format))
    }
}
