import ArgumentParser
import Foundation
import Lake
import Remote

struct FetchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fetch",
        abstract: "Bring a remote's history: its branches as REMOTE/BRANCH, its tags, no data.",
        discussion: """
        Downloads only history packs this repository lacks (each checked against its SHA-256 and indexed by \
        git), moves the remote-tracking refs, and adds tags not yet here (a local tag of the same name that \
        differs is kept and reported). Data objects are read from the remote when first needed (a clone), \
        or fetched with `checkout --hydrate`.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The remote (default: origin).")
    var remote = "origin"

    func run() throws {
        _ = try fetchFromNamedRemote(remote, into: try repository.open(), command: "fetch", repository)
    }
}

/// `fetch` of a configured remote (a bare URL has no tracking refs to move), reported; shared by
/// `fetch` and `pull`.
func fetchFromNamedRemote(_ remote: String, into repo: Repository, command: String,
                          _ options: RepositoryOptions) throws -> (RemoteRepository, name: String) {
    let (target, name) = try RemoteTarget.resolve(remote, in: repo)
    guard let name else { throw LakeError.invalidArgument("\(command) needs a remote's name: add it first with cairn remote add NAME \(remote)") }
    report(try Fetch(repository: repo, remote: target, remoteName: name, cache: try options.access.cache()).run(), from: target.name)
    return (target, name)
}

private func report(_ result: FetchResult, from url: String) {
    guard !result.updated.isEmpty || !result.conflictingTags.isEmpty else { return }
    emit("From \(url)\n")
    if result.objectsFetched > 0 {
        emit("fetched \(result.objectsFetched) data object\(result.objectsFetched == 1 ? "" : "s") (\(formatBytes(result.objectBytesFetched)))\n")
    }
    for update in result.updated {
        let short = update.name.replacingOccurrences(of: "refs/remotes/", with: "").replacingOccurrences(of: "refs/tags/", with: "")
        let range = update.old.map { "\($0.abbreviated())..\(update.new.abbreviated())" } ?? "[new] \(update.new.abbreviated())"
        emit("   \(range) \(short)\n")
    }
    for tag in result.conflictingTags {
        FileHandle.standardError.write(Data("cairn: warning: tag '\(tag)' differs on the remote; the local one is kept\n".utf8))
    }
}
