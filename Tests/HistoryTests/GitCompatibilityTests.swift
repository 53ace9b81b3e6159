import Foundation
import Testing
@testable import History

/// The repository must stay a plain git repository: anyone can inspect it with the git CLI.
@Suite struct GitCompatibilityTests {
    @Test func fsckIsCleanAndGitLogShowsTheCommits() throws {
        let test = try TestRepository()
        try test.commitOnBranch(["dataset.json": "{}", "tables/cells/schema.json": "s"], message: "Import atlas")
        try test.commitOnBranch(["tables/cells/fragments/f1.json": "f"], message: "Append cells\n\nOne fragment.")
        try test.commitOnBranch(["x": "1"], removing: ["dataset.json"], message: "Drop dataset")
        let head = try test.repository.resolveRevision("HEAD")
        try test.repository.createTag(name: "v1", target: head, tagger: test.nextSignature(), message: "one")

        let fsck = try test.gitOutput(["fsck", "--strict", "--no-dangling", "--full"])
        #expect(fsck.standardOutput.isEmpty)
        #expect(!fsck.standardError.contains("error"))
        #expect(!fsck.standardError.contains("warning"))

        let log = try test.git("log", "--format=%s|%an|%ae|%at", "main")
        #expect(log == """
            Drop dataset|Ada Lovelace|ada@example.org|1767225780
            Append cells|Ada Lovelace|ada@example.org|1767225720
            Import atlas|Ada Lovelace|ada@example.org|1767225660

            """)
        #expect(try test.git("rev-parse", "HEAD~1") == test.repository.resolveRevision("HEAD~1").hex + "\n")
        #expect(try test.git("show", "HEAD~1:tables/cells/fragments/f1.json") == "f")
    }
}
