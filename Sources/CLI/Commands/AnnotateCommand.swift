import ArgumentParser
import Columnar
import Foundation
import Interchange
import Lake
import Query

struct AnnotateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "annotate",
        abstract: "Add or replace columns of a table from a CSV file joined on a key column, in one commit.",
        discussion: """
        Each row of the file gives values for the table rows whose --key column equals its key (keys must \
        be unique in the file). Columns the table lacks are added (nullable); existing columns get the new \
        values on matching rows and keep theirs elsewhere. Only the annotated columns of fragments with a \
        match are written. Keys of the file that match no row are counted and reported.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The table: cells, var, genes or a loaded table.")
    var table: String

    @Option(name: .customLong("from"), help: "A .csv or .tsv file with a header row.", completion: .file(extensions: ["csv", "tsv"]))
    var file: String

    @Option(help: "The column joining file rows to table rows, e.g. obs_name.")
    var key: String

    @Option(help: ArgumentHelp("Only these columns of the file (default: all but the key).", valueName: "a,b,..."))
    var columns: String?

    @Option(name: .shortAndLong, help: "Commit message.")
    var message: String?

    func run() throws {
        let repo = try repository.open()
        var edits = try repo.beginEdits()
        let tableSchema = edits.base.tableNames.contains(table) ? try edits.base.schema(of: table) : nil
        let source = try TableFileSource.open(path: file, tableSchema: tableSchema)
        var batches: [RecordBatch] = []
        try source.forEachBatch { batches.append($0) }
        let rows = RecordBatch.concatenate(batches, schema: source.schema)
        let wanted = columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty } }
        let summary = try TableAnnotation.stage(&edits, table: table, annotations: rows, source: source.displayName, key: key, columns: wanted)
        let (commit, branch) = try repo.commit(edits, message: message ?? "Annotate \(table) from \(source.displayName) by \(key)")
        var parts: [String] = []
        if !summary.newColumns.isEmpty { parts.append("new: " + summary.newColumns.joined(separator: ", ")) }
        if !summary.updatedColumns.isEmpty { parts.append("updated: " + summary.updatedColumns.joined(separator: ", ")) }
        emit("[\(branch) \(commit.abbreviated())] \(summary.rows) row\(summary.rows == 1 ? "" : "s") of \(table) annotated (\(parts.joined(separator: "; "))), \(summary.bytes) bytes written\n")
        if summary.unmatchedKeys > 0 {
            FileHandle.standardError.write(Data("cairn: warning: \(summary.unmatchedKeys) row\(summary.unmatchedKeys == 1 ? "" : "s") of \(source.displayName) matched no row of \(table)\n".utf8))
        }
    }
}
