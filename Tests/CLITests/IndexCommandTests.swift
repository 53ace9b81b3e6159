import Foundation
import Testing

/// `cairn index`: a gene index built into a commit, used by `slice --genes` and by queries on a few genes
/// with the same results as without it, shown by `diff` and `status`, stale after a delete, and refused
/// with one line when asked for something that does not exist.
@Suite(.serialized) struct IndexCommandTests {
    /// Datasets a, b and c of the import fixtures (ragged panels, float32, int64 and float64 values, a
    /// `counts` layer in a), then the gene index of X and of the layer: HEAD~2 has none.
    static let repo: String = {
        let repo = temporaryDirectory() + "/atlas.cairn"
        precondition(try! CLI.run(["init", repo]).status == 0)
        let imported = try! CLI.run(["-C", repo, "import"] + ["a", "b", "c"].map { ImportTests.fixtures + "/\($0).h5ad" })
        precondition(imported.status == 0, imported.stderr)
        for arguments in [["index", "build", "genes", "-m", "gene index"], ["index", "build", "genes", "--matrix", "counts"]] {
            let built = try! CLI.run(["-C", repo] + arguments)
            precondition(built.status == 0, built.stderr)
        }
        return repo
    }()

    static let genes = "G3,G1,ENSG00000000025.2"
    static let queries = [
        "SELECT cell_id, gene_id, value FROM expression WHERE gene_id IN (SELECT gene_id FROM genes WHERE symbol IN ('G1', 'G3', 'G25'))",
        "SELECT g.symbol, count(*), round(avg(e.value), 9), min(e.cell_id), max(e.cell_id) FROM expression e JOIN genes g ON e.gene_id = g.gene_id "
            + "WHERE g.symbol IN ('G1', 'G25', 'G60') GROUP BY g.symbol",
        "SELECT g.symbol, c.cell_type, count(*), round(sum(e.value), 9) FROM expression e JOIN cells c ON e.cell_id = c.cell_id "
            + "JOIN genes g ON e.gene_id = g.gene_id WHERE c.cell_type = 'B' AND g.symbol IN ('G3', 'G25') GROUP BY 1, 2",
        "SELECT e.cell_id, e.value FROM expression e JOIN genes g ON e.gene_id = g.gene_id WHERE g.symbol = 'G30' AND e.cell_id BETWEEN 100 AND 150",
        "SELECT count(*), sum(value) FROM layer_counts WHERE gene_id IN (SELECT gene_id FROM genes WHERE symbol IN ('G2', 'G7'))",
    ]

    func query(_ sql: String, at revision: String, in repo: String = repo) throws -> [String] {
        let result = try CLI.run(["-C", repo, "query", "--at", revision, "--format", "csv", sql])
        #expect(result.status == 0, "\(sql) at \(revision): \(result.stderr)")
        return result.stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test func indexedSlicesAndQueriesEqualUnindexedOnes() throws {
        let dir = temporaryDirectory()
        for (name, arguments) in [("named", ["--genes", Self.genes]),
                                  ("panel-order", ["--genes", "G1,G3,G60"]),
                                  ("where", ["--where", "cell_type = 'B' OR dataset = 'b'", "--genes", "G60,G3"]),
                                  ("layer", ["--where", "dataset = 'a'", "--matrix", "counts", "--genes", "G2,G7,G5"])] {
            for revision in ["HEAD", "HEAD~2"] {
                try expectSuccess(["-C", Self.repo, "slice", "--at", revision] + arguments + ["-o", "\(dir)/\(name)-\(revision).parquet"])
                try expectSuccess(["-C", Self.repo, "slice", "--at", revision] + arguments + ["-o", "\(dir)/\(name)-\(revision).h5ad"])
            }
            let same = try CLI.python(#"""
import sys, pyarrow.parquet as pq, anndata as ad, numpy as np
d, n = sys.argv[1:3]
a, b = pq.read_table(f"{d}/{n}-HEAD.parquet"), pq.read_table(f"{d}/{n}-HEAD~2.parquet")
x, y = ad.read_h5ad(f"{d}/{n}-HEAD.h5ad"), ad.read_h5ad(f"{d}/{n}-HEAD~2.h5ad")
print(a.num_rows > 0 and a.equals(b) and x.X.dtype == y.X.dtype and (x.X != y.X).nnz == 0 and x.X.has_sorted_indices
      and list(x.var_names) == list(y.var_names) and list(x.obs_names) == list(y.obs_names))
"""#, [dir, name])
            #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(name): \(same.stdout) \(same.stderr)")
        }
        // And what anndata slices from the original files.
        let check = try CLI.python(SliceTests.checker, [ImportTests.fixtures, dir + "/named-HEAD.h5ad", "", Self.genes, "X"])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(check.stdout) \(check.stderr)")
        for sql in Self.queries {
            let indexed = try query(sql, at: "HEAD")
            #expect(indexed.count > 1, "\(sql)")
            #expect(indexed == (try query(sql, at: "HEAD~2")), "\(sql)")
        }
    }

    /// Without the matrix's fragments, what the index covers still reads: proof that the index is what
    /// is read. The version without an index fails on the same request.
    @Test func theIndexIsWhatIsRead() throws {
        let copy = temporaryDirectory() + "/copy.cairn"
        #expect(try CLI.runProcess("/bin/cp", ["-r", Self.repo, copy]).status == 0)
        let removed = try CLI.python(#"""
import sys, os, json, subprocess
repo = sys.argv[1]
git = ["git", "--git-dir", repo + "/git"]
names = subprocess.run(git + ["ls-tree", "--name-only", "HEAD:tables/expression/fragments"], capture_output=True, text=True, check=True).stdout.split()
count = 0
for name in names:
    manifest = json.loads(subprocess.run(git + ["show", f"HEAD:tables/expression/fragments/{name}"], capture_output=True, check=True).stdout)
    for o in manifest["objects"]:
        path = f"{repo}/objects/{o['sha256'][:2]}/{o['sha256'][2:]}"
        if os.path.exists(path):
            os.chmod(path, 0o644); os.remove(path); count += 1
print(count)
"""#, [copy])
        #expect((Int(removed.stdout.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0) > 0, "\(removed.stderr)")
        let dir = temporaryDirectory()
        try expectSuccess(["-C", copy, "slice", "--genes", Self.genes, "-o", dir + "/a.parquet"])
        try expectSuccess(["-C", Self.repo, "slice", "--genes", Self.genes, "-o", dir + "/b.parquet"])
        let same = try CLI.python("import sys, pyarrow.parquet as pq; print(pq.read_table(sys.argv[1]).equals(pq.read_table(sys.argv[2])))",
                                  [dir + "/a.parquet", dir + "/b.parquet"])
        #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True")
        #expect(try query(Self.queries[1], at: "HEAD", in: copy) == (try query(Self.queries[1], at: "HEAD")))
        let unindexed = try CLI.run(["-C", copy, "slice", "--at", "HEAD~2", "--genes", Self.genes, "-o", dir + "/c.parquet"])
        #expect(unindexed.status != 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/c.parquet"))
    }

    /// The index travels with a push; a lazy clone and an in-place read use it, fetching what they read.
    @Test func aRemoteCarriesTheIndex() throws {
        let dir = temporaryDirectory()
        let work = dir + "/work.cairn"
        #expect(try CLI.runProcess("/bin/cp", ["-r", Self.repo, work]).status == 0)
        try expectSuccess(["-C", work, "remote", "add", "origin", "file://\(dir)/remote"])
        try expectSuccess(["-C", work, "push", "origin"])
        try expectSuccess(["clone", "file://\(dir)/remote", dir + "/clone.cairn"])
        #expect(try expectSuccess(["-C", dir + "/clone.cairn", "index", "status", "--format", "csv"])
            == (try expectSuccess(["-C", Self.repo, "index", "status", "--format", "csv"])))
        for source in [dir + "/clone.cairn", "file://\(dir)/remote"] {
            try expectSuccess(["-C", source, "slice", "--genes", Self.genes, "-o", dir + "/out.parquet"])
            try expectSuccess(["-C", Self.repo, "slice", "--genes", Self.genes, "-o", dir + "/want.parquet"])
            let same = try CLI.python("import sys, pyarrow.parquet as pq; print(pq.read_table(sys.argv[1]).equals(pq.read_table(sys.argv[2])))",
                                      [dir + "/out.parquet", dir + "/want.parquet"])
            #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(source)")
            #expect(try query(Self.queries[2], at: "HEAD", in: source) == (try query(Self.queries[2], at: "HEAD")), "\(source)")
        }
        #expect(try expectSuccess(["-C", dir + "/clone.cairn", "fsck", "--remote", "origin"]).hasPrefix("ok"))
    }

    @Test func statusDiffRebuildDropAndTimeTravel() throws {
        let repo = temporaryDirectory() + "/r.cairn"
        try expectSuccess(["init", repo])
        try expectSuccess(["-C", repo, "import", ImportTests.fixtures + "/a.h5ad"])
        #expect(try expectSuccess(["-C", repo, "index", "status", "--format", "csv"]) == "kind,matrix,dataset,state,entries,bytes\n")
        let built = try expectSuccess(["-C", repo, "index", "build", "genes", "-m", "gene index"])
        #expect(built.contains("gene index of X"), "\(built)")
        #expect(try expectSuccess(["-C", repo, "index", "build", "genes"]).contains("up to date"))
        let status = try expectSuccess(["-C", repo, "index", "status", "--format", "csv"])
        #expect(status.hasPrefix("kind,matrix,dataset,state,entries,bytes\ngenes,X,a,current,"), "\(status)")
        let diff = try expectSuccess(["-C", repo, "diff", "HEAD~1", "HEAD"])
        #expect(diff.contains("gene index expression/a added"), "\(diff)")
        let json = try expectSuccess(["-C", repo, "diff", "HEAD~1", "HEAD", "--format", "json"])
        #expect(json.contains(#""gene_indexes": [{"table": "expression", "dataset": "a", "status": "added""#), "\(json)")

        // Import keeps the index current; a delete leaves it stale, says so, and queries still agree.
        let imported = try CLI.run(["-C", repo, "import", ImportTests.fixtures + "/c.h5ad"])
        #expect(imported.status == 0 && !imported.stderr.contains("gene index"), "\(imported.stderr)")
        #expect(try expectSuccess(["-C", repo, "index", "status", "--format", "csv"]).contains("genes,X,c,current,"))
        let deleted = try CLI.run(["-C", repo, "delete", "cells", "--where", "cell_type = 'T' AND dataset = 'a'"])
        #expect(deleted.status == 0)
        #expect(deleted.stderr.contains("the gene index of X does not cover a (stale)"), "\(deleted.stderr)")
        #expect(try expectSuccess(["-C", repo, "index", "status", "--format", "csv"]).contains("genes,X,a,stale,"))
        let sql = Self.queries[1]
        let afterDelete = try query(sql, at: "HEAD", in: repo)
        try expectSuccess(["-C", repo, "index", "build", "genes"])
        #expect(try expectSuccess(["-C", repo, "index", "status", "--format", "csv"]).contains("genes,X,a,current,"))
        #expect(try query(sql, at: "HEAD", in: repo) == afterDelete)

        try expectSuccess(["-C", repo, "index", "drop", "genes"])
        #expect(try expectSuccess(["-C", repo, "index", "status", "--format", "csv"]) == "kind,matrix,dataset,state,entries,bytes\n")
        #expect(try expectSuccess(["-C", repo, "index", "status", "--at", "HEAD~1", "--format", "csv"]).contains("genes,X,a,current,"))
        #expect(try expectSuccess(["-C", repo, "index", "drop", "genes"]).contains("No gene index"))
        #expect(try expectSuccess(["-C", repo, "fsck"]).hasPrefix("ok"))
    }

    @Test func badRequestsAreOneLineErrorsThatChangeNothing() throws {
        let repo = temporaryDirectory() + "/e.cairn"
        try expectSuccess(["init", repo])
        let empty = try CLI.run(["-C", repo, "index", "build", "genes"])
        #expect(empty.status != 0 && empty.stderr.contains("nothing to index"), "\(empty.stderr)")
        try expectSuccess(["-C", repo, "import", ImportTests.fixtures + "/c.h5ad"])
        let head = try expectSuccess(["-C", repo, "rev-parse", "HEAD"])
        for (arguments, mentions) in [
            (["index", "build", "genes", "--matrix", "spliced"], "no matrix 'spliced'"),
            (["index", "build", "cells"], "cells"),
            (["index", "drop", "genes", "--matrix", "spliced"], "no matrix 'spliced'"),
            (["index", "status", "--at", "nope"], "nope"),
        ] {
            let result = try CLI.run(["-C", repo] + arguments)
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
            if result.stderr.hasPrefix("cairn: error:") { #expect(result.stderr.split(separator: "\n").count == 1, "\(arguments): \(result.stderr)") }
        }
        #expect(try expectSuccess(["-C", repo, "rev-parse", "HEAD"]) == head)
    }
}
