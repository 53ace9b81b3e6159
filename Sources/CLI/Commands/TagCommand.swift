import ArgumentParser
import Columnar
import History
import Interchange
import Lake

struct TagCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tag",
        abstract: "List tags, create an annotated tag for a version, or delete one.",
        discussion: """
        Tags name releases and never move by themselves: creating a tag that exists is refused unless -f. \
        Without a name, lists the tags with their commits and messages.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var output: FormatOptions

    @Option(name: .shortAndLong, help: "The tag's message (default: the tag name).")
    var message: String?

    @Flag(name: .shortAndLong, help: "Replace an existing tag of that name.")
    var force = false

    @Flag(name: [.customShort("d"), .customLong("delete")], help: "Delete the tag.")
    var delete = false

    @Argument(help: "The tag to create or delete, e.g. v2026.1.")
    var name: String?

    @Argument(help: "The commit to tag: a branch, tag, commit id or expression like HEAD~2 (default HEAD).")
    var revision: String?

    func validate() throws {
        if delete {
            guard name != nil else { throw ValidationError("-d needs the name of the tag to delete.") }
            guard revision == nil, message == nil, !force else { throw ValidationError("-d takes only a tag name.") }
        } else if name == nil, revision != nil || message != nil || force {
            throw ValidationError("Give the name of the tag to create.")
        }
    }

    func run() throws {
        let repo = try repository.open()
        if let name, delete {
            let tag = try repo.deleteTag(name)
            emit("Deleted tag '\(name)' (was \(tag.referenceTarget.abbreviated())).\n")
        } else if let name {
            let tag = try repo.createTag(name, at: revision, message: message ?? name, force: force)
            emit("Tagged \(tag.target.abbreviated()) as \(name).\n")
        } else {
            var table = ResultTable(columns: ["name", "commit", "message"])
            for tag in try repo.tags() {
                let text = tag.message.map(Self.trimmed) ?? ""
                table.append([.string(tag.name), .string(output.format == .table ? tag.target.abbreviated() : tag.target.hex),
                              .string(output.format == .table ? String(text.split(separator: "\n").first ?? "") : text)])
            }
            emit(table.render(output.format))
        }
    }

    private static func trimmed(_ message: String) -> String {
        var text = message
        while text.hasSuffix("\n") { text.removeLast() }
        return text
    }
}
