import Foundation
import Testing

/// `cairn diff` and `cairn reset` end to end: imports of the anndata fixtures, text, --stat and JSON
/// output, and bad input refused with one line and no change.
@Suite(.serialized) struct DiffResetCommandTests {
    /// A repository with dataset a tagged v1, then dataset b imported on top.
    func twoVersions() throws -> String {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        try expectSuccess(["init", repo])
        try expectSuccess(["-C", repo, "import", ImportTests.fixtures + "/a.h5ad", "--dataset", "a", "-m", "a"])
        try expectSuccess(["-C", repo, "tag", "v1", "-m", "first release"])
        try expectSuccess(["-C", repo, "import", ImportTests.fixtures + "/b.h5ad", "--dataset", "b", "-m", "b"])
        return repo
    }

    func fail(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try CLI.run(arguments)
        #expect(result.status != 0, sourceLocation: sourceLocation)
        #expect(result.stderr.hasPrefix("cairn: error: "), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.contains(message), "\(result.stderr)", sourceLocation: sourceLocation)
        #expect(result.stderr.split(separator: "\n").count == 1, sourceLocation: sourceLocation)
        #expect(result.stdout.isEmpty, sourceLocation: sourceLocation)
    }

    @Test func diffOfAnImportInTextStatAndJSON() throws {
        let repo = try twoVersions()
        let text = try expectSuccess(["-C", repo, "diff", "v1"])
        #expect(text.hasPrefix("diff "))
        #expect(text.contains("datasets added: b\n"))
        #expect(text.contains("dataset b (added): +80 cells, +50 genes, +"))
        #expect(text.contains("\ntable cells: +80 cells (fragments +1 -0)\n  schema: + batch_only string\n"))
        #expect(!text.contains("table cells (added)"))

        let stat = try expectSuccess(["-C", repo, "diff", "v1", "HEAD", "--stat"]).split(separator: "\n").map(String.init)
        #expect(stat.contains("cells       +80 cells, schema changed"))
        #expect(stat.contains("genes       +30 genes"))  // 20 of b's 50 genes were already registered by a
        #expect(!stat.contains { $0.hasPrefix("  ") })

        let json = try JSONSerialization.jsonObject(with: Data(try expectSuccess(["-C", repo, "diff", "v1", "--format", "json"]).utf8)) as! [String: Any]
        #expect(json["new"] as? String == (try expectSuccess(["-C", repo, "rev-parse", "HEAD"])).trimmingCharacters(in: .newlines))
        #expect(json["datasets_added"] as? [String] == ["b"])
        let b = try #require((json["datasets"] as? [[String: Any]])?.first)
        #expect(b["name"] as? String == "b")
        #expect(b["status"] as? String == "added")
        #expect(b["cells_added"] as? Int == 80)
        #expect(b["genes_added"] as? Int == 50)
        #expect((b["non_zeros_added"] as? Int ?? 0) > 0)
        let tables = try #require(json["tables"] as? [[String: Any]])
        #expect(tables.compactMap { $0["table"] as? String } == ["cells", "expression", "genes", "var"])
        let cells = tables[0]
        #expect(cells["key"] as? [String] == ["cell_id"])
        #expect(cells["rows_added"] as? Int == 80)
        #expect(((cells["schema"] as? [String: Any])?["added"] as? [[String: Any]])?.first?["name"] as? String == "batch_only")
        #expect((cells["datasets"] as? [[String: Any]])?.first?["rows_added"] as? Int == 80)

        let only = try JSONSerialization.jsonObject(with: Data(try expectSuccess(["-C", repo, "diff", "v1", "--table", "var", "--format", "json"]).utf8)) as! [String: Any]
        #expect((only["tables"] as? [[String: Any]])?.compactMap { $0["table"] as? String } == ["var"])
    }

    @Test func sameCommitPrintsNothingAndBadInputIsRefused() throws {
        let repo = try twoVersions()
        #expect(try expectSuccess(["-C", repo, "diff", "HEAD", "main"]).isEmpty)
        try fail(["-C", repo, "diff", "v7"], "unknown revision 'v7'")
        try fail(["-C", repo, "diff", "v1", "nope~1"], "unknown revision 'nope~1'")
        try fail(["-C", repo, "diff", "v1", "--table", "ghost"], "no table 'ghost' at v1 or HEAD")
        // Two blobs whose ids share 4 hex digits make that prefix ambiguous.
        let pair = try CLI.python(#"""
import hashlib, itertools
seen = {}
for i in itertools.count():
    data = f"filler {i}\n".encode()
    prefix = hashlib.sha1(b"blob %d\0" % len(data) + data).hexdigest()[:4]
    if prefix in seen:
        print(seen[prefix]); print(i); break
    seen[prefix] = i
"""#).stdout.split(separator: "\n")
        var prefix = ""
        for i in pair {
            let written = try CLI.runProcess("/bin/sh", ["-c", "printf 'filler \(i)\\n' | git --git-dir '\(repo)/git' hash-object -w --stdin"])
            prefix = String(written.stdout.prefix(4))
        }
        try fail(["-C", repo, "diff", prefix], "ambiguous revision prefix '\(prefix)'")
        let bad = try CLI.run(["-C", repo, "diff", "v1", "--format", "yaml"])
        #expect(bad.status != 0)
    }

    @Test func resetMovesTheBranchAndTheReflogKeepsTheOldCommit() throws {
        let repo = try twoVersions()
        let head = try expectSuccess(["-C", repo, "rev-parse", "HEAD"]).trimmingCharacters(in: .newlines)
        let v1 = try expectSuccess(["-C", repo, "rev-parse", "v1"]).trimmingCharacters(in: .newlines)
        #expect(try expectSuccess(["-C", repo, "reset", "--hard", "v1"]) == "main: \(head.prefix(7)) → \(v1.prefix(7))\n")
        #expect(try expectSuccess(["-C", repo, "rev-parse", "main"]).hasPrefix(v1))
        #expect(try expectSuccess(["-C", repo, "reflog", "main"]).contains("main@{0}: reset: moving to v1"))
        #expect(try expectSuccess(["-C", repo, "diff", "HEAD", "main@{1}", "--stat"]).contains("datasets added: b"))
        // --soft and the default behave the same: back to where it was.
        try expectSuccess(["-C", repo, "reset", "--soft", "main@{1}"])
        #expect(try expectSuccess(["-C", repo, "rev-parse", "main"]).hasPrefix(head))

        try fail(["-C", repo, "reset", "nowhere"], "unknown revision 'nowhere'")
        #expect(try expectSuccess(["-C", repo, "rev-parse", "main"]).hasPrefix(head))
        #expect(try CLI.run(["-C", repo, "reset", "--soft", "--hard", "v1"]).status != 0)

        // A detached HEAD moves itself, as in git; the branch stays.
        try expectSuccess(["-C", repo, "checkout", "v1"])
        #expect(try expectSuccess(["-C", repo, "reset", head]).hasPrefix("HEAD: \(v1.prefix(7)) → "))
        #expect(try expectSuccess(["-C", repo, "rev-parse", "HEAD"]).hasPrefix(head))
        #expect(try expectSuccess(["-C", repo, "branch"]).hasPrefix("* (HEAD detached at \(head.prefix(7)))"))
    }
}
