import ArgumentParser
import Foundation
import Interchange
import Lake

extension FeatureKeyMode: ExpressibleByArgument {}

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import single-cell files (.h5ad, Cell Ranger directories and .h5) as datasets, all in one commit.",
        discussion: """
        Each file becomes one dataset: its obs in table `cells`, its var in `var`, its X in `expression`, and \
        its features in the gene registry `genes`. A file already imported (same SHA-256) is refused unless \
        --allow-duplicate is given. Nothing is committed if any file is rejected.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The files to import.", completion: .file(extensions: ["h5ad", "h5"]))
    var files: [String]

    @Option(name: .customLong("dataset"), help: "Dataset name, once per file in order (default: the file name).")
    var names: [String] = []

    @Option(name: .shortAndLong, help: "Commit message.")
    var message: String?

    @Flag(help: "Import a file even if the same bytes were imported before.")
    var allowDuplicate = false

    @Option(help: ArgumentHelp("How genes join the registry: auto (Ensembl id without version when the file has ids, else symbol), id, or symbol.",
                               valueName: "auto|id|symbol"))
    var featureKey: FeatureKeyMode = .auto

    func validate() throws {
        if !names.isEmpty && names.count != files.count {
            throw ValidationError("give --dataset once per file (\(files.count) files, \(names.count) names)")
        }
    }

    func run() throws {
        let repo = try repository.open()
        let requests = try files.enumerated().map { i, path in
            ImportRequest(name: names.isEmpty ? SingleCellFileSource.defaultDatasetName(for: path) : names[i],
                          source: try SingleCellFileSource.open(path: path), featureKey: featureKey)
        }
        let result = try repo.importDatasets(requests, message: message ?? "Import " + requests.map(\.name).joined(separator: ", "),
                                             allowDuplicate: allowDuplicate)
        for warning in result.warnings { FileHandle.standardError.write(Data("cairn: warning: \(warning)\n".utf8)) }
        for note in result.notes { FileHandle.standardError.write(Data("cairn: note: \(note)\n".utf8)) }
        for record in result.datasets {
            emit("[\(result.commit.abbreviated())] \(record.name): \(record.cells) cells × \(record.genes) genes, \(record.nonZeros) non-zeros (\(record.valueType))\n")
        }
        emit("\(result.newGenes) new genes in the registry\n")
        noteStaleGeneIndexes(repo, at: result.commit)
    }
}
