import ArgumentParser
import Columnar
import Interchange
import Lake

struct LsFragmentsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ls-fragments",
        abstract: "List a table's fragments: data objects, rows, bytes and column statistics (plumbing).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "The table.")
    var table: String

    func run() throws {
        let fragments = try repository.openForReading().snapshot(at: revision.revision).fragments(of: table)
        var result = ResultTable(columns: ["fragment", "row_offset", "rows", "deleted", "object", "columns", "bytes", "statistics"])
        for fragment in fragments {
            let stats = fragment.manifest.statistics.sorted { $0.key < $1.key }.map { name, s in
                "\(name)=[\(s.min ?? "∅"), \(s.max ?? "∅")] nulls \(s.nullCount)"
            }.joined(separator: "; ")
            for object in fragment.manifest.objects {
                result.append([.string(fragment.name), .int(Int64(fragment.manifest.rowOffset)), .int(Int64(fragment.manifest.rows)),
                               .int(Int64(fragment.manifest.deletionVector?.deletedRows ?? 0)), .string(object.hash.hex),
                               .string(object.columns.joined(separator: ",")), .int(Int64(object.bytes)), .string(stats)])
            }
        }
        emit(result.render(output.format))
    }
}
