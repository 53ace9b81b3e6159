import Foundation
import Testing

/// `branch`, `checkout`, `tag`, `reflog` and dated revisions, end to end through the binary.
@Suite struct VersionCommandTests {
    /// init (2026-01-01 09:00Z), donor sheet (2026-01-10 09:00Z), more donors (2026-02-01 09:00Z).
    func datedRepository() throws -> (dir: String, repo: String) {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        try expectSuccess(["init", repo], environment: ["CAIRN_AUTHOR_DATE": "2026-01-01T09:00:00Z"])
        write("donor,age\nD1,34\nD2,58\n", to: dir + "/donors.csv")
        try expectSuccess(["-C", repo, "load", "donors", dir + "/donors.csv", "-m", "donor sheet"], environment: ["CAIRN_AUTHOR_DATE": "2026-01-10T09:00:00Z"])
        write("donor,age\nD3,41\n", to: dir + "/more.csv")
        try expectSuccess(["-C", repo, "load", "donors", dir + "/more.csv", "-m", "more donors"], environment: ["CAIRN_AUTHOR_DATE": "2026-02-01T09:00:00Z"])
        return (dir, repo)
    }

    func revParse(_ repo: String, _ revision: String) throws -> String {
        try expectSuccess(["-C", repo, "rev-parse", revision]).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func rows(_ repo: String, at revision: String) throws -> String {
        try expectSuccess(["-C", repo, "query", "--at", revision, "--format", "csv", "SELECT count(*) AS n FROM donors"])
    }

    @Test func branchCreatesListsAndDeletes() throws {
        let (_, repo) = try datedRepository()
        let head = try revParse(repo, "HEAD")
        #expect(try expectSuccess(["-C", repo, "branch", "relabel"]) == "Created branch relabel at \(head.prefix(7)).\n")
        try expectSuccess(["-C", repo, "branch", "old", "HEAD~1"])
        #expect(try revParse(repo, "old") == revParse(repo, "HEAD~1"))
        let listing = try expectSuccess(["-C", repo, "branch"])
        let lines = listing.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("* main     \(head.prefix(7)) more donors"))
        #expect(lines[1].hasPrefix("  old      "))
        #expect(lines[1].hasSuffix("donor sheet"))
        #expect(lines[2].hasPrefix("  relabel  \(head.prefix(7))"))
        let json = try expectSuccess(["-C", repo, "branch", "--format", "json"]).split(separator: "\n")
        let first = try JSONSerialization.jsonObject(with: Data(json[0].utf8)) as! [String: Any]
        #expect(first["name"] as? String == "main")
        #expect(first["commit"] as? String == head)
        #expect(first["current"] as? Bool == true)

        #expect(try expectSuccess(["-C", repo, "branch", "-d", "old"]) .hasPrefix("Deleted branch old (was "))
        try expectSuccess(["-C", repo, "checkout", "relabel"])
        try expectSuccess(["-C", repo, "load", "donors", repo + "/../more.csv", "-m", "on relabel"])
        try expectSuccess(["-C", repo, "checkout", "main"])
        try expectSuccess(["-C", repo, "branch", "-D", "relabel"])
        #expect(try expectSuccess(["-C", repo, "branch", "--format", "csv"]).split(separator: "\n").count == 2)
    }

    @Test func checkoutMovesHeadAndWritersFollowIt() throws {
        let (dir, repo) = try datedRepository()
        let main = try revParse(repo, "main")
        try expectSuccess(["-C", repo, "branch", "curation"])
        #expect(try expectSuccess(["-C", repo, "checkout", "curation"]) == "Switched to branch 'curation'\n")
        #expect(try expectSuccess(["-C", repo, "checkout", "curation"]) == "Already on 'curation'\n")
        #expect(try expectSuccess(["-C", repo, "branch"]).contains("* curation"))
        let load = try expectSuccess(["-C", repo, "load", "donors", dir + "/more.csv", "-m", "curated"])
        #expect(load.hasPrefix("[curation "))
        #expect(try revParse(repo, "main") == main)
        #expect(try rows(repo, at: "HEAD") == "n\n4\n")
        #expect(try rows(repo, at: "main") == "n\n3\n")

        // A tag or a commit detaches HEAD: readers read it, writers refuse.
        try expectSuccess(["-C", repo, "tag", "v1", "main~1", "-m", "first sheet"])
        #expect(try expectSuccess(["-C", repo, "checkout", "v1"]).hasPrefix("HEAD is now at "))
        #expect(try rows(repo, at: "HEAD") == "n\n2\n")
        #expect(try expectSuccess(["-C", repo, "ls", "--format", "csv"]).contains("donors,2,1,"))
        #expect(try expectSuccess(["-C", repo, "branch"]).hasPrefix("* (HEAD detached at "))
        let refused = try CLI.run(["-C", repo, "load", "donors", dir + "/more.csv"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("HEAD is detached at "))
        #expect(refused.stderr.contains("cairn checkout"))
        try expectSuccess(["-C", repo, "checkout", String(main.prefix(6))])
        #expect(try revParse(repo, "HEAD") == main)
        try expectSuccess(["-C", repo, "checkout", "main"])
        #expect(try expectSuccess(["-C", repo, "branch"]).contains("* main"))
    }

    @Test func importRefusesADetachedHead() throws {
        let (dir, repo) = try datedRepository()
        let tenx = dir + "/tenx"
        try FileManager.default.createDirectory(atPath: tenx, withIntermediateDirectories: true)
        write("ENSG00000001\tGENE1\tGene Expression\nENSG00000002\tGENE2\tGene Expression\n", to: tenx + "/features.tsv")
        write("AAAC-1\nAAAG-1\n", to: tenx + "/barcodes.tsv")
        write("%%MatrixMarket matrix coordinate integer general\n2 2 2\n1 1 3\n2 2 5\n", to: tenx + "/matrix.mtx")
        try expectSuccess(["-C", repo, "checkout", "HEAD~1"])
        let before = try revParse(repo, "main")
        let refused = try CLI.run(["-C", repo, "import", tenx, "--dataset", "run1"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("HEAD is detached"), "\(refused.stderr)")
        #expect(try revParse(repo, "main") == before)
        try expectSuccess(["-C", repo, "checkout", "main"])
        #expect(try expectSuccess(["-C", repo, "import", tenx, "--dataset", "run1"]).contains("2 cells"))
    }

    @Test func tagsAreListedAndImmutable() throws {
        let (_, repo) = try datedRepository()
        #expect(try expectSuccess(["-C", repo, "tag", "v2026.1", "-m", "first public release"]).hasPrefix("Tagged "))
        try expectSuccess(["-C", repo, "tag", "v2025.4", "HEAD~1", "-m", "preview\nwith details"])
        let listing = try expectSuccess(["-C", repo, "tag"])
        let head = try revParse(repo, "HEAD"), parent = try revParse(repo, "HEAD~1")
        #expect(listing == """
        name     commit   message
        v2025.4  \(parent.prefix(7))  preview
        v2026.1  \(head.prefix(7))  first public release

        """)
        let json = try expectSuccess(["-C", repo, "tag", "--format", "json"]).split(separator: "\n")
        let first = try JSONSerialization.jsonObject(with: Data(json[0].utf8)) as! [String: Any]
        #expect(first["commit"] as? String == parent)
        #expect(first["message"] as? String == "preview\nwith details")
        #expect(try rows(repo, at: "v2025.4") == "n\n2\n")
        #expect(try rows(repo, at: "v2026.1^") == "n\n2\n")

        try expectSuccess(["-C", repo, "tag", "-f", "v2026.1", "HEAD~2", "-m", "moved"])
        #expect(try revParse(repo, "v2026.1") == revParse(repo, "HEAD~2"))
        #expect(try expectSuccess(["-C", repo, "tag", "-d", "v2025.4"]).hasPrefix("Deleted tag 'v2025.4'"))
        #expect(try expectSuccess(["-C", repo, "tag", "--format", "csv"]).split(separator: "\n").count == 2)
        // Plain git sees annotated tags.
        let gitTag = try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", repo + "/git", "cat-file", "-t", "v2026.1"])
        #expect(gitTag.stdout == "tag\n")
    }

    @Test func readersTakeEveryRevisionForm() throws {
        let (_, repo) = try datedRepository()
        try expectSuccess(["-C", repo, "tag", "v2026.1", "-m", "release"])
        let head = try revParse(repo, "HEAD")
        #expect(try rows(repo, at: "main@{2026-01-11}") == "n\n2\n")
        #expect(try revParse(repo, "main@{2026-01-10}") == revParse(repo, "HEAD~2"))  // midnight: before the 09:00 load
        #expect(try rows(repo, at: "main@{2026-01-10 09:00}") == "n\n2\n")
        #expect(try rows(repo, at: "main@{2026-01-31T23:59:59Z}") == "n\n2\n")
        #expect(try rows(repo, at: "main@{2026-02-01 10:00:00+01:00}") == "n\n3\n")
        #expect(try rows(repo, at: "main@{2026-02-15}~1") == "n\n2\n")
        #expect(try rows(repo, at: "HEAD~1") == "n\n2\n")
        #expect(try rows(repo, at: "v2026.1^") == "n\n2\n")
        #expect(try rows(repo, at: String(head.prefix(6))) == "n\n3\n")
        #expect(try rows(repo, at: "main@{1}") == "n\n2\n")                       // reflog position
        #expect(try revParse(repo, "main@{2026-01-05}") == revParse(repo, "HEAD~2"))
        #expect(try expectSuccess(["-C", repo, "ls", "--at", "main@{2026-01-05}", "--format", "csv"]) == "table,rows,fragments,bytes\n")
        let log = try expectSuccess(["-C", repo, "log", "-n", "1", "--format", "csv", "main@{2026-01-10 12:00}"])
        #expect(log.contains("donor sheet"))
    }

    @Test func reflogShowsLocalMoves() throws {
        let (_, repo) = try datedRepository()
        try expectSuccess(["-C", repo, "branch", "dev", "HEAD~1"])
        try expectSuccess(["-C", repo, "checkout", "dev"])
        let head = try expectSuccess(["-C", repo, "reflog"]).split(separator: "\n").map(String.init)
        let dev = try revParse(repo, "dev")
        #expect(head[0] == "\(dev.prefix(7)) HEAD@{0}: checkout: moving from main to dev")
        #expect(head[1].hasSuffix("HEAD@{1}: commit: more donors"))
        #expect(head.count == 4)
        let main = try expectSuccess(["-C", repo, "reflog", "main"]).split(separator: "\n")
        #expect(main.count == 3)
        #expect(main[2].hasSuffix("main@{2}: commit: Initialize repository"))
        let json = try expectSuccess(["-C", repo, "reflog", "dev", "--format", "json"]).split(separator: "\n")
        let entry = try JSONSerialization.jsonObject(with: Data(json[0].utf8)) as! [String: Any]
        #expect(entry["reference"] as? String == "refs/heads/dev")
        #expect(entry["message"] as? String == "branch: Created from HEAD~1")
        #expect(entry["commit"] as? String == dev)
        #expect(entry["committer"] as? String == "Test Author")  // the commit identity, not git's "unknown"
    }

    /// Eight processes create the same branch (and the same tag) at once: exactly one of each lands.
    @Test func racingCreatorsOfOneNameHaveOneWinner() throws {
        let (_, repo) = try datedRepository()
        for arguments in [["branch", "release", "HEAD~1"], ["tag", "v1", "-m", "race"]] {
            let processes = try (0..<8).map { _ in try CLI.start(["-C", repo] + arguments) }
            processes.forEach { $0.waitUntilExit() }
            #expect(processes.filter { $0.terminationStatus == 0 }.count == 1, "\(arguments)")
        }
        #expect(try revParse(repo, "release") == revParse(repo, "HEAD~1"))
        #expect(try expectSuccess(["-C", repo, "reflog", "release"]).split(separator: "\n").count == 1)
        #expect(try expectSuccess(["-C", repo, "tag", "--format", "csv"]).split(separator: "\n").count == 2)
    }

    /// A process killed while moving a ref leaves `<ref>.lock`; the next ref command clears it under
    /// the repository flock (the stale-lock rule) instead of failing forever.
    @Test func staleRefLocksAreClearedByRefCommands() throws {
        let (_, repo) = try datedRepository()
        write("", to: repo + "/git/refs/heads/dev.lock")
        try expectSuccess(["-C", repo, "branch", "dev"])
        write("", to: repo + "/git/HEAD.lock")
        try expectSuccess(["-C", repo, "checkout", "dev"])
        try FileManager.default.createDirectory(atPath: repo + "/git/refs/tags", withIntermediateDirectories: true)
        write("", to: repo + "/git/refs/tags/v1.lock")
        try expectSuccess(["-C", repo, "tag", "v1", "-m", "after a crash"])
        #expect(try revParse(repo, "v1") == revParse(repo, "dev"))
        let leftovers = try FileManager.default.subpathsOfDirectory(atPath: repo + "/git").filter { $0.hasSuffix(".lock") }
        #expect(leftovers.isEmpty, "\(leftovers)")
    }

    // MARK: Bad input: one line, non-zero exit, refs untouched

    /// HEAD, every ref and every reflog, as plain git sees them.
    func refState(_ repo: String) throws -> String {
        let refs = try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", repo + "/git", "for-each-ref"]).stdout
        let head = try String(contentsOfFile: repo + "/git/HEAD", encoding: .utf8)
        let logs = try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", repo + "/git", "reflog", "--all"]).stdout
        return head + refs + logs
    }

    func expectRefusal(_ repo: String, _ arguments: [String], mentions fragments: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let before = try refState(repo)
        let result = try CLI.run(["-C", repo] + arguments)
        #expect(result.status != 0, "\(arguments) succeeded", sourceLocation: sourceLocation)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n"), "one line expected: \(message)", sourceLocation: sourceLocation)
        #expect(message.hasPrefix("cairn: error: "), "\(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "'\(fragment)' not in: \(message)", sourceLocation: sourceLocation)
        }
        #expect(try refState(repo) == before, "\(arguments) changed refs", sourceLocation: sourceLocation)
    }

    @Test func badRevisionsAreRefused() throws {
        let (dir, repo) = try datedRepository()
        try expectRefusal(repo, ["query", "--at", "nope", "SELECT 1 FROM donors"], mentions: ["unknown revision 'nope'"])
        try expectRefusal(repo, ["rev-parse", "HEAD~7"], mentions: ["unknown revision 'HEAD~7'"])
        try expectRefusal(repo, ["ls", "--at", "main@{2025-12-31}"],
                          mentions: ["no commit on main at or before 2025-12-31T00:00:00Z"])
        try expectRefusal(repo, ["query", "--at", "main@{2026-01-01 08:59:59}", "SELECT 1 FROM donors"],
                          mentions: ["no commit on main at or before 2026-01-01T08:59:59Z"])
        try expectRefusal(repo, ["rev-parse", "main@{someday}"], mentions: ["'someday'", "date"])
        try expectRefusal(repo, ["rev-parse", "main@{9}"], mentions: ["main@{9}"])

        // Blobs until two ids share a 4-digit prefix: that prefix is ambiguous.
        let blobs = dir + "/blobs"
        try FileManager.default.createDirectory(atPath: blobs, withIntermediateDirectories: true)
        let paths = (0..<1500).map { blobs + "/\($0)" }
        for (index, path) in paths.enumerated() { write("blob \(index)\n", to: path) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["git", "--git-dir", repo + "/git", "hash-object", "-w", "--stdin-paths"]
        let input = Pipe(), output = Pipe()
        process.standardInput = input
        process.standardOutput = output
        try process.run()
        input.fileHandleForWriting.write(Data(paths.joined(separator: "\n").utf8 + [10]))
        try input.fileHandleForWriting.close()
        let ids = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self).split(separator: "\n")
        process.waitUntilExit()
        var seen = Set<Substring>()
        let prefix = try #require(ids.map { $0.prefix(4) }.first { !seen.insert($0).inserted })
        try expectRefusal(repo, ["rev-parse", String(prefix)], mentions: ["ambiguous", "'\(prefix)'", "more digits"])
        try expectRefusal(repo, ["query", "--at", String(prefix), "SELECT 1 FROM donors"], mentions: ["ambiguous"])
        try expectRefusal(repo, ["checkout", String(prefix)], mentions: ["ambiguous"])
    }

    @Test func badBranchesAreRefused() throws {
        let (_, repo) = try datedRepository()
        try expectSuccess(["-C", repo, "branch", "dev"])
        try expectRefusal(repo, ["branch", "dev"], mentions: ["a branch named 'dev' already exists"])
        try expectRefusal(repo, ["branch", "main", "HEAD~1"], mentions: ["'main' already exists"])
        try expectRefusal(repo, ["branch", "x", "nope"], mentions: ["unknown revision 'nope'"])
        for bad in ["a..b", "HEAD", "-x", "has space", "x.lock", "a@{1}", "a~1"] {
            try expectRefusal(repo, ["branch", "--", bad], mentions: ["'\(bad)' is not a valid branch name"])
        }
        try expectRefusal(repo, ["branch", "-d", "nope"], mentions: ["no branch named 'nope'"])
        try expectRefusal(repo, ["branch", "-d", "main"], mentions: ["cannot delete branch 'main'", "HEAD follows it"])
        try expectRefusal(repo, ["branch", "-D", "main"], mentions: ["cannot delete branch 'main'"])
        try expectRefusal(repo, ["checkout", "nope"], mentions: ["cannot check out 'nope'"])
        try expectSuccess(["-C", repo, "checkout", "dev"])
        try expectSuccess(["-C", repo, "load", "donors", repo + "/../more.csv", "-m", "only on dev"])
        try expectSuccess(["-C", repo, "checkout", "main"])
        try expectRefusal(repo, ["branch", "-d", "dev"], mentions: ["'dev' is not merged into main", "-D"])
        #expect(try rows(repo, at: "dev") == "n\n4\n")
    }

    @Test func badTagsAreRefused() throws {
        let (_, repo) = try datedRepository()
        try expectSuccess(["-C", repo, "tag", "v1", "HEAD~1", "-m", "one"])
        let v1 = try revParse(repo, "v1")
        try expectRefusal(repo, ["tag", "v1", "-m", "again"], mentions: ["tag 'v1' already exists", "-f"])
        try expectRefusal(repo, ["tag", "v1", "HEAD", "-m", "again"], mentions: ["already exists"])
        for bad in ["a..b", "-x", "has space", "x.lock", "a^"] {
            try expectRefusal(repo, ["tag", "--", bad], mentions: ["'\(bad)' is not a valid tag name"])
        }
        try expectRefusal(repo, ["tag", "v2", "nope", "-m", "x"], mentions: ["unknown revision 'nope'"])
        try expectRefusal(repo, ["tag", "-d", "v9"], mentions: ["no tag named 'v9'"])
        try expectRefusal(repo, ["reflog", "nope"], mentions: ["'nope'"])
        #expect(try revParse(repo, "v1") == v1)
    }

    #if os(Linux)
    /// Reading a version by HEAD, tag or id needs no libgit2 (git's files are read directly, which spares
    /// every such command libgit2's start-up); ancestry does, and both give the same rows. glibc's
    /// LD_DEBUG lists every library the process loads.
    @Test func readingAVersionLeavesLibgit2Unloaded() throws {
        let (_, repo) = try datedRepository()
        try expectSuccess(["-C", repo, "tag", "v1", "-m", "first", "HEAD~1"])
        let older = try revParse(repo, "HEAD~1")
        func run(_ revision: String?) throws -> (rows: String, loadsLibgit2: Bool) {
            let at = revision.map { ["--at", $0] } ?? []
            let result = try CLI.run(["-C", repo, "query"] + at + ["--format", "csv", "SELECT count(*) AS n FROM donors"],
                                     environment: ["LD_DEBUG": "libs"])
            #expect(result.status == 0, "\(result.stderr)")
            return (result.stdout, result.stderr.contains("libgit2"))
        }
        #expect(try run(nil) == ("n\n3\n", false))
        #expect(try run("main") == ("n\n3\n", false))
        #expect(try run("v1") == ("n\n2\n", false))
        #expect(try run(older) == ("n\n2\n", false))
        #expect(try run("HEAD~1") == ("n\n2\n", true))
    }
    #endif
}
