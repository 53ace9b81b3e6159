import Foundation
import Testing

/// `cairn import` of .h5ad files, checked against anndata itself: what the tables hold after import is
/// what the files hold, ids are assigned across datasets, and bad files are refused without a commit.
@Suite(.serialized) struct ImportTests {
    /// Writes the fixtures with anndata (installed by `make test`) and returns their directory.
    static let fixtures: String = {
        let dir = temporaryDirectory()
        let script = #"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
out = sys.argv[1]
rng = np.random.default_rng(1)
def frame(n, prefix):
    return pd.DataFrame({
        "cell_type": pd.Categorical(rng.choice(["B", "T", "NK"], n), categories=["T", "B", "NK"], ordered=True),
        "donor": pd.Categorical(rng.choice(["d1", "d2", None], n)),
        "n_genes": rng.integers(100, 5000, n),
        "score": rng.random(n),
        "label": [f"{prefix}-label-é{i}" for i in range(n)],
        "flag": rng.random(n) < 0.3,
        "maybe": pd.array([i if i % 4 else None for i in range(n)], dtype="Int64"),
        "maybe_bool": pd.array([bool(i % 2) if i % 5 else None for i in range(n)], dtype="boolean"),
    }, index=[f"{prefix}_cell{i}" for i in range(n)])
genes_a = [f"ENSG{i:011d}.{i % 3 + 1}" for i in range(40)]
genes_b = [f"ENSG{i:011d}.9" for i in range(20, 70)]
a = ad.AnnData(X=sp.random(120, 40, density=0.1, format="csr", dtype=np.float32, random_state=2), obs=frame(120, "a"),
               var=pd.DataFrame({"gene_ids": genes_a, "hv": rng.random(40) < 0.5}, index=[f"G{i}" for i in range(40)]))
a.layers["counts"] = sp.random(120, 40, density=0.05, format="csr", random_state=6, data_rvs=lambda k: rng.integers(1, 9, k)).astype(np.int32)
a.layers["scaled"] = rng.random((120, 40))
a.raw = a.copy()
a.obsm["X_pca"] = rng.random((120, 5)).astype(np.float32)
a.varm["PCs"] = rng.random((40, 5))
a.obsp["distances"] = sp.random(120, 120, density=0.02, format="csr", random_state=7)
a.uns["pca"] = {"variance": rng.random(5).astype(np.float32), "params": {"n_comps": 5, "method": "arpack", "zero_center": True}}
a.uns["cell_type_colors"] = np.array(["#ff0000", "#00ff00", "#0000ff"], dtype=object)
a.uns["title"] = "fixture a"
a.write_h5ad(f"{out}/a.h5ad")
obs_b = frame(80, "b").drop(columns=["maybe_bool"])
obs_b["n_genes"] = obs_b["n_genes"].astype("int32")
obs_b["batch_only"] = "x"
b = ad.AnnData(X=rng.integers(0, 3, (80, 50)).astype(np.int64), obs=obs_b,
               var=pd.DataFrame({"gene_ids": genes_b}, index=[f"G{i}" for i in range(20, 70)]))
b.write_h5ad(f"{out}/b.h5ad")
c = ad.AnnData(X=sp.random(30, 40, density=0.2, format="csc", dtype=np.float64, random_state=3), obs=frame(30, "c"),
               var=pd.DataFrame({"gene_ids": genes_a}, index=[f"G{i}" for i in range(40)]))
c.write_h5ad(f"{out}/c.h5ad")
import warnings
with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    d = ad.AnnData(X=sp.random(4, 3, density=0.5, format="csr", dtype=np.float32, random_state=8),
                   obs=pd.DataFrame(index=["x", "x", "y", "x"]), var=pd.DataFrame(index=["g1", "g2", "g3"]))
    d.write_h5ad(f"{out}/dup.h5ad")
print("ok")
"""#
        let result = try! CLI.python(script, [dir])
        precondition(result.status == 0, "fixture generation failed: \(result.stderr)")
        return dir
    }()

    /// Python that compares the tables cairn exported with the fixtures anndata reads.
    static let verifier = #"""
import sys, json, numpy as np, pandas as pd, pyarrow.parquet as pq, anndata as ad, scipy.sparse as sp
fixtures, exported = sys.argv[1], sys.argv[2]
names = sys.argv[3].split(",")
cells = pq.read_table(f"{exported}/cells.parquet").to_pandas()
expr = pq.read_table(f"{exported}/expression.parquet").to_pandas()
genes = pq.read_table(f"{exported}/genes.parquet").to_pandas()
problems = []
key_to_id = dict(zip(genes.feature_id, genes.gene_id))
offset = 0
for name in names:
    a = ad.read_h5ad(f"{fixtures}/{name}.h5ad")
    mine = cells[cells.dataset == name]
    if list(mine.cell_id) != list(range(offset, offset + a.n_obs)): problems.append(f"{name}: cell ids")
    if list(mine.obs_name) != list(a.obs_names): problems.append(f"{name}: obs names")
    for col in a.obs.columns:
        want = a.obs[col].astype(object).where(a.obs[col].notna(), None).tolist()
        got = mine[col].astype(object).where(mine[col].notna(), None).tolist()
        if [None if w is None else (str(w) if isinstance(w, str) else float(w)) for w in want] != \
           [None if g is None else (str(g) if isinstance(g, str) else float(g)) for g in got]:
            problems.append(f"{name}: obs column {col}")
    panel = [key_to_id[g.split(".")[0]] for g in a.var["gene_ids"]]
    X = sp.coo_matrix(a.X)
    want = sorted(zip((X.row + offset).tolist(), [panel[c] for c in X.col.tolist()], X.data.tolist()))
    rows = expr[(expr.cell_id >= offset) & (expr.cell_id < offset + a.n_obs)]
    got = sorted(zip(rows.cell_id.tolist(), rows.gene_id.tolist(), rows.value.tolist()))
    if want != got: problems.append(f"{name}: expression ({len(want)} vs {len(got)} entries)")
    offset += a.n_obs
print(json.dumps({"problems": problems, "genes": len(genes)}))
"""#

    func importInto(_ files: [String], names: [String]) throws -> (repo: String, result: CLIResult) {
        let dir = temporaryDirectory()
        #expect(try CLI.run(["init", dir + "/atlas.cairn"]).status == 0)
        var arguments = ["-C", dir + "/atlas.cairn", "import"] + files.map { Self.fixtures + "/" + $0 }
        for name in names { arguments += ["--dataset", name] }
        return (dir + "/atlas.cairn", try CLI.run(arguments + ["-m", "import"]))
    }

    func export(_ repo: String, tables: [String]) throws -> String {
        let out = temporaryDirectory()
        for table in tables {
            let result = try CLI.run(["-C", repo, "export-table", table, "-o", "\(out)/\(table).parquet"])
            #expect(result.status == 0, "\(result.stderr)")
        }
        return out
    }

    @Test func importsSeveralFilesInOneCommitFaithfully() throws {
        let (repo, result) = try importInto(["a.h5ad", "b.h5ad", "c.h5ad"], names: ["a", "b", "c"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.run(["-C", repo, "log", "--format", "csv"]).stdout.split(separator: "\n").count == 3)
        let datasets = try CLI.run(["-C", repo, "datasets", "--format", "json"]).stdout.split(separator: "\n")
        try #require(datasets.count == 3)
        let first = try JSONSerialization.jsonObject(with: Data(datasets[1].utf8)) as! [String: Any]
        #expect(first["dataset"] as? String == "b")
        #expect(first["first_cell_id"] as? Int == 120)
        #expect(first["x_type"] as? String == "int64")
        let exported = try export(repo, tables: ["cells", "expression", "genes"])
        let check = try CLI.python(Self.verifier, [Self.fixtures, exported, "a,b,c"])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        #expect(json["problems"] as? [String] == [])
        // 40 genes from a, 30 new ones from b (20 shared, matched without their version suffix), none from c.
        #expect(json["genes"] as? Int == 70)
        // Columns only some datasets have are nulls elsewhere; int32 and int64 counts meet as int64.
        let schema = try CLI.run(["-C", repo, "schema", "cells", "--format", "csv"]).stdout
        #expect(schema.contains("n_genes,int64,true"))
        #expect(schema.contains("batch_only,string,true"))
        #expect(schema.hasPrefix("column,type,nullable\ncell_id,int64,false\ndataset,string,false\n"))
    }

    @Test func duplicateObsNamesAreKeptWithAWarning() throws {
        let (repo, result) = try importInto(["dup.h5ad"], names: ["dup"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("warning: dup.h5ad: 2 duplicate obs names (kept as they are)"))
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("cells,4,"))
    }

    @Test func duplicatesAndNameClashesAreRefused() throws {
        let (repo, first) = try importInto(["a.h5ad"], names: ["a"])
        #expect(first.status == 0, "\(first.stderr)")
        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
        let again = try CLI.run(["-C", repo, "import", Self.fixtures + "/a.h5ad", "--dataset", "a2"])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already imported as dataset 'a'"))
        let clash = try CLI.run(["-C", repo, "import", Self.fixtures + "/b.h5ad", "--dataset", "a"])
        #expect(clash.status != 0)
        #expect(clash.stderr.contains("'a' already exists"))
        #expect(try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout == head)
        let allowed = try CLI.run(["-C", repo, "import", Self.fixtures + "/a.h5ad", "--dataset", "a2", "--allow-duplicate"])
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("cells,240,"))
    }

    @Test func badFilesAreRefusedWithoutACommit() throws {
        let dir = temporaryDirectory()
        let script = #"""
import sys, shutil, h5py, numpy as np
src, out = sys.argv[1], sys.argv[2]
data = open(f"{src}/a.h5ad", "rb").read()
open(f"{out}/truncated.h5ad", "wb").write(data[: len(data) // 2])
for name, edit in [("decreasing", "indptr"), ("out_of_range", "indices"), ("missing", "drop"), ("short_obs", "obs")]:
    shutil.copy(f"{src}/a.h5ad", f"{out}/{name}.h5ad")
    with h5py.File(f"{out}/{name}.h5ad", "r+") as f:
        if edit == "indptr":
            p = f["X/indptr"][...]; p[5] = p[6] + 1; f["X/indptr"][...] = p
        elif edit == "indices":
            i = f["X/indices"][...]; i[3] = 4000; f["X/indices"][...] = i
        elif edit == "drop":
            del f["X/indptr"]
        else:
            idx = f["obs/_index"][...]; del f["obs/_index"]; f.create_dataset("obs/_index", data=idx[:-1], dtype=h5py.string_dtype())
            f["obs/_index"].attrs["encoding-type"] = "string-array"; f["obs/_index"].attrs["encoding-version"] = "0.2.0"
open(f"{out}/text.h5ad", "w").write("not hdf5")
print("ok")
"""#
        #expect(try CLI.python(script, [Self.fixtures, dir]).status == 0)
        let (repo, _) = try importInto([], names: [])
        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
        for (file, mentions) in [("truncated.h5ad", "truncated.h5ad"), ("decreasing.h5ad", "indptr decreases"),
                                 ("out_of_range.h5ad", "index 4000 out of range"), ("missing.h5ad", "indptr"),
                                 ("short_obs.h5ad", "/obs"), ("text.h5ad", "not an HDF5 file"), ("absent.h5ad", "absent.h5ad")] {
            let result = try CLI.run(["-C", repo, "import", dir + "/" + file])
            #expect(result.status != 0, "\(file)")
            let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(message.hasPrefix("cairn: error: ") && !message.contains("\n"), "\(file): \(message)")
            #expect(message.contains(mentions), "\(file): \(message)")
        }
        #expect(try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout == head)
    }

    @Test func sharedLegacyFilesImportWhenPresent() throws {
        let shared = CLI.packageRoot + "/../shared/data"
        guard FileManager.default.fileExists(atPath: shared + "/pbmc68k_reduced.h5ad") else { return }  // extra coverage only
        let dir = temporaryDirectory()
        #expect(try CLI.run(["init", dir + "/a.cairn"]).status == 0)
        let result = try CLI.run(["-C", dir + "/a.cairn", "import", shared + "/pbmc68k_reduced.h5ad", shared + "/anndata-v0.11.4.h5ad"])
        #expect(result.status == 0, "\(result.stderr)")
        let datasets = try CLI.run(["-C", dir + "/a.cairn", "datasets", "--format", "csv"]).stdout
        #expect(datasets.contains(",700,765,"))
        #expect(datasets.contains(",10,20,0,"))
        let schema = try CLI.run(["-C", dir + "/a.cairn", "schema", "cells", "--format", "csv"]).stdout
        #expect(schema.contains("louvain,string,true"))
    }
}
