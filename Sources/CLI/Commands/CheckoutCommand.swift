import ArgumentParser
import History
import Lake

struct CheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Make HEAD follow a branch, or detach it at a tag or commit.",
        discussion: """
        With a branch name, HEAD follows that branch: load and import commit to it, and readers read it \
        by default. Any other revision (a tag, a commit id, HEAD~2, main@{2026-01-01}) detaches HEAD at \
        that commit: readers read it, writers refuse until a branch is checked out. Only HEAD changes.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "A branch, or any revision: tag, commit id or prefix, HEAD~2, main@{2026-01-01}.")
    var target: String

    func run() throws {
        switch try repository.open().checkout(target) {
        case let .branch(name, _):
            emit("Switched to branch '\(name)'\n")
        case let .alreadyOnBranch(name):
            emit("Already on '\(name)'\n")
        case let .detached(commit):
            emit("HEAD is now at \(commit.abbreviated()) (detached: check out a branch before writing)\n")
        }
    }
}
