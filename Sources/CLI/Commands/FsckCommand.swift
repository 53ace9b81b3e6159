import ArgumentParser
import Lake
import Remote

struct FsckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fsck",
        abstract: "Verify every data object, manifest and ref of the repository.",
        discussion: """
        Re-hashes every data object; checks that every ref and reflog entry names a commit, that every \
        manifest of every reachable commit decodes, and that the objects it names exist with the recorded \
        size, Parquet footer and row count, and deletion vectors. Prints one line per problem and exits \
        non-zero if there is any.
        """)

    @OptionGroup var repository: RepositoryOptions

    @Option(help: ArgumentHelp("Check this remote in place instead (by name or URL): its refs.json, packs and history, and every data object its refs reach, downloaded and re-hashed.", valueName: "remote"))
    var remote: String?

    @Flag(name: .customLong("no-hash-data"), help: "With --remote: check that objects exist with their sizes, without downloading them.")
    var skipHashingData = false

    func run() throws {
        let report: IntegrityReport
        if let remote {
            let settings = RemoteLocation.isURL(remote) ? RemoteSettings(url: remote) : try RemoteConfiguration(try repository.open()).settings(remote)
            report = try RemoteMaintenance(settings: settings, access: repository.access).checkIntegrity(hashData: !skipHashingData)
        } else {
            report = try repository.open().checkIntegrity()
        }
        for problem in report.problems { emit("\(problem)\n") }
        guard report.isClean else {
            throw LakeError.invalidArgument("fsck found \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        }
        emit("ok: \(report.references) refs, \(report.commits) commits, \(report.fragments) fragment manifests, "
             + "\(report.objects) data objects (\(report.objectBytes) bytes) checked"
             + (report.notFetched > 0 ? ", \(report.notFetched) not fetched yet (read from the remote when needed)" : "") + "\n")
    }
}
