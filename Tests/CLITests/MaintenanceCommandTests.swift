import Foundation
import Testing

/// `cairn compact`, `gc` and `fsck` end to end, bad input included, and killed at many moments: afterwards
/// fsck is clean, the data is the state before or after, and the next write succeeds.
@Suite(.serialized) struct MaintenanceCommandTests {
    static let fixture = CLI.packageRoot + "/Tests/CLITests/Fixtures/anndata-versions/anndata-0.11.4.h5ad"

    /// A repository with a table of many small fragments and two imported datasets.
    func populated() throws -> String {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        for i in 0..<6 {
            write("donor,age\n" + (0..<50).map { "d\(i)-\($0),\($0)\n" }.joined(), to: dir + "/d\(i).csv")
            #expect(try CLI.run(["-C", repo, "load", "donors", dir + "/d\(i).csv"]).status == 0)
        }
        #expect(try CLI.run(["-C", repo, "import", Self.fixture, "--dataset", "one"]).status == 0)
        return repo
    }

    /// What the user sees of the data: a few queries' answers.
    func answers(_ repo: String) throws -> String {
        try ["SELECT count(*), sum(age), min(donor), max(donor) FROM donors",
             "SELECT dataset, count(*), sum(cell_id) FROM cells GROUP BY dataset ORDER BY dataset",
             "SELECT count(*), sum(cell_id), sum(gene_id) FROM expression"].map { sql in
            let result = try CLI.run(["-C", repo, "query", sql, "--format", "csv"])
            return result.status == 0 ? result.stdout : "error: \(result.stderr)"
        }.joined()
    }

    func fsck(_ repo: String) throws -> CLIResult { try CLI.run(["-C", repo, "fsck"]) }

    @Test func compactGcAndFsckEndToEnd() throws {
        let repo = try populated()
        let before = try answers(repo)
        let compact = try CLI.run(["-C", repo, "compact", "--target-rows", "1000", "-m", "tidy"])
        #expect(compact.status == 0, "\(compact.stderr)")
        #expect(compact.stdout.contains("donors: 6 fragments -> 1"))
        #expect(try answers(repo) == before)
        #expect(try CLI.run(["-C", repo, "compact", "--target-rows", "1000"]).stdout.contains("Nothing to compact"))
        let dry = try CLI.run(["-C", repo, "gc", "--prune", "now", "--dry-run"])
        #expect(dry.status == 0 && dry.stdout.contains("0 would delete"), "\(dry.stdout)")  // the reflog keeps the old fragments
        #expect(try fsck(repo).stdout.hasPrefix("ok:"))
    }

    @Test func badInputIsRefusedWithOneLine() throws {
        let repo = try populated()
        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
        for arguments in [["gc", "--prune", "yesterday-ish"], ["compact", "--table", "nope"], ["compact", "--target-rows", "0"]] {
            let result = try CLI.run(["-C", repo] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.hasPrefix("cairn: error: ") && result.stderr.split(separator: "\n").count == 1, "\(result.stderr)")
        }
        #expect(try CLI.run(["-C", repo, "gc", "--prune", "yesterday-ish"]).stderr.contains("invalid --prune date"))
        #expect(try CLI.run(["-C", repo, "compact", "--table", "nope"]).stderr.contains("no table 'nope'"))
        #expect(try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout == head)
    }

    @Test func fsckReportsDamageAndExitsNonZero() throws {
        let repo = try populated()
        let objects = try FileManager.default.subpathsOfDirectory(atPath: repo + "/objects").filter { $0.count == 65 }.sorted()
        let corrupt = repo + "/objects/" + objects[0]
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: corrupt)
        let handle = try FileHandle(forUpdating: URL(fileURLWithPath: corrupt))
        try handle.seek(toOffset: 10)
        let byte = try handle.read(upToCount: 1)![0]
        try handle.seek(toOffset: 10)
        handle.write(Data([byte ^ 0x01]))
        try handle.close()
        try FileManager.default.removeItem(atPath: repo + "/objects/" + objects[1])
        try "89abcdef0123456789abcdef0123456789abcdef\n".write(toFile: repo + "/git/refs/heads/lost", atomically: true, encoding: .utf8)
        let result = try fsck(repo)
        #expect(result.status != 0)
        let hash = { (path: String) in path.replacingOccurrences(of: "/", with: "") }
        #expect(result.stdout.contains("corrupt-object \(hash(objects[0]))"))
        #expect(result.stdout.contains("missing-object \(hash(objects[1]))"))
        #expect(result.stdout.contains("dangling-ref refs/heads/lost"))
        #expect(result.stderr.contains("fsck found"))
    }

    /// Kills `arguments` at a crash point, or after a delay when `point` is nil; returns whether it finished.
    func kill(_ repo: String, _ arguments: [String], at point: String?, after delay: UInt32) throws -> Bool {
        if let point {
            return try CLI.run(["-C", repo] + arguments, environment: ["CAIRN_CRASH_AT": point]).status == 0
        }
        let process = try CLI.start(["-C", repo] + arguments)
        usleep(delay)
        Foundation.kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return process.terminationReason == .exit && process.terminationStatus == 0
    }

    @Test func killedImportUpdateCompactAndGcLeaveAValidRepository() throws {
        let started = Date()
        let repo = try populated()
        var generator = SystemRandomNumberGenerator()
        let steps: [(arguments: [String], points: [String])] = [
            (["import", Self.fixture, "--dataset", "again", "--allow-duplicate"], ["before-commit", "before-ref-update"]),
            (["update", "donors", "--set", "age = age + 1", "--where", "age < 10"], ["before-commit", "before-ref-update"]),
            (["compact", "--target-rows", "120"], ["compact-after-first-fragment", "before-commit", "before-ref-update"]),
            (["gc", "--prune", "now"], ["gc-after-first-delete"]),
        ]
        for (n, step) in steps.enumerated() {
            for point in step.points + [nil, nil, nil] as [String?] {
                if step.arguments[0] == "compact" {
                    // Fresh small fragments, so every round has something to compact.
                    #expect(try CLI.run(["-C", repo, "load", "donors", repo + "/../d1.csv"]).status == 0)
                }
                let before = try answers(repo)
                let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
                let finished = try kill(repo, step.arguments, at: point, after: UInt32.random(in: 5_000...120_000, using: &generator))
                let check = try fsck(repo)
                #expect(check.status == 0, "step \(n) at \(point ?? "a random moment"): \(check.stdout)")
                let after = try answers(repo)
                let moved = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout != head
                if step.arguments[0] == "update" {
                    // Either no age or every matching age moved by one.
                    #expect(after == before || moved, "step \(n)")
                } else if step.arguments[0] == "import" {
                    // Either nothing or the whole dataset is visible.
                    #expect(after == before || moved, "step \(n)")
                    if moved { #expect(try CLI.run(["-C", repo, "datasets", "--format", "csv"]).stdout.contains("again")) }
                } else {
                    #expect(after == before, "step \(n) at \(point ?? "a random moment")")
                }
                if point != nil { #expect(!finished || step.arguments[0] == "gc") }
                if moved, step.arguments[0] == "import" {
                    // Next round imports it again under the same name: start from a fresh name.
                    let renamed = try CLI.run(["-C", repo, "import", Self.fixture, "--dataset", "again\(Int.random(in: 0..<1_000_000))", "--allow-duplicate"])
                    #expect(renamed.status == 0, "\(renamed.stderr)")
                }
            }
        }
        // The next writes succeed and the repository is still whole.
        #expect(try CLI.run(["-C", repo, "compact"]).status == 0)
        #expect(try CLI.run(["-C", repo, "gc", "--prune", "now"]).status == 0)
        #expect(try CLI.run(["-C", repo, "load", "donors", repo + "/../d0.csv"]).status == 0)
        #expect(try fsck(repo).status == 0)
        #expect(Date().timeIntervalSince(started) < 60)
    }
}
