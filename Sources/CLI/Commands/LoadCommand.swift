import ArgumentParser
import Columnar
import Interchange
import Lake

struct LoadCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load",
        abstract: "Append the rows of a CSV, TSV or Parquet file to a table, creating the table if needed.",
        discussion: """
        CSV columns are typed by looking at every row (bool, int64, uint64, float64, date32, timestamp, \
        string); --schema overrides single columns. Appending to an existing table requires the same columns \
        and types. Nothing is committed if any row is rejected.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The table to append to.")
    var table: String

    @Argument(help: "A .csv, .tsv or .parquet file.", completion: .file(extensions: ["csv", "tsv", "parquet"]))
    var file: String

    @Option(name: .shortAndLong, help: "Commit message.")
    var message: String?

    @Option(help: ArgumentHelp("Column types that override inference, e.g. \"age:int32,donor:string\" (CSV only).",
                               valueName: "col:type,..."))
    var schema: String?

    func run() throws {
        let repo = try repository.open()
        let source = try TableFileSource.open(path: file, schemaOverrides: schema, tableSchema: repo.currentSchema(of: table))
        let result = try repo.append(table: table, from: source,
                                     message: message ?? "Load \(source.displayName) into \(table)")
        emit("[\(result.branch ?? "HEAD") \(result.commit.abbreviated())] \(result.rows) rows into \(table) (\(result.fragments) fragment\(result.fragments == 1 ? "" : "s"))\n")
    }
}
