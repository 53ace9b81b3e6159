import ArgumentParser
import Interchange
import Lake

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export imported datasets of a version as a single-cell file.",
        subcommands: [ExportH5adCommand.self, ExportMtxCommand.self])
}

extension GeneSpaceMode: ExpressibleByArgument {}

/// Which datasets an export writes, and how their genes meet.
struct ExportSelectionOptions: ParsableArguments {
    @Option(name: .customLong("dataset"), help: "A dataset to export (repeatable; default: all).")
    var datasets: [String] = []

    @Option(help: "Gene space when exporting several datasets: union or intersection.")
    var genes: GeneSpaceMode?
}

struct ExportH5adCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "h5ad",
        abstract: "Write datasets as one AnnData (.h5ad) file.",
        discussion: """
        One dataset comes back as it was imported: obs and var columns with their types and category orders, \
        its gene panel, X's type. Several datasets meet in the union (default) or intersection of their genes.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @OptionGroup var selection: ExportSelectionOptions

    @Option(name: .shortAndLong, help: "The .h5ad file to write.", completion: .file(extensions: ["h5ad"]))
    var output: String

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let summary = try H5adExport.write(snapshot, datasets: selection.datasets, genes: selection.genes, to: output)
        emit("\(summary.cells) cells × \(summary.genes) genes (\(summary.nonZeros) non-zeros) at \(snapshot.commit.abbreviated()) written to \(output)\n")
    }
}

struct ExportMtxCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mtx",
        abstract: "Write datasets as a Cell Ranger v3 matrix directory (features, barcodes, matrix.mtx, gzipped).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @OptionGroup var selection: ExportSelectionOptions

    @Option(name: .shortAndLong, help: "The directory to write (created if needed).", completion: .directory)
    var output: String

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let summary = try MtxExport.write(snapshot, datasets: selection.datasets, genes: selection.genes, to: output)
        emit("\(summary.cells) cells × \(summary.genes) genes (\(summary.nonZeros) non-zeros) at \(snapshot.commit.abbreviated()) written to \(output)\n")
    }
}
