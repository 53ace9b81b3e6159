import Foundation
import Testing

/// `merge` and `revert` end to end: datasets imported on both sides of a merge, renumbered in manifests.
@Suite struct MergeCommandTests {
    /// a.h5ad (genes 0–9), b.h5ad (genes 5–14), c.h5ad (genes 12–19), c2.h5ad (c under another seed).
    func makeSources(_ dir: String) throws {
        let made = try CLI.python(#"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
def make(name, genes, cells, seed):
    rng = np.random.default_rng(seed)
    X = sp.random(cells, len(genes), density=0.4, format="csr", random_state=seed,
                  data_rvs=lambda k: rng.integers(1, 30, k)).astype(np.int32)
    obs = pd.DataFrame({"cell_type": pd.Categorical(rng.choice(["B", "T", "NK"], cells))},
                       index=[f"{name}_cell{i}" for i in range(cells)])
    var = pd.DataFrame({"gene_ids": [f"ENSG{g:011d}" for g in genes]}, index=[f"G{g}" for g in genes])
    ad.AnnData(X=X, obs=obs, var=var).write_h5ad(f"{sys.argv[1]}/{name}.h5ad")
make("a", range(0, 10), 30, 1)
make("b", range(5, 15), 20, 2)
make("c", range(12, 20), 25, 3)
make("c2", range(12, 20), 25, 4)
"""#, [dir])
        #expect(made.status == 0, "\(made.stderr)")
    }

    /// `a` imported, then `side` gets one source and `main` another: (dir, repo), HEAD on main.
    func twoSides(side: (file: String, name: String), main: (file: String, name: String)) throws -> (dir: String, repo: String) {
        let dir = temporaryDirectory()
        try makeSources(dir)
        let repo = dir + "/atlas.cairn"
        try expectSuccess(["init", repo])
        try expectSuccess(["-C", repo, "import", dir + "/a.h5ad", "--dataset", "a"])
        try expectSuccess(["-C", repo, "branch", "side"])
        try expectSuccess(["-C", repo, "checkout", "side"])
        try expectSuccess(["-C", repo, "import", dir + "/" + side.file, "--dataset", side.name])
        try expectSuccess(["-C", repo, "checkout", "main"])
        try expectSuccess(["-C", repo, "import", dir + "/" + main.file, "--dataset", main.name])
        return (dir, repo)
    }

    @Test func datasetsImportedOnBothSidesMergeWithRenumberedIds() throws {
        let (dir, repo) = try twoSides(side: ("b.h5ad", "b"), main: ("c.h5ad", "c"))
        let merged = try expectSuccess(["-C", repo, "merge", "side"])
        #expect(merged.contains("merged side"))

        let cells = try expectSuccess(["-C", repo, "query", "--format", "csv",
                                       "SELECT dataset, count(*) AS n, min(cell_id) AS lo, max(cell_id) AS hi FROM cells GROUP BY dataset ORDER BY lo"])
        #expect(cells == "dataset,n,lo,hi\na,30,0,29\nc,25,30,54\nb,20,55,74\n")
        // One id per feature: genes both sides registered (12–14) keep main's ids; 10 and 11 get fresh ones.
        let genes = try expectSuccess(["-C", repo, "query", "--format", "csv",
                                       "SELECT count(*) AS n, count(DISTINCT feature_id) AS features, max(gene_id) AS top FROM genes"])
        #expect(genes == "n,features,top\n20,20,19\n")
        // Each dataset exports as it was imported: its panel maps onto the merged registry.
        for name in ["a", "b", "c"] {
            try expectSuccess(["-C", repo, "export", "h5ad", "--dataset", name, "-o", "\(dir)/out_\(name).h5ad"])
            let check = try CLI.python(#"""
import sys, numpy as np, anndata as ad
a, b = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
print(list(a.var_names) == list(b.var_names), list(a.obs_names) == list(b.obs_names),
      bool(np.array_equal(a.X.toarray(), b.X.toarray())), list(a.obs.cell_type) == list(b.obs.cell_type))
"""#, ["\(dir)/\(name).h5ad", "\(dir)/out_\(name).h5ad"])
            #expect(check.stdout == "True True True True\n", "\(name): \(check.stdout) \(check.stderr)")
        }
        // Gene-level answers agree with the sources, whichever side registered the gene.
        let sums = try expectSuccess(["-C", repo, "query", "--format", "csv",
                                      "SELECT count(*) AS n, sum(value) AS total FROM expression"])
        let truth = try CLI.python(#"""
import sys, anndata as ad
xs = [ad.read_h5ad(f"{sys.argv[1]}/{n}.h5ad").X for n in "abc"]
print(f"n,total\n{sum(x.nnz for x in xs)},{sum(int(x.sum()) for x in xs)}")
"""#, [dir])
        #expect(sums == truth.stdout)
        let log = try expectSuccess(["-C", repo, "log", "-n", "1"])
        #expect(log.contains("Merge branch 'side'"))
        #expect(try expectSuccess(["-C", repo, "merge", "side"]) == "Already up to date.\n")
    }

    @Test func aDatasetNameImportedOnBothSidesStopsTheMerge() throws {
        let (_, repo) = try twoSides(side: ("c2.h5ad", "c"), main: ("c.h5ad", "c"))
        let head = try expectSuccess(["-C", repo, "rev-parse", "HEAD"])
        let result = try CLI.run(["-C", repo, "merge", "side"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("CONFLICT dataset 'c' was imported on both sides with different contents"), "\(result.stderr)")
        #expect(result.stderr.contains("cairn: error: merge stopped on"))
        #expect(try expectSuccess(["-C", repo, "rev-parse", "HEAD"]) == head)
        // A strategy settles values, not this: the merge still stops.
        #expect(try CLI.run(["-C", repo, "merge", "side", "--strategy", "theirs"]).status == 1)
        let unknown = try CLI.run(["-C", repo, "merge", "nope"])
        #expect(unknown.status != 0 && unknown.stderr.contains("nope"))
    }

    @Test func revertRemovesAnImportedDatasetAndKeepsLaterOnes() throws {
        let dir = temporaryDirectory()
        try makeSources(dir)
        let repo = dir + "/atlas.cairn"
        try expectSuccess(["init", repo])
        try expectSuccess(["-C", repo, "import", dir + "/a.h5ad", "--dataset", "a"])
        try expectSuccess(["-C", repo, "import", dir + "/b.h5ad", "--dataset", "b"])
        try expectSuccess(["-C", repo, "import", dir + "/c.h5ad", "--dataset", "c"])
        let out = try expectSuccess(["-C", repo, "revert", "HEAD~1"])
        #expect(out.contains("reverted HEAD~1"))
        let cells = try expectSuccess(["-C", repo, "query", "--format", "csv",
                                       "SELECT dataset, count(*) AS n, min(cell_id) AS lo FROM cells GROUP BY dataset ORDER BY lo"])
        #expect(cells == "dataset,n,lo\na,30,0\nc,25,50\n")
        let entries = try expectSuccess(["-C", repo, "query", "--format", "csv", "SELECT count(*) AS n FROM expression WHERE cell_id >= 30 AND cell_id < 50"])
        #expect(entries == "n\n0\n")
        // The genes b registered stay: c uses some of them.
        #expect(try expectSuccess(["-C", repo, "query", "--format", "csv", "SELECT count(*) AS n FROM genes"]) == "n\n20\n")
        try expectSuccess(["-C", repo, "export", "h5ad", "--dataset", "c", "-o", dir + "/c_out.h5ad"])
        let same = try CLI.python(#"""
import sys, numpy as np, anndata as ad
a, b = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
print(list(a.var_names) == list(b.var_names), bool(np.array_equal(a.X.toarray(), b.X.toarray())))
"""#, [dir + "/c.h5ad", dir + "/c_out.h5ad"])
        #expect(same.stdout == "True True\n", "\(same.stderr)")
        let log = try expectSuccess(["-C", repo, "log", "-n", "1"])
        #expect(log.contains("Revert \"") && log.contains("This reverts commit"))
        let initial = try CLI.run(["-C", repo, "revert", "HEAD~4"])
        #expect(initial.status == 1 && initial.stderr.contains("nothing to revert"), "\(initial.stderr)")
    }
}
