import ArgumentParser
import Lake

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

    func run() throws {
        let report = try repository.open().checkIntegrity()
        for problem in report.problems { emit("\(problem)\n") }
        guard report.isClean else {
            throw LakeError.invalidArgument("fsck found \(report.problems.count) problem\(report.problems.count == 1 ? "" : "s")")
        }
        emit("ok: \(report.references) refs, \(report.commits) commits, \(report.fragments) fragment manifests, "
             + "\(report.objects) data objects (\(report.objectBytes) bytes) checked\n")
    }
}
