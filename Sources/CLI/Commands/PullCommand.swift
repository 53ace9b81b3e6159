import ArgumentParser
import Foundation
import Lake
import Remote

struct PullCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pull",
        abstract: "Fetch from a remote, then merge its branch into the current one.",
        discussion: """
        `fetch`, then `merge REMOTE/BRANCH`: a fast-forward when the current branch has nothing of its own, \
        otherwise a three-way merge with the same rules and conflict report as `merge`.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The remote (default: origin).")
    var remote = "origin"

    @Argument(help: "The remote's branch (default: the current branch's name).")
    var branch: String?

    @Option(help: "Settle conflicting values with this side's (ours) or the pulled branch's (theirs).")
    var strategy: MergeStrategy?

    func run() throws {
        let repo = try repository.open()
        let (target, name) = try fetchFromNamedRemote(remote, into: repo, command: "pull", repository)
        guard let remoteBranch = try branch ?? repo.head().branchName else {
            throw LakeError.invalidArgument("HEAD is detached: check out a branch to pull into")
        }
        let tracking = "refs/remotes/\(name)/\(remoteBranch)"
        guard try repo.history.resolveReference(tracking) != nil else {
            throw LakeError.invalidArgument("\(name) has no branch '\(remoteBranch)'")
        }
        try reportMerge(of: "\(name)/\(remoteBranch)", into: repo) {
            try repo.merge(tracking, message: "Merge branch '\(remoteBranch)' of \(target.name)", strategy: strategy)
        }
    }
}
