import ArgumentParser
import Foundation
import Interchange
import Lake
import Remote

/// `-C PATH`: the repository to use, or a directory inside it (before or after the subcommand). Unlike
/// git, other relative paths on the command line stay relative to the current directory, so
/// `cairn -C atlas.cairn load donors donors.csv` loads ./donors.csv. Without it the repository is found
/// upward from the current directory. Reading commands also take a remote's URL (`-C s3://bucket/atlas`)
/// and read it in place, through the cache.
struct RepositoryOptions: ParsableArguments {
    /// `-C` given before the subcommand, taken out of the arguments by `Cairn.main`.
    nonisolated(unsafe) static var leadingDirectory: String?

    @Option(name: .customShort("C"), help: ArgumentHelp("The repository, or a directory inside it; reading commands also take a remote URL (s3://…, https://…, file://…).", valueName: "path"),
            completion: .directory)
    var directory: String?

    @Option(name: .customLong("cache-dir"), help: ArgumentHelp("Where data read from remotes is cached, shared by clones (default: CAIRN_CACHE_DIR, else ~/.cache/cairn; bounded by CAIRN_CACHE_SIZE, default 10G).", valueName: "path"),
            completion: .directory)
    var cacheDirectory: String?

    var access: RepositoryAccess {
        let cacheDirectory = cacheDirectory
        return RepositoryAccess(cache: { try ObjectCache.standard(directory: cacheDirectory) })
    }

    private var start: String { directory ?? RepositoryOptions.leadingDirectory ?? FileManager.default.currentDirectoryPath }

    /// The local repository a command changes.
    func open() throws -> Repository {
        if RemoteLocation.isURL(start) {
            throw LakeError.invalidArgument("-C \(start): a remote can only be read in place (query, slice, stream, export, log, show, diff, …); clone it to change it")
        }
        return try access.local(from: start)
    }

    /// The repository a reading command reads: a local one, or a remote URL read in place.
    func openForReading() throws -> Repository {
        if RemoteLocation.isURL(start) { return try access.remote(RemoteSettings(url: start)) }
        return try open()
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
