import ArgumentParser
import Columnar
import Interchange
import Lake

struct DatasetsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "datasets",
        abstract: "List the imported datasets of a version: name, source, SHA-256, cells, genes, non-zeros.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        let records = try snapshot.datasets()
        var table = ResultTable(columns: ["dataset", "format", "source", "sha256", "cells", "genes", "nnz", "x_type", "first_cell_id"])
        for r in records {
            table.append([.string(r.name), .string(r.format), .string(r.source), .string(r.sha256), .int(Int64(try snapshot.liveCells(of: r))),
                          .int(Int64(r.genes)), .int(Int64(try snapshot.liveNonZeros(of: r))), .string(r.valueType.description), .int(Int64(r.cellOffset))])
        }
        emit(table.render(output.format))
    }
}
