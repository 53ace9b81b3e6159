import ArgumentParser
import Foundation
import Interchange
import Lake
import Query

struct SliceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "slice",
        abstract: "Write chosen cells × chosen genes of one version as h5ad, Parquet, Arrow or a 10x matrix directory.",
        discussion: """
        Cells: --where (a SQL condition over the cells table) and/or --cells-from (obs names, one per line); \
        all cells when neither is given. Genes: names (feature ids or symbols) as a list or @FILE, or the \
        union (default) or intersection of the chosen cells' datasets. The output format follows -o: .h5ad, \
        .parquet or .arrow (an Arrow IPC file; also .feather) with cell_id, gene_id, value, anything else a \
        Cell Ranger v3 directory.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @Option(name: .customLong("where"), help: "SQL condition over the cells table, e.g. \"cell_type = 'B cell' AND donor IN ('D1','D2')\".")
    var condition: String?

    @Option(help: "A file of obs names (barcodes), one per line.", completion: .file())
    var cellsFrom: String?

    @Option(help: ArgumentHelp("Genes: NAME,NAME,... or @FILE (one per line), union, or intersection.", valueName: "genes"))
    var genes: String = "union"

    @Option(help: ArgumentHelp("The matrix: X (default) or a layer's name.", valueName: "name"))
    var matrix: String = "X"

    @Option(name: .shortAndLong, help: "Output: FILE.h5ad, FILE.parquet, FILE.arrow, or a directory for a 10x matrix.", completion: .file())
    var output: String

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let names = try cellsFrom.map { path -> Set<String> in
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read --cells-from \(path)") }
            return Set(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
        let selection = try CellSelector(catalog: try SnapshotCatalog(snapshot: snapshot)).select(where: condition, obsNames: names)
        let summary = try SliceExport.write(snapshot, cells: selection, genes: try geneChoice(), matrix: matrix == "X" ? nil : matrix, to: output)
        emit("\(summary.cells) cells × \(summary.genes) genes, \(summary.nonZeros) non-zeros from \(snapshot.commit.abbreviated()) written to \(output)\n")
    }

    private func geneChoice() throws -> SliceGenes {
        switch genes {
        case "union": return .space(.union)
        case "intersection": return .space(.intersection)
        case _ where genes.hasPrefix("@"):
            let path = String(genes.dropFirst())
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read --genes file \(path)") }
            return .named(text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        default:
            return .named(genes.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty })
        }
    }
}
