import Foundation
import Testing

/// The commands of the Core issue, end to end through the binary.
@Suite struct CommandTests {
    let donors = """
    donor,age,sex,smoker,enrolled,bmi,site
    D1,34,F,false,2024-01-15,22.5,"Boston, MA"
    D2,58,M,true,2024-02-03,27.1,"Cambridge, UK"
    D3,41,F,false,2024-02-20,,"San Francisco, CA"

    """

    func repositoryWithDonors() throws -> (dir: String, repo: String) {
        let dir = temporaryDirectory()
        write(donors, to: dir + "/donors.csv")
        #expect(try CLI.run(["init", "atlas.cairn"], in: dir).status == 0)
        let load = try CLI.run(["-C", "atlas.cairn", "load", "donors", "donors.csv", "-m", "donor sheet"], in: dir)
        #expect(load.status == 0, "\(load.stderr)")
        return (dir, dir + "/atlas.cairn")
    }

    @Test func initLoadLsSchema() throws {
        let (dir, repo) = try repositoryWithDonors()
        let ls = try CLI.run(["-C", repo, "ls", "--format", "csv"])
        #expect(ls.stdout.hasPrefix("table,rows,fragments,bytes\ndonors,3,1,"))
        let schema = try CLI.run(["-C", repo, "schema", "donors", "--format", "tsv"])
        #expect(schema.stdout == """
        column\ttype\tnullable
        donor\tstring\ttrue
        age\tint64\ttrue
        sex\tstring\ttrue
        smoker\tbool\ttrue
        enrolled\tdate32\ttrue
        bmi\tfloat64\ttrue
        site\tstring\ttrue

        """)
        // Without -C the repository is found from a subdirectory.
        try FileManager.default.createDirectory(atPath: repo + "/deep/er", withIntermediateDirectories: true)
        #expect(try CLI.run(["ls", "--format", "csv"], in: repo + "/deep/er").stdout == ls.stdout)
        _ = dir
    }

    @Test func logShowRevParse() throws {
        let (dir, repo) = try repositoryWithDonors()
        write("donor,age,sex,smoker,enrolled,bmi,site\nD4,67,M,false,2024-03-11,30.4,Basel\n", to: dir + "/more.csv")
        #expect(try CLI.run(["-C", repo, "load", "donors", dir + "/more.csv", "-m", "more donors"]).status == 0)

        let log = try CLI.run(["-C", repo, "log", "--format", "json"])
        let lines = log.stdout.split(separator: "\n")
        try #require(lines.count == 3)
        let newest = try JSONSerialization.jsonObject(with: Data(lines[0].utf8)) as! [String: Any]
        #expect(newest["message"] as? String == "more donors")
        #expect(newest["author"] as? String == "Test Author")
        #expect(newest["email"] as? String == "test@example.org")
        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newest["commit"] as? String == head)
        let parent = try CLI.run(["-C", repo, "rev-parse", "HEAD~1"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(newest["parents"] as? String == parent)
        #expect(try CLI.run(["-C", repo, "rev-parse", "main^"]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == parent)
        #expect(try CLI.run(["-C", repo, "rev-parse", String(head.prefix(8))]).stdout.trimmingCharacters(in: .whitespacesAndNewlines) == head)

        let show = try CLI.run(["-C", repo, "show", "--format", "csv"])
        #expect(show.stdout.hasPrefix("table,rows_added,rows_removed,fragments_added,fragments_removed,bytes_added,bytes_removed,schema\ndonors,1,0,1,0,"))
        #expect(show.stdout.hasSuffix(",unchanged\n"))
        let showFirst = try CLI.run(["-C", repo, "show", "HEAD~1"])
        #expect(showFirst.stdout.contains("donor sheet"))
        #expect(showFirst.stdout.contains("created"))

        // Time travel: the previous version still has 3 rows.
        #expect(try CLI.run(["-C", repo, "ls", "--at", "HEAD~1", "--format", "csv"]).stdout.contains("donors,3,1,"))
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("donors,4,2,"))

        // Plain git sees the history.
        let gitLog = try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", repo + "/git", "log", "--format=%s"])
        #expect(gitLog.stdout == "more donors\ndonor sheet\nInitialize repository\n")
        let fsck = try CLI.runProcess("/usr/bin/env", ["git", "--git-dir", repo + "/git", "fsck", "--strict"])
        #expect(fsck.status == 0, "\(fsck.stderr)")
    }

    @Test func lsFragmentsAndCatObject() throws {
        let (_, repo) = try repositoryWithDonors()
        let fragments = try CLI.run(["-C", repo, "ls-fragments", "donors", "--format", "json"])
        let line = try #require(fragments.stdout.split(separator: "\n").first)
        let row = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(row["rows"] as? Int == 3)
        #expect((row["statistics"] as? String)?.contains("age=[34, 58] nulls 0") == true)
        #expect((row["statistics"] as? String)?.contains("bmi=[22.5, 27.1] nulls 1") == true)
        let object = try #require(row["object"] as? String)
        let cat = try CLI.run(["-C", repo, "cat-object", String(object.prefix(12))])
        #expect(cat.status == 0)
        #expect(cat.stdoutBytes.count == row["bytes"] as? Int)
        #expect(cat.stdoutBytes.prefix(4) == Data("PAR1".utf8))
    }

    @Test func exportTableAtARevision() throws {
        let (dir, repo) = try repositoryWithDonors()
        write("donor,age,sex,smoker,enrolled,bmi,site\nD4,67,M,false,2024-03-11,30.4,Basel\n", to: dir + "/more.csv")
        #expect(try CLI.run(["-C", repo, "load", "donors", dir + "/more.csv"]).status == 0)
        let export = try CLI.run(["-C", repo, "export-table", "donors", "-o", dir + "/v1.parquet", "--at", "HEAD~1"])
        #expect(export.status == 0, "\(export.stderr)")
        // Loading the export back into a new table gives the same rows and schema.
        #expect(try CLI.run(["-C", repo, "load", "copy", dir + "/v1.parquet"]).status == 0)
        #expect(try CLI.run(["-C", repo, "schema", "copy"]).stdout == CLI.run(["-C", repo, "schema", "donors"]).stdout)
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("copy,3,1,"))
    }

    @Test func versionAndHelp() throws {
        let version = try CLI.run(["--version"])
        #expect(version.status == 0)
        #expect(version.stdout.first?.isNumber == true)
        for command in ["init", "load", "log", "show", "ls", "schema", "rev-parse", "ls-fragments", "cat-object", "export-table"] {
            let help = try CLI.run([command, "--help"])
            #expect(help.status == 0, "\(command) --help")
            #expect(help.stdout.contains("USAGE: cairn \(command)"), "\(command) --help")
        }
        // A subcommand parses its own arguments, but what it refuses is reported by the whole command.
        for arguments in [["query", "--format", "yaml", "SELECT 1"], ["slice", "--bogus"], ["remote", "add"], ["index", "build", "--nope"]] {
            let refused = try CLI.run(arguments)
            #expect(refused.status != 0, "\(arguments)")
            #expect(refused.stderr.contains("Usage: cairn \(arguments[0])"), "\(arguments): \(refused.stderr)")
        }
        #expect(try CLI.run(["query", "help"]).stderr.contains("cairn: error:"), "'help' as an argument value still runs the query")
    }
}
