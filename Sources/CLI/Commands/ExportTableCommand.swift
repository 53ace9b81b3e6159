import ArgumentParser
import Lake

struct ExportTableCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export-table",
        abstract: "Write one table of a version to a single Parquet file.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @Argument(help: "The table.")
    var table: String

    @Option(name: .shortAndLong, help: "The Parquet file to write.", completion: .file(extensions: ["parquet"]))
    var output: String

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let rows = try snapshot.exportTable(table, toParquet: output)
        emit("\(rows) rows of \(table) at \(snapshot.commit.abbreviated()) written to \(output)\n")
    }
}
