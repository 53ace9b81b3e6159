import ArgumentParser
import Columnar
import History
import Interchange
import Lake

struct BranchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "branch",
        abstract: "List branches, create one at HEAD or a revision, or delete one.",
        discussion: """
        Without a name, lists the branches; the one HEAD follows is marked with '*'. With a name, creates \
        the branch at START (default HEAD); an existing name is refused. -d deletes a branch whose commits \
        HEAD contains; -D deletes it anyway. Only refs change: these commands never read data objects.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: FormatOptions

    @Flag(name: [.customShort("d"), .customLong("delete")], help: "Delete the branch (refused when HEAD does not contain its commits).")
    var delete = false

    @Flag(name: .customShort("D"), help: "Delete the branch even when its commits are not in HEAD.")
    var forceDelete = false

    @Argument(help: "The branch to create or delete.")
    var name: String?

    @Argument(help: "Where the new branch starts: a branch, tag, commit or expression like HEAD~2 (default HEAD).")
    var start: String?

    func validate() throws {
        if delete || forceDelete {
            guard name != nil else { throw ValidationError("-d/-D need the name of the branch to delete.") }
            guard start == nil else { throw ValidationError("-d/-D take one branch name, not a start revision.") }
        } else if name == nil, start != nil {
            throw ValidationError("A start revision needs a branch name.")
        }
    }

    func run() throws {
        let repo = try repository.open()
        if let name, delete || forceDelete {
            let was = try repo.deleteBranch(name, force: forceDelete)
            emit("Deleted branch \(name) (was \(was.abbreviated())).\n")
        } else if let name {
            let commit = try repo.createBranch(name, at: start)
            emit("Created branch \(name) at \(commit.abbreviated()).\n")
        } else {
            try list(repo)
        }
    }

    private func list(_ repo: Repository) throws {
        let branches = try repo.branches()
        if output.format == .table {
            let width = branches.map(\.name.count).max() ?? 0
            let head = try repo.head()
            if head.isDetached, let id = head.id { emit("* (HEAD detached at \(id.abbreviated()))\n") }
            for branch in branches {
                let padding = String(repeating: " ", count: width - branch.name.count)
                emit("\(branch.isCurrent ? "*" : " ") \(branch.name)\(padding)  \(branch.commit.id.abbreviated()) \(branch.commit.summary)\n")
            }
            return
        }
        var table = ResultTable(columns: ["name", "commit", "current", "message"])
        for branch in branches {
            table.append([.string(branch.name), .string(branch.commit.id.hex), .boolean(branch.isCurrent),
                          .string(branch.commit.summary)])
        }
        emit(table.render(output.format))
    }
}
