import ArgumentParser
import Lake

struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Create an empty repository with branch main.")

    @Argument(help: "Directory of the new repository (created; must not exist or be empty).", completion: .directory)
    var path: String

    func run() throws {
        let repository = try Repository.create(at: path)
        emit("Initialized empty cairn repository in \(repository.path)\n")
    }
}
