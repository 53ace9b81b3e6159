import Foundation
import Testing

/// push, clone, fetch, pull, `checkout --hydrate`, in-place reads and remote maintenance end to end over
/// a directory remote (the S3 suite runs the same protocol against moto).
@Suite(.serialized) struct RemoteCommandTests {
    static let fixture = CLI.packageRoot + "/Tests/CLITests/Fixtures/anndata-versions/anndata-0.11.4.h5ad"

    /// A repository with a few CSV tables and an imported h5ad, its remote's URL and a private cache.
    struct Setup {
        var dir: String
        var repo: String
        var remote: String
        var environment: [String: String]
    }

    func setup() throws -> Setup {
        let dir = temporaryDirectory()
        let repo = dir + "/atlas.cairn"
        try expectSuccess(["init", repo])
        for i in 0..<3 {
            write("donor,age\n" + (0..<40).map { "d\(i)-\($0),\($0)\n" }.joined(), to: dir + "/d\(i).csv")
            try expectSuccess(["-C", repo, "load", "donors", dir + "/d\(i).csv"])
        }
        try expectSuccess(["-C", repo, "import", Self.fixture, "--dataset", "one"])
        let remote = "file://\(dir)/remote.cairn"
        try expectSuccess(["-C", repo, "remote", "add", "origin", remote])
        return Setup(dir: dir, repo: repo, remote: remote, environment: ["CAIRN_CACHE_DIR": dir + "/cache"])
    }

    func answers(_ repo: String, at revision: String? = nil, environment: [String: String] = [:]) throws -> String {
        try ["SELECT count(*), sum(age), min(donor), max(donor) FROM donors",
             "SELECT dataset, count(*), sum(cell_id) FROM cells GROUP BY dataset ORDER BY dataset",
             "SELECT count(*), sum(cell_id), sum(gene_id), sum(value) FROM expression"].map { sql in
            let result = try CLI.run(["-C", repo, "query", sql, "--format", "csv"] + (revision.map { ["--at", $0] } ?? []), environment: environment)
            return result.status == 0 ? result.stdout : "error: \(result.stderr)"
        }.joined()
    }

    func objectCount(_ repo: String) -> Int {
        (FileManager.default.enumerator(atPath: repo + "/objects")?.allObjects as? [String] ?? [])
            .filter { $0.split(separator: "/").count == 2 }.count
    }

    @Test func pushCloneReadLazilyAndHydrate() throws {
        let s = try setup()
        let expected = try answers(s.repo)
        try expectSuccess(["-C", s.repo, "tag", "v1", "-m", "first release"])
        let pushed = try expectSuccess(["-C", s.repo, "push", "origin", "main", "v1"])
        #expect(pushed.contains("[new]") && pushed.contains("main") && pushed.contains("v1"), "\(pushed)")
        #expect(try expectSuccess(["-C", s.repo, "push", "origin", "main", "v1"]).contains("up to date"))

        let clone = s.dir + "/clone.cairn"
        try expectSuccess(["clone", s.remote, clone], environment: s.environment)
        #expect(objectCount(clone) == 0, "a clone fetches no data objects")
        #expect(try answers(clone, environment: s.environment) == expected)
        #expect(try answers(clone, at: "v1", environment: s.environment) == expected)
        #expect(objectCount(clone) == 0, "lazy reads go to the cache, not the clone")
        let fsck = try expectSuccess(["-C", clone, "fsck"], environment: s.environment)
        #expect(fsck.hasPrefix("ok:") && fsck.contains("not fetched yet"), "\(fsck)")
        #expect(try expectSuccess(["-C", clone, "rev-parse", "origin/main"]) == (try expectSuccess(["-C", s.repo, "rev-parse", "main"])))

        let hydrated = try expectSuccess(["-C", clone, "checkout", "v1", "--hydrate"], environment: s.environment)
        #expect(hydrated.contains("Hydrated: fetched"), "\(hydrated)")
        #expect(objectCount(clone) == objectCount(s.repo))
        // Offline now: a cache that is gone and a remote that is gone change nothing.
        try FileManager.default.removeItem(atPath: s.dir + "/cache")
        try FileManager.default.moveItem(atPath: s.dir + "/remote.cairn", toPath: s.dir + "/moved.cairn")
        #expect(try answers(clone, environment: s.environment) == expected)
        #expect(try expectSuccess(["-C", clone, "fsck"]).hasPrefix("ok:"))
    }

    @Test func readInPlaceWithoutCloning() throws {
        let s = try setup()
        let expected = try answers(s.repo)
        try expectSuccess(["-C", s.repo, "push", "origin"])
        #expect(try answers(s.remote, environment: s.environment) == expected)
        #expect(try answers(s.remote, at: "main", environment: s.environment) == expected)
        let log = try expectSuccess(["-C", s.remote, "log", "-n", "1"], environment: s.environment)
        #expect(log.contains("Import"), "\(log)")
        // A second cold read uses the mirrored history: a new push shows up, nothing else is needed.
        write("donor,age\nextra,99\n", to: s.dir + "/e.csv")
        try expectSuccess(["-C", s.repo, "load", "donors", s.dir + "/e.csv"])
        try expectSuccess(["-C", s.repo, "push", "origin"])
        #expect(try answers(s.remote, environment: s.environment) == (try answers(s.repo)))
        // Writers refuse a URL.
        let write = try CLI.run(["-C", s.remote, "load", "donors", s.dir + "/e.csv"], environment: s.environment)
        #expect(write.status != 0 && write.stderr.contains("can only be read in place"), "\(write.stderr)")
    }

    /// The remote's layout is a repository's: a copy made with any sync tool (which drops empty
    /// directories) opens as one.
    @Test func aCopiedRemoteIsARepository() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let copy = s.dir + "/copy.cairn"
        try FileManager.default.copyItem(atPath: s.dir + "/remote.cairn", toPath: copy)
        try? FileManager.default.removeItem(atPath: copy + "/git/refs")
        #expect(try answers(copy) == (try answers(s.repo)))
        #expect(try expectSuccess(["-C", copy, "fsck"]).hasPrefix("ok:"))
        #expect(try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", copy + "/git", "log", "--oneline"]).stdout.contains("Import"))

        // And the other way: a local repository copied up (no refs.json) is a remote to clone and read.
        try expectSuccess(["-C", s.repo, "tag", "v1", "-m", "release"])
        let uploaded = s.dir + "/uploaded.cairn"
        try FileManager.default.copyItem(atPath: s.repo, toPath: uploaded)
        let clone = s.dir + "/from-copy.cairn"
        try expectSuccess(["clone", "file://" + uploaded, clone], environment: s.environment)
        #expect(try answers(clone, at: "v1", environment: s.environment) == (try answers(s.repo)))
        #expect(try answers("file://" + uploaded, environment: s.environment) == (try answers(s.repo)))
    }

    /// A lazy clone pushed to a second remote passes on the objects it never fetched.
    @Test func aLazyClonePushesEverythingToAnotherRemote() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let clone = s.dir + "/lazy.cairn"
        try expectSuccess(["clone", s.remote, clone], environment: s.environment)
        #expect(objectCount(clone) == 0)
        let mirror = "file://\(s.dir)/mirror.cairn"
        let pushed = try expectSuccess(["-C", clone, "push", mirror, "main"], environment: s.environment)
        #expect(pushed.contains("sent \(objectCount(s.repo)) data objects"), "\(pushed)")
        #expect(objectCount(clone) == 0)
        #expect(try answers(mirror, environment: s.environment) == (try answers(s.repo)))
        #expect(try expectSuccess(["-C", clone, "fsck", "--remote", mirror], environment: s.environment).hasPrefix("ok:"))
    }

    @Test func incrementalPushSendsOnlyTheChange() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        write("donor,age\nnew-donor,7\n", to: s.dir + "/n.csv")
        try expectSuccess(["-C", s.repo, "load", "donors", s.dir + "/n.csv"])
        let pushed = try expectSuccess(["-C", s.repo, "push", "origin"])
        #expect(pushed.contains("sent 1 data object "), "\(pushed)")
    }

    @Test func fetchPullAndNonFastForward() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let a = s.dir + "/a.cairn", b = s.dir + "/b.cairn"
        try expectSuccess(["clone", s.remote, a], environment: s.environment)
        try expectSuccess(["clone", s.remote, b], environment: s.environment)
        write("donor,age\nfrom-a,1\n", to: s.dir + "/fa.csv")
        write("donor,age\nfrom-b,2\n", to: s.dir + "/fb.csv")
        try expectSuccess(["-C", a, "load", "donors", s.dir + "/fa.csv"], environment: s.environment)
        try expectSuccess(["-C", b, "load", "donors", s.dir + "/fb.csv"], environment: s.environment)
        try expectSuccess(["-C", a, "push"] + ["origin"], environment: s.environment)

        let rejected = try CLI.run(["-C", b, "push", "origin"], environment: s.environment)
        #expect(rejected.status != 0 && rejected.stderr.contains("non-fast-forward"), "\(rejected.stderr)")
        #expect(try expectSuccess(["-C", s.repo, "fetch"]).contains("origin/main"))
        let remoteMain = try expectSuccess(["-C", a, "rev-parse", "main"])
        #expect(try expectSuccess(["-C", s.repo, "rev-parse", "origin/main"]) == remoteMain)

        // b merges a's change, then its push is a fast-forward.
        let pulled = try expectSuccess(["-C", b, "pull"], environment: s.environment)
        #expect(pulled.contains("merged origin/main"), "\(pulled)")
        try expectSuccess(["-C", b, "push", "origin"], environment: s.environment)
        let both = try expectSuccess(["-C", s.remote, "query", "SELECT count(*) FROM donors WHERE donor IN ('from-a', 'from-b')", "--format", "csv"], environment: s.environment)
        #expect(both == "count(*)\n2\n", "\(both)")
        // a is behind now: pull fast-forwards.
        #expect(try expectSuccess(["-C", a, "pull"], environment: s.environment).contains("Fast-forward"))

        // --force replaces history and says so.
        try expectSuccess(["-C", s.repo, "fetch"])
        let forced = try expectSuccess(["-C", s.repo, "push", "origin", "main", "--force"])
        #expect(forced.contains("forced update"), "\(forced)")
        #expect(try expectSuccess(["-C", s.repo, "fsck", "--remote", "origin"]).hasPrefix("ok:"))
    }

    @Test func concurrentPushesToOneBranchOneWins() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let clones = (0..<4).map { s.dir + "/c\($0).cairn" }
        for (i, clone) in clones.enumerated() {
            try expectSuccess(["clone", s.remote, clone], environment: s.environment)
            write("donor,age\nclone-\(i),\(i)\n", to: s.dir + "/c\(i).csv")
            try expectSuccess(["-C", clone, "load", "donors", s.dir + "/c\(i).csv"], environment: s.environment)
        }
        let results = ConcurrentResults(count: clones.count)
        DispatchQueue.concurrentPerform(iterations: clones.count) { i in
            results.set(i, try? CLI.run(["-C", clones[i], "push", "origin"], environment: s.environment))
        }
        let all = results.values.compactMap { $0 }
        #expect(all.count == clones.count)
        #expect(all.filter { $0.status == 0 }.count == 1, "\(all.map(\.stderr))")
        for loser in all where loser.status != 0 {
            #expect(loser.stderr.contains("non-fast-forward"), "\(loser.stderr)")
        }
        let winner = clones[all.firstIndex { $0.status == 0 }!]
        #expect(try expectSuccess(["-C", s.remote, "rev-parse", "main"], environment: s.environment)
                == (try expectSuccess(["-C", winner, "rev-parse", "main"])))
        #expect(try expectSuccess(["-C", s.repo, "fsck", "--remote", "origin"], environment: s.environment).hasPrefix("ok:"))
    }

    @Test func remoteGcDeletesWhatNoRefReaches() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let first = try expectSuccess(["-C", s.repo, "rev-parse", "main"]).trimmingCharacters(in: .whitespacesAndNewlines)
        write("donor,age\nlater,5\n", to: s.dir + "/l.csv")
        try expectSuccess(["-C", s.repo, "load", "donors", s.dir + "/l.csv"])
        try expectSuccess(["-C", s.repo, "push", "origin"])
        // Drop the later commit from the remote: its one object becomes garbage.
        try expectSuccess(["-C", s.repo, "branch", "old", first])
        try expectSuccess(["-C", s.repo, "push", "origin", "old:main", "--force"])
        let kept = try expectSuccess(["-C", s.repo, "gc", "--remote", "origin"])
        #expect(kept.contains("1 unreachable kept"), "\(kept)")
        let dry = try expectSuccess(["-C", s.repo, "gc", "--remote", "origin", "--prune", "now", "--dry-run"])
        #expect(dry.contains("would delete objects/"), "\(dry)")
        let collected = try expectSuccess(["-C", s.repo, "gc", "--remote", "origin", "--prune", "now"])
        #expect(collected.contains("1 files deleted"), "\(collected)")
        #expect(try expectSuccess(["-C", s.repo, "fsck", "--remote", "origin"], environment: s.environment).hasPrefix("ok:"))
        #expect(try answers(s.remote, environment: s.environment) == (try answers(s.repo, at: first)))
    }

    @Test func killedPushLeavesTheRemoteConsistentAndARerunFinishes() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        var expectedRemote = try expectSuccess(["-C", s.repo, "rev-parse", "main"])
        for attempt in 0..<6 {
            write("donor,age\nk\(attempt),\(attempt)\n", to: s.dir + "/k.csv")
            try expectSuccess(["-C", s.repo, "load", "donors", s.dir + "/k.csv"])
            let process = try CLI.start(["-C", s.repo, "push", "origin"], environment: s.environment)
            usleep(useconds_t(2_000 + attempt * 9_000))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            // The remote's main is the old commit or the new one, and every object it reaches is there.
            let now = try expectSuccess(["-C", s.remote, "rev-parse", "main"], environment: s.environment)
            let local = try expectSuccess(["-C", s.repo, "rev-parse", "main"])
            #expect(now == expectedRemote || now == local, "attempt \(attempt)")
            #expect(try expectSuccess(["-C", s.repo, "fsck", "--remote", "origin"], environment: s.environment).hasPrefix("ok:"))
            try expectSuccess(["-C", s.repo, "push", "origin"], environment: s.environment)
            expectedRemote = local
        }
        let clone = s.dir + "/after.cairn"
        try expectSuccess(["clone", s.remote, clone], environment: s.environment)
        #expect(try expectSuccess(["-C", clone, "fsck"], environment: s.environment).hasPrefix("ok:"))
        #expect(try answers(clone, environment: s.environment) == (try answers(s.repo)))
    }

    @Test func corruptOrMaliciousRemotesAreRefused() throws {
        let s = try setup()
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let remoteDir = s.dir + "/remote.cairn"
        let refsPath = remoteDir + "/refs.json"
        let goodRefs = try String(contentsOfFile: refsPath, encoding: .utf8)

        func cloneFails(_ expected: String, sourceLocation: SourceLocation = #_sourceLocation) throws {
            let target = s.dir + "/bad-\(UUID().uuidString).cairn"
            let result = try CLI.run(["clone", s.remote, target], environment: s.environment)
            #expect(result.status != 0, sourceLocation: sourceLocation)
            #expect(result.stderr.hasPrefix("cairn: error: ") && result.stderr.contains(expected), "\(result.stderr)", sourceLocation: sourceLocation)
            #expect(!FileManager.default.fileExists(atPath: target), "a failed clone leaves nothing", sourceLocation: sourceLocation)
        }
        try "not json".write(toFile: refsPath, atomically: true, encoding: .utf8)
        try cloneFails("refs.json is not a cairn refs file")
        try goodRefs.replacingOccurrences(of: "\"pack-", with: "\"../../../../etc/passwd-").write(toFile: refsPath, atomically: true, encoding: .utf8)
        try cloneFails("not a git pack name")
        try goodRefs.replacingOccurrences(of: "refs/heads/main", with: "refs/heads/../../x").write(toFile: refsPath, atomically: true, encoding: .utf8)
        try cloneFails("not a branch or tag")
        // A pack whose bytes do not match refs.json.
        try goodRefs.write(toFile: refsPath, atomically: true, encoding: .utf8)
        let pack = try FileManager.default.contentsOfDirectory(atPath: remoteDir + "/git/objects/pack").first { $0.hasSuffix(".pack") }!
        let packPath = remoteDir + "/git/objects/pack/" + pack
        let packBytes = try Data(contentsOf: URL(fileURLWithPath: packPath))
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: packPath)
        var damaged = packBytes
        damaged[damaged.count / 2] ^= 0xFF
        try damaged.write(to: URL(fileURLWithPath: packPath))
        try cloneFails("does not match the SHA-256")
        try packBytes.write(to: URL(fileURLWithPath: packPath))

        // A data object whose bytes do not match its name: a clone's read and hydrate refuse it.
        let clone = s.dir + "/clone.cairn"
        try expectSuccess(["clone", s.remote, clone], environment: s.environment)
        let objects = (FileManager.default.enumerator(atPath: remoteDir + "/objects")?.allObjects as? [String] ?? [])
            .filter { $0.split(separator: "/").count == 2 }
        for object in objects {
            let path = remoteDir + "/objects/" + object
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
            var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
            bytes[bytes.count - 1] ^= 0x01
            try bytes.write(to: URL(fileURLWithPath: path))
        }
        let hydrate = try CLI.run(["-C", clone, "checkout", "main", "--hydrate"], environment: s.environment)
        #expect(hydrate.status != 0 && hydrate.stderr.contains("refusing remote") && hydrate.stderr.contains("SHA-256"), "\(hydrate.stderr)")
        #expect(objectCount(clone) == 0)
        let fsck = try CLI.run(["-C", s.repo, "fsck", "--remote", "origin"], environment: s.environment)
        #expect(fsck.status != 0 && fsck.stdout.contains("corrupt-object"), "\(fsck.stdout)")
    }

    /// A remote whose history holds a manifest naming `../../etc/passwd` as a data object: cloning works
    /// (history is only data), but every read, hydrate and fsck refuses the manifest, and nothing is
    /// written outside the repository.
    @Test func aManifestNamingAPathIsRefused() throws {
        let s = try setup()
        let evil = s.dir + "/evil.cairn"
        try FileManager.default.copyItem(atPath: s.repo, toPath: evil)
        func git(_ arguments: [String], input: String? = nil) throws -> String {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["git", "--git-dir", evil + "/git"] + arguments
            process.environment = ProcessInfo.processInfo.environment.merging(
                ["GIT_INDEX_FILE": s.dir + "/evil.index", "GIT_AUTHOR_NAME": "x", "GIT_AUTHOR_EMAIL": "x@x",
                 "GIT_COMMITTER_NAME": "x", "GIT_COMMITTER_EMAIL": "x@x"]) { $1 }
            let out = Pipe(), inPipe = Pipe()
            process.standardOutput = out
            process.standardInput = inPipe
            try process.run()
            if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
            try inPipe.fileHandleForWriting.close()
            let text = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            #expect(process.terminationStatus == 0, "git \(arguments)")
            return text.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        let path = try git(["ls-tree", "-r", "--name-only", "HEAD", "tables/donors/fragments/"]).split(separator: "\n").first.map(String.init)!
        let manifest = try git(["show", "HEAD:" + path])
        let hash = try #require(manifest.firstMatch(of: /"sha256" *: *"([0-9a-f]{64})"/)?.1)
        let blob = try git(["hash-object", "-w", "--stdin"], input: manifest.replacingOccurrences(of: String(hash), with: "../../../../tmp/cairn-escaped"))
        _ = try git(["read-tree", "HEAD"])
        _ = try git(["update-index", "--cacheinfo", "100644,\(blob),\(path)"])
        let tree = try git(["write-tree"])
        let commit = try git(["commit-tree", tree, "-p", "HEAD", "-m", "evil"])
        _ = try git(["update-ref", "refs/heads/main", commit])

        let clone = s.dir + "/victim.cairn"
        try expectSuccess(["clone", "file://" + evil, clone], environment: s.environment)
        for arguments in [["query", "SELECT count(*) FROM donors"], ["checkout", "main", "--hydrate"], ["fsck"]] {
            let result = try CLI.run(["-C", clone] + arguments, environment: s.environment)
            #expect(result.status != 0, "\(arguments)")
            #expect((result.stderr + result.stdout).contains("corrupt manifest") || (result.stderr + result.stdout).contains("bad-manifest"),
                    "\(arguments): \(result.stderr)\(result.stdout)")
        }
        #expect(!FileManager.default.fileExists(atPath: "/tmp/cairn-escaped"))
    }

    /// Objects larger than a block are read by ranges, and each downloaded block is checked against the
    /// digest its manifest records: a block changed on the remote is refused before use.
    @Test func blocksOfLargeObjectsAreChecked() throws {
        let s = try setup()
        var generator = SystemRandomNumberGenerator()
        let rows = (0..<60_000).map { i in "r\(i),\(String(generator.next(), radix: 16))\(String(generator.next(), radix: 16))\n" }
        write("id,token\n" + rows.joined(), to: s.dir + "/big.csv")
        try expectSuccess(["-C", s.repo, "load", "big", s.dir + "/big.csv"])
        try expectSuccess(["-C", s.repo, "push", "origin"])
        let listing = try expectSuccess(["-C", s.repo, "ls-fragments", "big", "--format", "json"])
        let object = try #require(listing.firstMatch(of: /"object" *: *"([0-9a-f]{64})"/)?.1)
        let path = s.dir + "/remote.cairn/objects/\(object.prefix(2))/\(object.dropFirst(2))"
        let size = try #require(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int)
        #expect(size > 1 << 20, "the test needs an object of several blocks")
        let sql = "SELECT count(*), min(token), max(token) FROM big"
        let expected = try expectSuccess(["-C", s.repo, "query", sql, "--format", "csv"])
        #expect(try expectSuccess(["-C", s.remote, "query", sql, "--format", "csv"], environment: s.environment) == expected)

        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[(1 << 20) + 100] ^= 0x01
        try bytes.write(to: URL(fileURLWithPath: path))
        let fresh = s.environment.merging(["CAIRN_CACHE_DIR": s.dir + "/fresh-cache"]) { $1 }
        let refused = try CLI.run(["-C", s.remote, "query", sql, "--format", "csv"], environment: fresh)
        #expect(refused.status != 0 && refused.stderr.contains("block 1 has SHA-256"), "\(refused.stderr)")
    }

    @Test func badInputGetsOneLine() throws {
        let s = try setup()
        let cases: [([String], String)] = [
            (["-C", s.repo, "push", "nowhere"], "no remote 'nowhere'"),
            (["-C", s.repo, "remote", "add", "origin", "file:///x"], "remote 'origin' already exists"),
            (["-C", s.repo, "remote", "add", "other", "ftp://host/x"], "unknown scheme"),
            (["-C", s.repo, "push", "origin", "no-such-branch"], "no branch or tag by that name"),
            (["clone", "file://\(s.dir)/nothing-here", s.dir + "/x.cairn"], "is not a cairn repository"),
            (["-C", s.repo, "fetch"], "nothing has been pushed there"),
            (["-C", "s3://", "query", "SELECT 1"], "no valid bucket name"),
        ]
        for (arguments, message) in cases {
            let result = try CLI.run(arguments, environment: s.environment)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.hasPrefix("cairn: error: ") && result.stderr.split(separator: "\n").count == 1 && result.stderr.contains(message),
                    "\(arguments): \(result.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: s.dir + "/x.cairn"))
        let listed = try expectSuccess(["-C", s.repo, "remote", "-v"])
        #expect(listed == "origin\t\(s.remote)\n", "\(listed)")
        try expectSuccess(["-C", s.repo, "remote", "remove", "origin"])
        #expect(try expectSuccess(["-C", s.repo, "remote"]).isEmpty)
    }
}

/// What processes run from concurrent closures returned.
final class ConcurrentResults: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [CLIResult?]
    init(count: Int) { stored = Array(repeating: nil, count: count) }
    func set(_ index: Int, _ result: CLIResult?) { lock.lock(); stored[index] = result; lock.unlock() }
    var values: [CLIResult?] { lock.lock(); defer { lock.unlock() }; return stored }
}
