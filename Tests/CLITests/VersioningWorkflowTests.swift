import Foundation
import Testing

/// Curation on branches end to end: update, delete, merge (clean and conflicting), revert, compact, diff,
/// and a crash in the middle of an update.
@Suite struct VersioningWorkflowTests {
    /// examples/pbmc_small.h5ad imported as `pbmc`, and a branch `side` at that commit.
    func atlas() throws -> String {
        let repo = temporaryDirectory() + "/atlas.cairn"
        try expectSuccess(["init", repo])
        try expectSuccess(["-C", repo, "import", CLI.packageRoot + "/examples/pbmc_small.h5ad", "--dataset", "pbmc"])
        try expectSuccess(["-C", repo, "branch", "side"])
        return repo
    }

    func labels(_ repo: String, _ ids: String) throws -> String {
        try expectSuccess(["-C", repo, "query", "--format", "csv",
                           "SELECT cell_id, cell_type FROM cells WHERE cell_id IN (\(ids)) ORDER BY cell_id"])
    }

    @Test func sameCellsRelabelledOnBothSidesConflictUntilAStrategySettlesThem() throws {
        let repo = try atlas()
        let base = try labels(repo, "0, 1, 3")
        try expectSuccess(["-C", repo, "checkout", "side"])
        try expectSuccess(["-C", repo, "update", "cells", "--set", "cell_type = 'memory B'", "--where", "cell_id < 5", "-m", "side"])
        try expectSuccess(["-C", repo, "checkout", "main"])
        try expectSuccess(["-C", repo, "update", "cells", "--set", "cell_type = 'plasma'", "--where", "cell_id < 3", "-m", "main"])
        try expectSuccess(["-C", repo, "update", "cells", "--set", "cell_type = 'memory B'", "--where", "cell_id = 3", "-m", "main agrees"])
        let head = try expectSuccess(["-C", repo, "rev-parse", "HEAD"])
        let stopped = try CLI.run(["-C", repo, "merge", "side"])
        #expect(stopped.status == 1)
        let conflicts = stopped.stderr.split(separator: "\n").filter { $0.hasPrefix("CONFLICT") }
        #expect(conflicts.count == 3, "\(stopped.stderr)")
        let original = base.split(separator: "\n")[1].split(separator: ",")[1]
        #expect(conflicts.first == "CONFLICT cells cell_id 0: cell_type: base '\(original)', ours 'plasma', theirs 'memory B'")
        #expect(try expectSuccess(["-C", repo, "rev-parse", "HEAD"]) == head)

        try expectSuccess(["-C", repo, "merge", "side", "--strategy", "theirs"])
        #expect(try labels(repo, "0, 1, 3, 4") == "cell_id,cell_type\n0,memory B\n1,memory B\n3,memory B\n4,memory B\n")
        // The merged label is a category of the exported dataset.
        let out = temporaryDirectory() + "/out.h5ad"
        try expectSuccess(["-C", repo, "export", "h5ad", "--dataset", "pbmc", "-o", out])
        let check = try CLI.python(#"""
import sys, anndata as ad
a = ad.read_h5ad(sys.argv[1])
print(list(a.obs.cell_type[:5]), {"memory B", "plasma"} <= set(a.obs.cell_type.cat.categories))
"""#, [out])
        #expect(check.stdout == "['memory B', 'memory B', 'memory B', 'memory B', 'memory B'] True\n", "\(check.stderr)")
    }

    @Test func editsOfDifferentColumnsAndADeleteMergeCleanly() throws {
        let repo = try atlas()
        try expectSuccess(["-C", repo, "checkout", "side"])
        try expectSuccess(["-C", repo, "update", "cells", "--set", "n_genes = n_genes + 1000", "--where", "cell_id < 10"])
        try expectSuccess(["-C", repo, "delete", "cells", "--where", "cell_id >= 290"])
        try expectSuccess(["-C", repo, "checkout", "main"])
        try expectSuccess(["-C", repo, "update", "cells", "--set", "cell_type = 'T'", "--where", "cell_id < 10"])
        try expectSuccess(["-C", repo, "merge", "side"])
        let rows = try expectSuccess(["-C", repo, "query", "--format", "csv",
                                      "SELECT count(*) AS n, sum(CASE WHEN cell_type = 'T' AND n_genes >= 1000 THEN 1 ELSE 0 END) AS both FROM cells"])
        #expect(rows == "n,both\n290,10\n")
        let entries = try expectSuccess(["-C", repo, "query", "--format", "csv", "SELECT count(*) AS n FROM expression WHERE cell_id >= 290"])
        #expect(entries == "n\n0\n")
    }

    @Test func revertRestoresLabelsAndCompactChangesNoRow() throws {
        let repo = try atlas()
        let before = try labels(repo, "0, 1, 2")
        try expectSuccess(["-C", repo, "update", "cells", "--set", "cell_type = 'X'", "--where", "cell_id < 3", "-m", "relabel"])
        try expectSuccess(["-C", repo, "delete", "cells", "--where", "cell_id IN (5, 6, 7)", "-m", "drop three"])
        try expectSuccess(["-C", repo, "revert", "HEAD~1"])
        #expect(try labels(repo, "0, 1, 2") == before)
        let counted = try expectSuccess(["-C", repo, "query", "--format", "csv", "SELECT count(*) AS n FROM cells"])
        #expect(counted == "n\n297\n")
        let query = "SELECT cell_id, cell_type, n_genes FROM cells ORDER BY cell_id"
        let sums = "SELECT count(*) AS n, sum(value) AS total, sum(cell_id * gene_id) AS ids FROM expression"
        let (cellsBefore, entriesBefore) = (try expectSuccess(["-C", repo, "query", "--format", "csv", query]),
                                            try expectSuccess(["-C", repo, "query", "--format", "csv", sums]))
        try expectSuccess(["-C", repo, "compact"])
        #expect(try expectSuccess(["-C", repo, "query", "--format", "csv", query]) == cellsBefore)
        #expect(try expectSuccess(["-C", repo, "query", "--format", "csv", sums]) == entriesBefore)
        let diff = try expectSuccess(["-C", repo, "diff", "HEAD~1", "HEAD", "--format", "json"])
        let json = try JSONSerialization.jsonObject(with: Data(diff.utf8)) as? [String: Any]
        let tables = json?["tables"] as? [[String: Any]] ?? []
        #expect(!tables.isEmpty, "\(diff)")
        for table in tables {
            #expect((table["rows_changed"] as? Int ?? 0) == 0, "\(table)")
            #expect((table["rows_added"] as? Int ?? 0) == (table["rows_removed"] as? Int ?? 0), "\(table)")
        }
        #expect(try expectSuccess(["-C", repo, "fsck"]).hasPrefix("ok:"))
    }

    @Test(arguments: ["before-commit", "before-ref-update"])
    func anUpdateKilledMidwayLeavesNoTrace(point: String) throws {
        let repo = try atlas()
        let head = try expectSuccess(["-C", repo, "rev-parse", "HEAD"])
        let before = try labels(repo, "0, 1")
        let killed = try CLI.run(["-C", repo, "update", "cells", "--set", "cell_type = 'X'", "--where", "cell_id < 2"],
                                 environment: ["CAIRN_CRASH_AT": point])
        #expect(killed.status != 0)
        #expect(try expectSuccess(["-C", repo, "rev-parse", "HEAD"]) == head)
        #expect(try labels(repo, "0, 1") == before)
        #expect(try CLI.run(["-C", repo, "fsck"]).status == 0)
        try expectSuccess(["-C", repo, "update", "cells", "--set", "cell_type = 'X'", "--where", "cell_id < 2"])
        #expect(try labels(repo, "0, 1") == "cell_id,cell_type\n0,X\n1,X\n")
    }
}
