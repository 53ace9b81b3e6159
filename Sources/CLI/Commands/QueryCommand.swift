import ArgumentParser
import Foundation
import Interchange
import Query
import Storage

/// How `query` writes its result: the text formats, or a Parquet file.
enum QueryOutputFormat: String, CaseIterable, ExpressibleByArgument {
    case table, csv, tsv, json, parquet
}

struct QueryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "query",
        abstract: "Run SQL over one version's tables (cells, genes, var, datasets, expression, layer_<name>, loaded tables).",
        discussion: "The dialect is described in docs/sql.md. A version is read as of --at (default HEAD), resolved once.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @Argument(help: "The SELECT statement.")
    var sql: String

    @Option(help: "Output format: table (default on a terminal), csv (default otherwise), tsv, json (one object per line) or parquet (needs -o).")
    var format: QueryOutputFormat?

    @Option(name: .shortAndLong, help: "Write the result to this file instead of standard output.", completion: .file())
    var output: String?

    func validate() throws {
        if format == .parquet && output == nil { throw ValidationError("--format parquet needs -o FILE") }
    }

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let result = try QueryEngine(catalog: try SnapshotCatalog(snapshot: snapshot)).run(sql)
        let chosen = format ?? (output?.hasSuffix(".parquet") == true ? .parquet
            : output == nil && isatty(STDOUT_FILENO) != 0 ? .table : .csv)
        if chosen == .parquet { return try BatchOutput.writeParquet(result, to: output!) }
        let text = BatchOutput.render(result, OutputFormat(rawValue: chosen.rawValue)!)
        if let output {
            try AtomicFile.write(Array(text.utf8), to: output)
        } else {
            emit(text)
        }
    }
}
