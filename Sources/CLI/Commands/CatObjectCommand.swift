import ArgumentParser
import Foundation
import Lake

struct CatObjectCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cat-object",
        abstract: "Write the raw bytes of a data object to stdout (plumbing).")

    @OptionGroup var repository: RepositoryOptions

    @Argument(help: "The object's SHA-256 (64 hex digits, or a unique prefix of at least 4).")
    var id: String

    func run() throws {
        let bytes = try repository.openForReading().dataObject(id)
        FileHandle.standardOutput.write(Data(bytes))
    }
}
