import Foundation
import Testing

/// Concurrent writers and killed processes (DESIGN §3): every append lands, and a crash at any point leaves
/// a readable repository at a complete commit whose next write succeeds.
@Suite(.serialized) struct DurabilityTests {
    func csv(rows: Range<Int>, tag: String) -> String {
        "donor,age,note\n" + rows.map { "\(tag)-\($0),\($0 % 90),\"n \($0)\"\n" }.joined()
    }

    func rows(_ repo: String, _ table: String = "donors") throws -> Int? {
        let ls = try CLI.run(["-C", repo, "ls", "--format", "csv"])
        guard ls.status == 0 else { return nil }
        for line in ls.stdout.split(separator: "\n") where line.hasPrefix(table + ",") {
            return Int(line.split(separator: ",")[1])
        }
        return 0
    }

    func fsckClean(_ repo: String) throws -> Bool {
        try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", repo + "/git", "fsck", "--strict"]).status == 0
    }

    @Test func concurrentAppendsAllLand() throws {
        let dir = temporaryDirectory()
        #expect(try CLI.run(["init", "atlas.cairn"], in: dir).status == 0)
        let writers = 8
        for w in 0..<writers { write(csv(rows: 0..<(1000 + w), tag: "w\(w)"), to: dir + "/w\(w).csv") }
        let processes = try (0..<writers).map { w in
            try CLI.start(["-C", "atlas.cairn", "load", "donors", "w\(w).csv", "-m", "writer \(w)"], in: dir,
                          environment: ["CAIRN_AUTHOR_NAME": "w\(w)", "CAIRN_AUTHOR_EMAIL": "w@x"])
        }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        #expect(try rows(dir + "/atlas.cairn") == (0..<writers).reduce(0) { $0 + 1000 + $1 })
        let log = try CLI.run(["-C", dir + "/atlas.cairn", "log", "--format", "csv"]).stdout
        #expect(log.split(separator: "\n").count == 1 + 1 + writers)
        #expect(try fsckClean(dir + "/atlas.cairn"))
    }

    /// Eight imports at once: each dataset lands in its own commit with its own cell ids, none lost.
    @Test func concurrentImportsAllLand() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let source = CLI.packageRoot + "/examples/pbmc_small.h5ad"
        let processes = try (0..<8).map { w in
            try CLI.start(["-C", repo, "import", source, "--dataset", "d\(w)", "--allow-duplicate", "-m", "import \(w)"])
        }
        for p in processes { p.waitUntilExit(); #expect(p.terminationStatus == 0) }
        let cells = try CLI.run(["-C", repo, "query", "--format", "csv",
                                 "SELECT count(*) AS n, count(DISTINCT cell_id) AS ids, count(DISTINCT dataset) AS datasets, max(cell_id) AS top FROM cells"])
        #expect(cells.stdout == "n,ids,datasets,top\n2400,2400,8,2399\n")
        let genes = try CLI.run(["-C", repo, "query", "--format", "csv", "SELECT count(*) AS n FROM genes"])
        #expect(genes.stdout == "n\n200\n")
        let log = try CLI.run(["-C", repo, "log", "--format", "csv"]).stdout
        #expect(log.split(separator: "\n").count == 1 + 1 + 8)
        #expect(try fsckClean(repo))
    }

    @Test(arguments: ["before-commit", "before-ref-update"])
    func killedAtACrashPoint(point: String) throws {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        write(csv(rows: 0..<100, tag: "a"), to: dir + "/a.csv")
        #expect(try CLI.run(["-C", repo, "load", "donors", dir + "/a.csv"]).status == 0)
        let killed = try CLI.run(["-C", repo, "load", "donors", dir + "/a.csv"], environment: ["CAIRN_CRASH_AT": point])
        #expect(killed.status != 0)
        #expect(try rows(repo) == 100)
        #expect(try fsckClean(repo))
        #expect(try CLI.run(["-C", repo, "load", "donors", dir + "/a.csv"]).status == 0)
        #expect(try rows(repo) == 200)
    }

    @Test func killedAtRandomMomentsDuringLoad() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        write(csv(rows: 0..<150_000, tag: "big"), to: dir + "/big.csv")
        var expected = 0
        var generator = SystemRandomNumberGenerator()
        for attempt in 0..<8 {
            let process = try CLI.start(["-C", repo, "load", "donors", dir + "/big.csv"])
            usleep(UInt32.random(in: 20_000...(200_000 + UInt32(attempt) * 60_000), using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            if process.terminationReason == .exit && process.terminationStatus == 0 { expected += 150_000 }
            let now = try rows(repo)
            #expect(now == expected, "after kill \(attempt)")
            #expect(try fsckClean(repo))
        }
        #expect(try CLI.run(["-C", repo, "load", "donors", dir + "/big.csv"]).status == 0)
        #expect(try rows(repo) == expected + 150_000)
    }

    @Test func aStaleGitLockIsCleared() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        write(csv(rows: 0..<10, tag: "a"), to: dir + "/a.csv")
        // What a writer killed inside libgit2's ref update leaves behind.
        FileManager.default.createFile(atPath: repo + "/git/refs/heads/main.lock", contents: Data())
        let load = try CLI.run(["-C", repo, "load", "donors", dir + "/a.csv"])
        #expect(load.status == 0, "\(load.stderr)")
        #expect(!FileManager.default.fileExists(atPath: repo + "/git/refs/heads/main.lock"))
        #expect(try rows(repo) == 10)
    }
}
