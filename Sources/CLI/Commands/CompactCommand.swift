import ArgumentParser
import Lake

struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Merge small fragments, collapse column groups and apply deletions, in a new commit.",
        discussion: """
        The data reads exactly as before (same rows, order and ids); only how it is stored changes. \
        Fragments that are already fine are left alone: when all are, nothing is committed.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: "Compact only this table (default: every table).")
    var table: String?

    @Option(help: "Rows per compacted fragment (default: the repository's fragment size).")
    var targetRows: Int?

    @Option(name: .shortAndLong, help: "The commit message.")
    var message: String?

    func run() throws {
        let repo = try repository.open()
        let result = try repo.compact(tables: table.map { [$0] }, targetRows: targetRows, message: message)
        guard let commit = result.commit else {
            emit("Nothing to compact.\n")
            return
        }
        for table in result.tables {
            emit("\(table.table): \(table.fragmentsBefore) fragments -> \(table.fragmentsAfter), \(table.rowsDropped) deleted rows dropped, \(table.bytesBefore) -> \(table.bytesAfter) bytes\n")
        }
        emit("[\(result.branch ?? "HEAD") \(commit.abbreviated())] compacted\n")
        noteStaleGeneIndexes(repo, at: commit)
    }
}
