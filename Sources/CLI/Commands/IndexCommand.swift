import ArgumentParser
import Interchange
import Lake

/// `cairn index`: versioned indexes, built into commits.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Build, list and drop indexes (versioned: each build or drop is a commit).",
        subcommands: [IndexBuildCommand.self, IndexStatusCommand.self, IndexDropCommand.self])
}

/// The kinds of index there are.
enum IndexKind: String, ExpressibleByArgument, CaseIterable {
    /// Gene-major: a matrix's entries sorted by (gene, cell), for reads of a few genes over all cells.
    case genes
}

/// Which index `build` and `drop` act on, and the commit message: declared once for both.
struct IndexTargetOptions: ParsableArguments {
    @Argument(help: "The kind of index: genes.")
    var kind: IndexKind

    @Option(help: ArgumentHelp("The matrix: X (default) or a layer's name.", valueName: "name"))
    var matrix: String = "X"

    @Option(name: .shortAndLong, help: "The commit message.")
    var message: String?
}

struct IndexBuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "build",
        abstract: "Build an index of the current branch's head and commit it.",
        discussion: """
        `genes`: each dataset's entries of the matrix sorted by (gene, cell), with each gene's offset, \
        values kept in their stored type. Only datasets whose index is missing or stale are built; \
        `import` keeps an existing index current. `slice --genes` and queries constrained to a few genes \
        read it at any version that has it.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var target: IndexTargetOptions

    func run() throws {
        let matrix = target.matrix
        let result = try repository.open().buildGeneIndex(matrix: matrix, message: target.message)
        for index in result.built {
            emit("\(index.dataset): \(index.entries) entries, \(index.positions) genes, \(index.bytes) bytes\n")
        }
        if !result.current.isEmpty { emit("already current: \(result.current.joined(separator: ", "))\n") }
        if !result.removed.isEmpty { emit("removed (dataset gone): \(result.removed.joined(separator: ", "))\n") }
        guard let commit = result.commit else {
            emit("The gene index of \(matrix) is up to date.\n")
            return
        }
        let bytes = result.built.reduce(0) { $0 + $1.bytes }
        let ratio = result.matrixBytes > 0 ? String(format: " (%.2f× the matrix's %d bytes)", Double(bytes) / Double(result.matrixBytes), result.matrixBytes) : ""
        emit("[\(commit.abbreviated())] gene index of \(matrix): \(bytes) bytes\(ratio)\n")
    }
}

struct IndexStatusCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "List the indexes of a version: per matrix and dataset, current, stale or missing.")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions
    @OptionGroup var output: FormatOptions

    func run() throws {
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        var table = ResultTable(columns: ["kind", "matrix", "dataset", "state", "entries", "bytes"])
        for row in try snapshot.geneIndexStatus() {
            table.append([.string("genes"), .string(try snapshot.matrixName(ofTable: row.table)), .string(row.dataset), .string(row.state.rawValue),
                          row.index.map { .int(Int64($0.entries)) } ?? .null, row.index.map { .int(Int64($0.bytes)) } ?? .null])
        }
        emit(table.render(output.format))
    }
}

struct IndexDropCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "drop",
        abstract: "Remove an index from the current branch, in a commit (older versions keep theirs).")

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var target: IndexTargetOptions

    func run() throws {
        guard let commit = try repository.open().dropGeneIndex(matrix: target.matrix, message: target.message) else {
            emit("No gene index of \(target.matrix) to drop.\n")
            return
        }
        emit("[\(commit.abbreviated())] dropped the gene index of \(target.matrix)\n")
    }
}
