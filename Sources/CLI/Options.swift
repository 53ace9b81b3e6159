import ArgumentParser
import Foundation
import Interchange
import Lake

/// `-C PATH`: the repository to use, or a directory inside it (before or after the subcommand). Unlike
/// git, other relative paths on the command line stay relative to the current directory, so
/// `cairn -C atlas.cairn load donors donors.csv` loads ./donors.csv. Without it the repository is found
/// upward from the current directory.
struct RepositoryOptions: ParsableArguments {
    /// `-C` given before the subcommand, taken out of the arguments by `Cairn.main`.
    nonisolated(unsafe) static var leadingDirectory: String?

    @Option(name: .customShort("C"), help: ArgumentHelp("The repository, or a directory inside it.", valueName: "path"),
            completion: .directory)
    var directory: String?

    func open() throws -> Repository {
        let start = directory ?? RepositoryOptions.leadingDirectory ?? FileManager.default.currentDirectoryPath
        return try Repository.discover(from: start)
    }
}

/// `--at REV`: the version a reader reads; resolved once, at start.
struct RevisionOptions: ParsableArguments {
    @Option(name: .customLong("at"), help: ArgumentHelp(
        "The version to read: a branch, tag, commit id or prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC). Default: HEAD.",
        valueName: "rev"))
    var revision: String?
}

/// `--format`: how rows are printed.
struct FormatOptions: ParsableArguments {
    @Option(help: "Output format: table, csv, tsv or json (one object per line).")
    var format: OutputFormat = .table
}

extension OutputFormat: ExpressibleByArgument {}

/// Writes to stdout without buffering surprises when piped.
func emit(_ text: String) {
    FileHandle.standardOutput.write(Data(text.utf8))
}
