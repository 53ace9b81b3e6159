import ArgumentParser
import Lake

struct DiffCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "diff",
        abstract: "Show what changed between two versions: datasets, rows, schemas and values.",
        discussion: """
        With one revision, compares it with HEAD. The diff is computed from the manifests: fragments that \
        did not change are never read, and changed ones only as far as needed (the rewritten columns of an \
        update, the deletion vector of a delete). Rows are keyed by cell_id in cells, gene_id in genes, \
        (dataset, gene_id) in var and by position in plain tables; rows hidden by a deletion vector count \
        as removed. Matrix tables (expression, layer_*) report entries added and removed. Two revisions \
        naming the same commit print nothing.
        """)

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The old version: a branch, tag, commit id or prefix, HEAD~2, main@{2026-01-01}.")
    var old: String

    @Argument(help: "The new version (default HEAD).")
    var new: String?

    @Flag(help: "Only counts: one line per dataset and per table.")
    var stat = false

    @Option(help: ArgumentHelp("Only this table.", valueName: "table"))
    var table: String?

    @Option(help: "Output format: text or json (one document).")
    var format: Format = .text

    func run() throws {
        let diff = try repository.openForReading().diff(from: old, to: new, table: table)
        switch format {
        case .text: emit(DiffRendering.text(diff, stat: stat))
        case .json: emit(DiffRendering.json(diff, stat: stat))
        }
    }
}
