import Foundation
import Testing

/// Bad input: a one-line error naming the problem, a non-zero exit, and the repository untouched.
@Suite struct ErrorTests {
    func freshRepository() throws -> (dir: String, repo: String, head: String) {
        let dir = temporaryDirectory()
        #expect(try CLI.run(["init", "atlas.cairn"], in: dir).status == 0)
        write("donor,age\nD1,34\nD2,58\n", to: dir + "/donors.csv")
        #expect(try CLI.run(["-C", "atlas.cairn", "load", "donors", "donors.csv"], in: dir).status == 0)
        return (dir, dir + "/atlas.cairn", try head(dir + "/atlas.cairn"))
    }

    func head(_ repo: String) throws -> String {
        try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
    }

    /// Runs a failing command and checks the error is one line containing `fragment`.
    func expectFailure(_ arguments: [String], in dir: String? = nil, mentions fragments: [String],
                       sourceLocation: SourceLocation = #_sourceLocation) throws {
        let result = try CLI.run(arguments, in: dir)
        #expect(result.status != 0, "exit status of \(arguments)", sourceLocation: sourceLocation)
        let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(!message.contains("\n"), "one line expected: \(message)", sourceLocation: sourceLocation)
        #expect(message.hasPrefix("cairn: error: "), "\(message)", sourceLocation: sourceLocation)
        for fragment in fragments {
            #expect(message.contains(fragment), "'\(fragment)' not in: \(message)", sourceLocation: sourceLocation)
        }
        #expect(!message.contains("Fatal error"), sourceLocation: sourceLocation)
    }

    @Test func malformedCSVLine() throws {
        let (dir, repo, before) = try freshRepository()
        write("donor,age\nD3,41\nD4,67,extra\n", to: dir + "/bad.csv")
        try expectFailure(["-C", repo, "load", "donors", dir + "/bad.csv"], mentions: ["bad.csv:3", "3 fields"])
        write("donor,age\nD3,\"41\n", to: dir + "/open.csv")
        try expectFailure(["-C", repo, "load", "donors", dir + "/open.csv"], mentions: ["open.csv", "unterminated"])
        #expect(try head(repo) == before)
    }

    @Test func truncatedAndNonParquetFiles() throws {
        let (dir, repo, before) = try freshRepository()
        #expect(try CLI.run(["-C", repo, "export-table", "donors", "-o", dir + "/good.parquet"]).status == 0)
        let good = try Data(contentsOf: URL(fileURLWithPath: dir + "/good.parquet"))
        try good.prefix(good.count - 10).write(to: URL(fileURLWithPath: dir + "/truncated.parquet"))
        try expectFailure(["-C", repo, "load", "donors", dir + "/truncated.parquet"], mentions: ["truncated.parquet"])
        try Data("this is not parquet at all".utf8).write(to: URL(fileURLWithPath: dir + "/text.parquet"))
        try expectFailure(["-C", repo, "load", "donors", dir + "/text.parquet"], mentions: ["text.parquet", "PAR1"])
        try Data().write(to: URL(fileURLWithPath: dir + "/empty.parquet"))
        try expectFailure(["-C", repo, "load", "donors", dir + "/empty.parquet"], mentions: ["empty.parquet"])
        try expectFailure(["-C", repo, "load", "donors", dir + "/missing.csv"], mentions: ["missing.csv"])
        try expectFailure(["-C", repo, "load", "donors", dir + "/donors.xlsx"], mentions: ["donors.xlsx"])
        #expect(try head(repo) == before)
    }

    @Test func schemaMismatchOnAppend() throws {
        let (dir, repo, before) = try freshRepository()
        write("donor,years\nD3,41\n", to: dir + "/renamed.csv")
        try expectFailure(["-C", repo, "load", "donors", dir + "/renamed.csv"], mentions: ["donors", "age"])
        write("donor,age\nD3,forty\n", to: dir + "/typed.csv")
        try expectFailure(["-C", repo, "load", "donors", dir + "/typed.csv"], mentions: ["age", "forty"])
        #expect(try head(repo) == before)
    }

    @Test func unknownTableColumnAndRevision() throws {
        let (dir, repo, before) = try freshRepository()
        try expectFailure(["-C", repo, "schema", "nope"], mentions: ["nope"])
        try expectFailure(["-C", repo, "ls-fragments", "nope"], mentions: ["nope"])
        try expectFailure(["-C", repo, "export-table", "nope", "-o", dir + "/x.parquet"], mentions: ["nope"])
        try expectFailure(["-C", repo, "ls", "--at", "no-such-branch"], mentions: ["no-such-branch"])
        try expectFailure(["-C", repo, "rev-parse", "HEAD~9"], mentions: ["HEAD~9"])
        try expectFailure(["-C", repo, "log", "bogus^^"], mentions: ["bogus"])
        try expectFailure(["-C", repo, "cat-object", "0123"], mentions: ["0123"])
        try expectFailure(["-C", repo, "load", "bad/name", dir + "/donors.csv"], mentions: ["bad/name"])
        #expect(!FileManager.default.fileExists(atPath: dir + "/x.parquet"))
        #expect(try head(repo) == before)
    }

    @Test func missingRepository() throws {
        let dir = temporaryDirectory()
        try expectFailure(["-C", dir + "/nowhere", "ls"], mentions: ["nowhere"])
        try expectFailure(["ls"], in: dir, mentions: ["not a cairn repository"])
        // An empty directory may become a repository; a second init is refused.
        #expect(try CLI.run(["init", dir]).status == 0)
        try expectFailure(["init", dir], mentions: ["already exists"])
    }

    @Test func unknownCommandAndOption() throws {
        let command = try CLI.run(["frobnicate"])
        #expect(command.status != 0)
        #expect(command.stderr.contains("frobnicate"))
        let option = try CLI.run(["ls", "--frobnicate"])
        #expect(option.status != 0)
        #expect(option.stderr.contains("--frobnicate"))
    }
}
