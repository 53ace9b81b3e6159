import ArgumentParser
import Foundation
import Lake
import Remote

struct PushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "push",
        abstract: "Send branches and tags, with every data object they reach, to a remote.",
        discussion: """
        Data objects first (only those the remote lacks, in parallel), then the history as one pack, then \
        the refs in one conditional write of the remote's refs.json: a remote ref is never visible before \
        everything it reaches, and a push killed at any point leaves the remote as it was (run it again to \
        finish; objects already sent are not sent again). A ref that moved on the remote since your last \
        fetch is rejected as non-fast-forward unless --force. Before the first push to a store, cairn checks \
        that it honours conditional writes and refuses one that does not.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The remote's name or URL (default: origin).")
    var remote = "origin"

    @Argument(help: "Branches and tags to push, as NAME or LOCAL:REMOTE (default: the current branch).")
    var references: [String] = []

    @Flag(help: "Replace remote refs even when that loses commits (not a fast-forward) or moves a tag.")
    var force = false

    func run() throws {
        let repo = try repository.open()
        let (target, name) = try RemoteTarget.resolve(remote, in: repo)
        let push = Push(repository: repo, remote: target, remoteName: name, force: force)
        let bar = TransferProgressBar()
        defer { bar.finish() }
        let result = try push.run(try push.referenceSpecs(references), progress: bar.handler)
        bar.finish()
        emit("To \(target.name)\n")
        for reference in result.references {
            let short = reference.name.replacingOccurrences(of: "refs/heads/", with: "").replacingOccurrences(of: "refs/tags/", with: "")
            if reference.upToDate { emit(" = \(short) (up to date)\n"); continue }
            let range = reference.old.map { "\($0.abbreviated())\(reference.forced ? "..." : "..")\(reference.new.abbreviated())" }
            emit(" \(reference.forced ? "+" : " ") \(range ?? "[new] \(reference.new.abbreviated())") \(short)\(reference.forced ? " (forced update)" : "")\n")
        }
        if result.objectsSent > 0 || result.pack != nil {
            emit("sent \(result.objectsSent) data object\(result.objectsSent == 1 ? "" : "s") (\(formatBytes(result.objectBytesSent))) and \(result.pack == nil ? "no history" : "history (\(formatBytes(result.packBytesSent)))")\n")
        }
    }
}

/// A remote named on the command line: a configured remote's name, or a URL used directly.
enum RemoteTarget {
    static func resolve(_ nameOrURL: String, in repository: Repository) throws -> (RemoteRepository, name: String?) {
        let settings: RemoteSettings
        let name: String?
        if RemoteLocation.isURL(nameOrURL) {
            settings = RemoteSettings(url: nameOrURL)
            name = nil
        } else {
            settings = try RemoteConfiguration(repository).settings(nameOrURL)
            name = nameOrURL
        }
        return (RemoteRepository(store: try openRemoteStore(settings), name: settings.url), name)
    }
}
