import Foundation
import Testing

/// `cairn update`, `annotate` and `delete` end to end: the new version as query, datasets, slice and the
/// exports see it (anndata reads the exports), errors that leave the branch where it was, and two
/// processes racing to edit.
@Suite(.serialized) struct EditCommandTests {
    /// One dataset `pbmc` of 100 cells (leiden = i % 5, donor = D(i % 8)) with a layer, raw, obsm, obsp.
    static let fixture: String = {
        let dir = temporaryDirectory()
        let script = #"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
rng = np.random.default_rng(1)
n = 100
obs = pd.DataFrame({"leiden": pd.Categorical([str(i % 5) for i in range(n)]),
                    "donor": pd.Categorical([f"D{i % 8}" for i in range(n)]),
                    "n": rng.integers(0, 100, n).astype("int32"), "score": rng.random(n)},
                   index=[f"c{i}" for i in range(n)])
a = ad.AnnData(X=sp.random(n, 30, density=0.2, format="csr", dtype=np.float32, random_state=2), obs=obs,
               var=pd.DataFrame(index=[f"G{i}" for i in range(30)]))
a.layers["counts"] = sp.random(n, 30, density=0.1, format="csr", random_state=6, dtype=np.float64)
a.raw = a.copy()
a.obsm["X_pca"] = rng.random((n, 3)).astype(np.float32)
a.obsp["distances"] = sp.random(n, n, density=0.05, format="csr", random_state=7)
a.write_h5ad(sys.argv[1] + "/pbmc.h5ad")
"""#
        let result = try! CLI.python(script, [dir])
        precondition(result.status == 0, "fixture generation failed: \(result.stderr)")
        return dir + "/pbmc.h5ad"
    }()

    func repository() throws -> String {
        let repo = temporaryDirectory() + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let imported = try CLI.run(["-C", repo, "import", Self.fixture, "--dataset", "pbmc"])
        #expect(imported.status == 0, "\(imported.stderr)")
        return repo
    }

    func head(_ repo: String) throws -> String { try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout }

    func query(_ repo: String, _ sql: String) throws -> String {
        let result = try CLI.run(["-C", repo, "query", sql, "--format", "csv"])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout
    }

    @Test func updateRelabelsCellsAndAnndataReadsTheNewCategory() throws {
        let repo = try repository()
        let update = try CLI.run(["-C", repo, "update", "cells", "--set", "leiden = 'CD4 T cell', n = n + 1",
                                  "--where", "leiden = '3' AND dataset = 'pbmc'", "-m", "relabel cluster 3"])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(update.stdout.contains("20 rows of cells updated (1 fragment"))
        #expect(try query(repo, "SELECT count(*) FROM cells WHERE leiden = 'CD4 T cell'") == "count(*)\n20\n")
        // Only the assigned columns were rewritten: the fragment holds one new object with leiden and n.
        let fragments = try CLI.run(["-C", repo, "ls-fragments", "cells"]).stdout
        #expect(fragments.contains("leiden,n "))
        #expect(try CLI.run(["-C", repo, "log"]).stdout.contains("relabel cluster 3"))
        let out = temporaryDirectory() + "/out.h5ad"
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", out]).status == 0)
        let check = try CLI.python(#"""
import sys, anndata as ad, numpy as np
a, o = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
three = (o.obs.leiden == "3").values
assert list(a.obs.leiden.cat.categories) == ["0", "1", "2", "3", "4", "CD4 T cell"], a.obs.leiden.cat.categories
assert (a.obs.leiden[three] == "CD4 T cell").all() and list(a.obs.leiden[~three].astype(str)) == list(o.obs.leiden[~three].astype(str))
assert (a.obs.n[three].values == o.obs.n[three].values + 1).all() and (a.obs.n[~three].values == o.obs.n[~three].values).all()
assert a.obs.n.dtype == np.int32
assert (a.X.toarray() == o.X.toarray()).all()
"""#, [out, Self.fixture])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func annotateAddsAColumnAndReplacesMatchedValues() throws {
        let repo = try repository()
        let csv = temporaryDirectory() + "/labels.csv"
        var text = "obs_name,scvi_label,score\n"
        for i in stride(from: 0, to: 100, by: 3) { text += "c\(i),L\(i % 4),\(Double(i) / 2)\n" }
        text += "nobody,L0,1.5\n"
        try text.write(toFile: csv, atomically: true, encoding: .utf8)
        let annotate = try CLI.run(["-C", repo, "annotate", "cells", "--from", csv, "--key", "obs_name", "-m", "add scVI labels"])
        #expect(annotate.status == 0, "\(annotate.stderr)")
        #expect(annotate.stdout.contains("34 rows of cells annotated (new: scvi_label; updated: score)"))
        #expect(annotate.stderr.contains("1 row of labels.csv matched no row of cells"))
        #expect(try query(repo, "SELECT count(scvi_label), count(*) FROM cells") == "count(scvi_label),count(*)\n34,100\n")
        let out = temporaryDirectory() + "/out.h5ad"
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", out]).status == 0)
        let check = try CLI.python(#"""
import sys, anndata as ad, numpy as np
a, o = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
hit = np.arange(100) % 3 == 0
assert "scvi_label" in a.obs.columns, a.obs.columns
assert list(a.obs.scvi_label[hit]) == [f"L{i % 4}" for i in range(0, 100, 3)]
assert a.obs.scvi_label[~hit].isna().all()
assert np.allclose(a.obs.score[hit].values, np.arange(0, 100, 3) / 2)
assert np.allclose(a.obs.score[~hit].values, o.obs.score[~hit].values)
"""#, [out, Self.fixture])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func annotatedVarColumnsComeBackInTheExport() throws {
        let repo = try repository()
        let csv = temporaryDirectory() + "/hvg.csv"
        try "var_name,highly_variable,dispersion\nG0,true,1.5\nG3,false,0.25\n".write(toFile: csv, atomically: true, encoding: .utf8)
        let annotate = try CLI.run(["-C", repo, "annotate", "var", "--from", csv, "--key", "var_name", "-m", "highly variable genes"])
        #expect(annotate.status == 0, "\(annotate.stderr)")
        let out = temporaryDirectory() + "/out.h5ad"
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "--dataset", "pbmc", "-o", out]).status == 0)
        let check = try CLI.python(#"""
import sys, anndata as ad
v = ad.read_h5ad(sys.argv[1]).var
print(list(v.columns), [bool(v.highly_variable.iloc[i]) for i in (0, 3)], [float(v.dispersion.iloc[i]) for i in (0, 3)],
      int(v.highly_variable.isna().sum()))
"""#, [out])
        #expect(check.stdout == "['highly_variable', 'dispersion'] [True, False] [1.5, 0.25] 28\n", "\(check.stdout) \(check.stderr)")
    }

    @Test func deletedCellsAreGoneFromEveryReaderAndExport() throws {
        let repo = try repository()
        let delete = try CLI.run(["-C", repo, "delete", "cells", "--where", "donor = 'D7'", "-m", "consent withdrawn"])
        #expect(delete.status == 0, "\(delete.stderr)")
        #expect(delete.stdout.contains("12 rows of cells deleted"))
        #expect(delete.stdout.contains("entries of expression") && delete.stdout.contains("entries of layer_counts"))
        #expect(try query(repo, "SELECT count(*) FROM cells") == "count(*)\n88\n")
        #expect(try query(repo, "SELECT count(*) FROM expression WHERE cell_id % 8 = 7") == "count(*)\n0\n")
        #expect(try query(repo, "SELECT n_cells FROM datasets") == "n_cells\n88\n")
        #expect(try CLI.run(["-C", repo, "datasets", "--format", "csv"]).stdout.contains(",88,30,"))
        // The version before still has them.
        #expect(try query(repo, "SELECT count(*) FROM cells") != (try CLI.run(["-C", repo, "query", "SELECT count(*) FROM cells", "--at", "HEAD~1", "--format", "csv"]).stdout))

        let dir = temporaryDirectory()
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", dir + "/all.h5ad"]).status == 0)
        #expect(try CLI.run(["-C", repo, "export", "mtx", "-o", dir + "/mtx"]).status == 0)
        #expect(try CLI.run(["-C", repo, "slice", "--where", "leiden IN ('1', '2')", "-o", dir + "/slice.h5ad"]).status == 0)
        let check = try CLI.python(#"""
import sys, gzip, anndata as ad, numpy as np, scipy.io
d, fixture = sys.argv[1], sys.argv[2]
o = ad.read_h5ad(fixture)
keep = (o.obs.donor != "D7").values
k = o[keep]
a = ad.read_h5ad(d + "/all.h5ad")
assert a.n_obs == 88 and list(a.obs_names) == list(k.obs_names)
assert (a.X.toarray() == k.X.toarray()).all()
assert np.allclose(a.layers["counts"].toarray(), k.layers["counts"].toarray())
assert np.allclose(a.obsm["X_pca"], k.obsm["X_pca"])
assert np.allclose(a.obsp["distances"].toarray(), o.obsp["distances"].toarray()[keep][:, keep])
assert a.raw.X.shape[0] == 88 and np.allclose(a.raw.X.toarray(), o.raw.X.toarray()[keep])
m = scipy.io.mmread(gzip.open(d + "/mtx/matrix.mtx.gz")).T.toarray()
barcodes = gzip.open(d + "/mtx/barcodes.tsv.gz").read().decode().split()
assert barcodes == list(k.obs_names) and np.allclose(m, k.X.toarray())
s = ad.read_h5ad(d + "/slice.h5ad")
chosen = k[k.obs.leiden.isin(["1", "2"]).values]
assert list(s.obs_names) == list(chosen.obs_names) and np.allclose(s.X.toarray(), chosen.X.toarray())
"""#, [dir, Self.fixture])
        #expect(check.status == 0, "\(check.stderr)")
    }

    @Test func loadedTablesGenesAndVarAreEditedToo() throws {
        let repo = try repository()
        let csv = temporaryDirectory() + "/donors.csv"
        try "donor,age,site\nD1,30,A\nD2,41,B\nD3,52,B\n".write(toFile: csv, atomically: true, encoding: .utf8)
        #expect(try CLI.run(["-C", repo, "load", "donors", csv]).status == 0)
        let update = try CLI.run(["-C", repo, "update", "donors", "--set", "age = age + 1, site = 'C'", "--where", "site = 'B'"])
        #expect(update.status == 0, "\(update.stderr)")
        #expect(try query(repo, "SELECT donor, age, site FROM donors ORDER BY donor") == "donor,age,site\nD1,30,A\nD2,42,C\nD3,53,C\n")
        #expect(try CLI.run(["-C", repo, "delete", "donors", "--where", "age > 50"]).status == 0)
        #expect(try query(repo, "SELECT donor FROM donors ORDER BY donor") == "donor\nD1\nD2\n")
        #expect(try CLI.run(["-C", repo, "update", "genes", "--set", "symbol = 'MYGENE'", "--where", "symbol = 'G3'"]).status == 0)
        #expect(try query(repo, "SELECT gene_id FROM genes WHERE symbol = 'MYGENE'") == "gene_id\n3\n")
        let feature = try CLI.run(["-C", repo, "update", "genes", "--set", "feature_id = 'x'", "--where", "gene_id = 1"])
        #expect(feature.status != 0 && feature.stderr.contains("cannot be updated"))
        let columns = try CLI.run(["-C", repo, "schema", "var"]).stdout
        #expect(columns.contains("var_name"))
        #expect(try CLI.run(["-C", repo, "update", "var", "--set", "var_name = 'renamed'", "--where", "gene_id = 0"]).status == 0)
        #expect(try query(repo, "SELECT var_name FROM var WHERE gene_id = 0") == "var_name\nrenamed\n")
    }

    @Test(arguments: [
        (["update", "cels", "--set", "x = 1", "--where", "n > 0"], "did you mean 'cells'"),
        (["update", "cells", "--set", "lieden = 'x'", "--where", "n > 0"], "did you mean 'leiden'"),
        (["update", "cells", "--set", "leiden = 'x'", "--where", "donr = 'D1'"], "did you mean 'donor'"),
        (["update", "cells", "--set", "leiden = 'x'", "--where", "n >> 1"], "^"),
        (["update", "cells", "--set", "leiden 'x'", "--where", "n > 1"], "expected '='"),
        (["update", "cells", "--set", "leiden = 3", "--where", "n > 1"], "cannot set column 'leiden' (string) to 3 (int32)"),
        (["update", "cells", "--set", "n = 'many'", "--where", "n > 1"], "cannot set column 'n' (int32) to 'many' (string)"),
        (["update", "cells", "--set", "n = 5000000000", "--where", "n > 1"], "out of range"),
        (["update", "cells", "--set", "cell_id = 1", "--where", "n > 1"], "cannot be updated"),
        (["update", "cells", "--set", "dataset = 'x'", "--where", "n > 1"], "cannot be updated"),
        (["update", "expression", "--set", "value = 1", "--where", "value > 1"], "cannot update matrix table 'expression'"),
        (["update", "datasets", "--set", "name = 'x'", "--where", "n_cells > 1"], "cannot update table 'datasets'"),
        (["update", "cells", "--set", "leiden = 'x'", "--where", "n > 1000"], "0 rows matched"),
        (["delete", "cells", "--where", "donor = 'nobody'"], "0 rows matched"),
        (["delete", "genes", "--where", "gene_id = 1"], "cannot delete from table 'genes'"),
        (["delete", "cells", "--where", "count(*) > 1"], "aggregate functions are not allowed"),
    ])
    func badInputIsOneLineAndCommitsNothing(arguments: [String], message: String) throws {
        let repo = try repository()
        let before = try head(repo)
        let result = try CLI.run(["-C", repo] + arguments)
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("cairn: error: "), "\(result.stderr)")
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try head(repo) == before)
    }

    @Test func annotateFileProblemsCommitNothing() throws {
        let repo = try repository()
        let before = try head(repo)
        let dir = temporaryDirectory()
        let cases: [(String, [String], String)] = [
            ("obs_name,label\nc1,a\nc1,b\n", [], "key 'c1' appears more than once"),
            ("name,label\nc1,a\n", [], "has no key column 'obs_name'"),
            ("obs_name,n\nc1,abc\n", [], "'abc' is not a valid int32"),
            ("obs_name,label\nnobody,a\n", [], "nothing to annotate"),
            ("obs_name,label\nc1,a\n", ["--columns", "lable"], "did you mean 'label'"),
            ("obs_name,cell_id\nc1,4\n", [], "cannot be annotated"),
        ]
        for (i, (text, extra, message)) in cases.enumerated() {
            let csv = dir + "/case\(i).csv"
            try text.write(toFile: csv, atomically: true, encoding: .utf8)
            let result = try CLI.run(["-C", repo, "annotate", "cells", "--from", csv, "--key", "obs_name"] + extra)
            #expect(result.status != 0)
            #expect(result.stderr.contains(message), "case \(i): \(result.stderr)")
        }
        #expect(try head(repo) == before)
    }

    @Test func editsAreRefusedOnADetachedHead() throws {
        let repo = try repository()
        #expect(try CLI.run(["-C", repo, "checkout", "HEAD~1"]).status == 0)
        let result = try CLI.run(["-C", repo, "update", "cells", "--set", "leiden = 'x'", "--where", "n > 1"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("HEAD is detached"))
    }

    /// Two processes begin on the same version (the barrier holds each between staging and committing
    /// until both have staged).
    func race(_ first: [String], _ second: [String], in repo: String) throws -> [CLIResult] {
        let environment = ["CAIRN_EDIT_BARRIER": temporaryDirectory()]
        nonisolated(unsafe) var results: [CLIResult?] = [nil, nil]
        let group = DispatchGroup()
        for (i, arguments) in [first, second].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                results[i] = try? CLI.run(["-C", repo] + arguments, environment: environment)
                group.leave()
            }
        }
        group.wait()
        return results.map { $0! }
    }

    @Test func racingUpdatesOfTheSameColumnLandOnceAndConflictOnce() throws {
        let repo = try repository()
        let before = try CLI.run(["-C", repo, "log", "--format", "json"]).stdout.split(separator: "\n").count
        let results = try race(["update", "cells", "--set", "leiden = 'A'", "--where", "donor = 'D1'"],
                               ["update", "cells", "--set", "leiden = 'B'", "--where", "donor = 'D2'"], in: repo)
        #expect(results.filter { $0.status == 0 }.count == 1, "\(results.map(\.stderr))")
        let loser = try #require(results.first { $0.status != 0 })
        #expect(loser.stderr.contains("conflict: column 'leiden' of table 'cells' changed on the branch"), "\(loser.stderr)")
        #expect(try CLI.run(["-C", repo, "log", "--format", "json"]).stdout.split(separator: "\n").count == before + 1)
    }

    @Test func racingUpdatesOfDifferentColumnsBothLand() throws {
        let repo = try repository()
        let results = try race(["update", "cells", "--set", "leiden = 'A'", "--where", "n > 50"],
                               ["update", "cells", "--set", "score = 0.5", "--where", "obs_name = 'c1'"], in: repo)
        #expect(results.allSatisfy { $0.status == 0 }, "\(results.map(\.stderr))")
        #expect(try query(repo, "SELECT count(*) FROM cells WHERE leiden = 'A' AND n > 50") == (try query(repo, "SELECT count(*) FROM cells WHERE n > 50")))
        #expect(try query(repo, "SELECT score FROM cells WHERE obs_name = 'c1'") == "score\n0.5\n")
    }
}
