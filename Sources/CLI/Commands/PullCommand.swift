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
        let (target, name) = try RemoteTarget.resolve(remote, in: repo)
        guard let name else { throw LakeError.invalidArgument("pull needs a remote's name: add it first with cairn remote add NAME \(remote)") }
        let fetched = try Fetch(repository: repo, remote: target, remoteName: name, cache: try repository.access.cache()).run()
        report(fetched, from: target.name)
        guard let current = try repo.head().branchName ?? branch else { throw LakeError.invalidArgument("HEAD is detached: check out a branch to pull into") }
        let remoteBranch = branch ?? current
        let tracking = "refs/remotes/\(name)/\(remoteBranch)"
        guard try repo.history.resolveReference(tracking) != nil else {
            throw LakeError.invalidArgument("\(name) has no branch '\(remoteBranch)'")
        }
        let result: MergeResult
        do {
            result = try repo.merge(tracking, message: "Merge branch '\(remoteBranch)' of \(target.name)", strategy: strategy)
        } catch let stopped as MergeConflicts {
            for line in stopped.lines { FileHandle.standardError.write(Data("CONFLICT \(line)\n".utf8)) }
            throw stopped
        }
        switch result.kind {
        case .upToDate: emit("Already up to date.\n")
        case .fastForward: emit("Fast-forward: \(result.branch) is now at \(result.commit.abbreviated())\n")
        case .merged: emit("[\(result.branch) \(result.commit.abbreviated())] merged \(name)/\(remoteBranch)\n")
        }
    }
}
