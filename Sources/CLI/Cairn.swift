import ArgumentParser
import Foundation
import Lake

@main
struct Cairn: ParsableCommand {
    static let version = "0.1.0"

    static let configuration = CommandConfiguration(
        commandName: "cairn",
        abstract: "A versioned data lake for single-cell atlases: tables of Parquet fragments under git-like history.",
        version: version,
        subcommands: [
            InitCommand.self, LoadCommand.self, ImportCommand.self, DatasetsCommand.self, QueryCommand.self, SliceCommand.self,
            StreamCommand.self, StatsCommand.self, UpdateCommand.self, AnnotateCommand.self, DeleteCommand.self,
            LogCommand.self, ShowCommand.self, LsCommand.self,
            BranchCommand.self, CheckoutCommand.self, TagCommand.self, ReflogCommand.self,
            DiffCommand.self, MergeCommand.self, RevertCommand.self, ResetCommand.self,
            SchemaCommand.self, ExportCommand.self, ExportTableCommand.self,
            RevParseCommand.self, LsFragmentsCommand.self, CatObjectCommand.self,
            CompactCommand.self, IndexCommand.self, GcCommand.self, FsckCommand.self,
            RemoteCommand.self, PushCommand.self, FetchCommand.self, PullCommand.self, CloneCommand.self,
        ]
    )

    /// Parses, runs, and turns any failure into one line on stderr and a non-zero exit, never a trap.
    static func main() {
        do {
            var arguments = Array(CommandLine.arguments.dropFirst())
            // `-C PATH` may also come before the subcommand, as in git (the parser only sees it after).
            while arguments.count >= 2 && arguments[0] == "-C" {
                RepositoryOptions.leadingDirectory = arguments[1]
                arguments.removeFirst(2)
            }
            var command = try parseSubcommandAlone(arguments) ?? parseAsRoot(arguments)
            try command.run()
        } catch {
            if isArgumentParserError(error) { exit(withError: error) }
            FileHandle.standardError.write(Data("cairn: error: \(error)\n".utf8))
            Foundation.exit(1)
        }
    }

    /// Parsing from the root builds the arguments of every subcommand by reflection, a few milliseconds of
    /// a 40 ms query; a plain `cairn SUBCOMMAND ARGS` is parsed by that subcommand alone. Help, version and
    /// completion requests, and anything the subcommand refuses, go through the root, whose messages and
    /// usage name the whole command.
    private static func parseSubcommandAlone(_ arguments: [String]) -> ParsableCommand? {
        guard let name = arguments.first,
              let subcommand = configuration.subcommands.first(where: { $0.configuration.commandName == name }),
              !arguments.contains(where: { $0 == "help" || $0 == "--version" || $0.hasPrefix("-h") || $0.hasPrefix("--help")
                                             || $0.hasPrefix("--generate-completion") || $0.hasPrefix("--experimental") })
        else { return nil }
        return try? subcommand.parseAsRoot(Array(arguments.dropFirst()))
    }

    private static func isArgumentParserError(_ error: Error) -> Bool {
        String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }
}

