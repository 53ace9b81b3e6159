import ArgumentParser
import History
import Lake
import Remote

struct CheckoutCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "checkout",
        abstract: "Make HEAD follow a branch, or detach it at a tag or commit.",
        discussion: """
        With a branch name, HEAD follows that branch: load and import commit to it, and readers read it \
        by default. Any other revision (a tag, a commit id, HEAD~2, main@{2026-01-01}) detaches HEAD at \
        that commit: readers read it, writers refuse until a branch is checked out. Only HEAD changes. \
        In a clone, --hydrate then fetches every data object of that version not yet local (each checked \
        against its SHA-256), so it can be read offline and reproducibly.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "A branch, or any revision: tag, commit id or prefix, HEAD~2, main@{2026-01-01}.")
    var target: String

    @Flag(help: "Make every data object of the checked-out version local (a lazy clone reads them from its remote otherwise).")
    var hydrate = false

    func run() throws {
        let repo = try repository.open()
        switch try repo.checkout(target) {
        case let .branch(name, _):
            emit("Switched to branch '\(name)'\n")
        case let .alreadyOnBranch(name):
            emit("Already on '\(name)'\n")
        case let .detached(commit):
            emit("HEAD is now at \(commit.abbreviated()) (detached: check out a branch before writing)\n")
        }
        if hydrate {
            let bar = TransferProgressBar()
            defer { bar.finish() }
            let fetched = try Hydrate(repository: repo).run(commit: try repo.resolve(nil), progress: bar.handler)
            bar.finish()
            emit(fetched.objects == 0 ? "Every data object of this version is local.\n"
                 : "Hydrated: fetched \(fetched.objects) data object\(fetched.objects == 1 ? "" : "s") (\(formatBytes(fetched.bytes))).\n")
        }
    }
}
