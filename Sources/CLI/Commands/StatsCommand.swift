import ArgumentParser
import Foundation
import Lake
import Stream

/// `cairn stats`: statistics derived from a version, computed once and cached by its tree.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Statistics derived from a version (cached per version; no commit is made).",
        subcommands: [GeneMediansCommand.self])
}

struct GeneMediansCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "gene-medians",
        abstract: "Each gene's non-zero median of count / cell total × 10,000: Geneformer's normalization factors.",
        discussion: """
            Exact medians over every cell of the version, written as JSON {feature_id: median} and cached \
            under the repository's cache/ by the version's tree, so `stream --tokenizer geneformer` finds them.
            """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @Option(help: ArgumentHelp("The matrix: X (default) or a layer's name.", valueName: "name"))
    var matrix: String = "X"

    @Option(name: .shortAndLong, help: "Write the JSON to this file instead of stdout.", completion: .file())
    var output: String?

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let medians = try GeneMedians.cached(snapshot: snapshot, matrix: matrix)
        if let output {
            try medians.write(to: output)
        } else {
            emit(medians.json())
        }
    }
}
