import ArgumentParser
import Lake

struct ResetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reset",
        abstract: "Move the current branch to another commit.",
        discussion: """
        Moves the branch HEAD follows to REV (on a detached HEAD, HEAD itself moves, as in git) and \
        records `reset: moving to REV` in the reflog, so the commits left behind stay reachable as \
        BRANCH@{1} until gc. cairn has no working tree or index: --soft, --mixed and --hard are accepted \
        for familiarity and all do the same.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Flag(help: "Same as the default (no working tree or index to keep).")
    var soft = false
    @Flag(help: "Same as the default.")
    var mixed = false
    @Flag(help: "Same as the default.")
    var hard = false

    @Argument(help: "Where the branch moves: a branch, tag, commit id or prefix, HEAD~2, main@{2026-01-01}.")
    var revision: String

    func validate() throws {
        if [soft, mixed, hard].count(where: { $0 }) > 1 { throw ValidationError("Give at most one of --soft, --mixed and --hard.") }
    }

    func run() throws {
        let result = try repository.open().reset(to: revision)
        let from = result.old?.abbreviated() ?? "(unborn)"
        emit("\(result.branch ?? "HEAD"): \(from) → \(result.new.abbreviated())\n")
    }
}
