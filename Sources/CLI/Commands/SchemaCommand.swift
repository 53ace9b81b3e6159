import ArgumentParser
import Columnar
import Interchange
import Lake

struct SchemaCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "schema",
        abstract: "Show a table's columns, types and nullability.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var output: FormatOptions

    @Argument(help: "The table.")
    var table: String

    func run() throws {
        let schema = try repository.openForReading().snapshot(at: revision.revision).schema(of: table)
        var result = ResultTable(columns: ["column", "type", "nullable"])
        for field in schema.fields {
            result.append([.string(field.name), .string(field.type.description), .boolean(field.nullable)])
        }
        emit(result.render(output.format))
    }
}
