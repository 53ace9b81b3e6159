import ArgumentParser
import Lake

struct RevParseCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rev-parse",
        abstract: "Print the commit id a revision names (plumbing).")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "HEAD, a branch or tag, a commit id or unique prefix, HEAD~2, main^, main@{2026-01-01} (by commit date, UTC).")
    var revision: String

    func run() throws {
        emit("\(try repository.openForReading().resolve(revision))\n")
    }
}
