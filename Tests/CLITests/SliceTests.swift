import Foundation
import Testing

/// `cairn slice`: chosen cells × chosen genes, checked against anndata slicing the same files.
@Suite(.serialized) struct SliceTests {
    static let repo: String = {
        let repo = temporaryDirectory() + "/atlas.cairn"
        precondition(try! CLI.run(["init", repo]).status == 0)
        let imported = try! CLI.run(["-C", repo, "import"] + ["a", "b", "c"].map { ImportTests.fixtures + "/\($0).h5ad" })
        precondition(imported.status == 0, imported.stderr)
        return repo
    }()

    /// Python that slices the fixtures with anndata and compares with cairn's output: argv = fixtures dir,
    /// output h5ad, a pandas query over obs (with a `dataset` column), genes ("union", "intersection" or
    /// a comma list of var names / gene ids), and the layer ("X" or a name).
    static let checker = #"""
import sys, json, numpy as np, pandas as pd, anndata as ad, scipy.sparse as sp
fx, out, where, genes, layer = sys.argv[1:6]
parts = []
for name in ["a", "b", "c"]:
    a = ad.read_h5ad(f"{fx}/{name}.h5ad")
    a.obs["dataset"] = name
    a.var["key"] = [g.split(".")[0] for g in a.var["gene_ids"]]
    parts.append(a)
got = ad.read_h5ad(out)
problems = []
rows = []
for a in parts:
    keep = a.obs.query(where, engine="python").index if where else a.obs.index
    if len(keep): rows.append(a[a.obs.index.isin(keep)])
if genes in ("union", "intersection"):
    keys = [set(r.var["key"]) for r in rows]
    wanted = sorted(set.union(*keys) if genes == "union" else set.intersection(*keys), key=lambda k: int(k[4:]))
else:
    wanted = []
    for g in genes.split(","):
        for r in rows:
            hit = r.var.index[r.var.index == g].tolist() or r.var.index[r.var["key"] == g.split(".")[0]].tolist()
            if hit: wanted.append(r.var.loc[hit[0], "key"]); break
expected = []
for r in rows:
    m = r.X if layer == "X" else r.layers[layer]
    m = m.toarray() if sp.issparse(m) else np.asarray(m)
    block = np.zeros((r.n_obs, len(wanted)))
    for j, k in enumerate(wanted):
        where_k = np.where(r.var["key"].values == k)[0]
        if len(where_k): block[:, j] = m[:, where_k[0]]
    expected.append(block)
expected = np.vstack(expected)
X = got.X.toarray() if sp.issparse(got.X) else np.asarray(got.X)
if X.shape != expected.shape: problems.append(f"shape {X.shape} vs {expected.shape}")
elif not np.allclose(X, expected): problems.append("values")
if list(got.var["gene_ids"]) != wanted: problems.append(f"genes {list(got.var['gene_ids'])[:5]} vs {wanted[:5]}")
names = [n for r in rows for n in r.obs_names]
if list(got.obs_names) != names: problems.append("obs names")
if "cell_type" in got.obs and list(got.obs["cell_type"].astype(str)) != [str(v) for r in rows for v in r.obs["cell_type"]]:
    problems.append("obs cell_type")
print(json.dumps(problems))
"""#

    private func slice(_ arguments: [String]) throws -> CLIResult {
        try CLI.run(["-C", Self.repo, "slice"] + arguments)
    }

    private func check(_ out: String, where condition: String, genes: String, layer: String = "X") throws {
        let check = try CLI.python(Self.checker, [ImportTests.fixtures, out, condition, genes, layer])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(check.stdout)")
    }

    @Test func whereAndNamedGenesGiveWhatAnndataSlices() throws {
        let out = temporaryDirectory() + "/b.h5ad"
        let result = try slice(["--where", "cell_type = 'B' AND n_genes > 1000 AND dataset IN ('a', 'c')", "--genes", "G3,G1,ENSG00000000025.2", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        try check(out, where: "cell_type == 'B' and n_genes > 1000 and dataset in ['a', 'c']", genes: "G3,G1,ENSG00000000025")
    }

    @Test func intersectionAndUnionOfTheChosenDatasets() throws {
        let dir = temporaryDirectory()
        #expect(try slice(["--where", "dataset IN ('a','b')", "--genes", "intersection", "-o", dir + "/i.h5ad"]).status == 0)
        try check(dir + "/i.h5ad", where: "dataset in ['a', 'b']", genes: "intersection")
        #expect(try slice(["--where", "donor IS NULL OR flag", "-o", dir + "/u.h5ad"]).status == 0)
        try check(dir + "/u.h5ad", where: "donor.isna() or flag", genes: "union")
    }

    @Test func cellsFromALayerAndOtherFormats() throws {
        let dir = temporaryDirectory()
        write("a_cell3\na_cell7\nb_cell1\nnot_a_cell\n", to: dir + "/barcodes.txt")
        let layer = try slice(["--cells-from", dir + "/barcodes.txt", "--where", "dataset = 'a'", "--matrix", "counts", "-o", dir + "/l.h5ad"])
        #expect(layer.status == 0, "\(layer.stderr)")
        try check(dir + "/l.h5ad", where: "index in ['a_cell3', 'a_cell7']", genes: "union", layer: "counts")

        // Parquet: the expression rows of those cells, as DuckDB finds them; a directory: a 10x matrix scipy reads.
        // Every gene (ids counting up), and a few named ones (ids apart), as DuckDB finds them.
        #expect(try slice(["--where", "n_genes < 800", "-o", dir + "/s.parquet"]).status == 0)
        #expect(try slice(["--where", "n_genes < 800", "-o", dir + "/s.arrow"]).status == 0)
        #expect(try slice(["--where", "n_genes < 800", "--genes", "G3,G1,ENSG00000000025.2", "-o", dir + "/g.parquet"]).status == 0)
        #expect(try CLI.run(["-C", Self.repo, "export-table", "expression", "-o", dir + "/e.parquet"]).status == 0)
        #expect(try CLI.run(["-C", Self.repo, "export-table", "cells", "-o", dir + "/c.parquet"]).status == 0)
        #expect(try CLI.run(["-C", Self.repo, "export-table", "genes", "-o", dir + "/n.parquet"]).status == 0)
        let same = try CLI.python(#"""
import sys, duckdb
d = sys.argv[1]
chosen = f"SELECT e.cell_id, e.gene_id, e.value FROM '{d}/e.parquet' e JOIN '{d}/c.parquet' c USING (cell_id) WHERE c.n_genes < 800"
want = duckdb.sql(chosen + " ORDER BY ALL").fetchall()
got = duckdb.sql(f"SELECT * FROM '{d}/s.parquet' ORDER BY ALL").fetchall()
named = f"SELECT gene_id FROM '{d}/n.parquet' WHERE symbol IN ('G3', 'G1') OR feature_id = 'ENSG00000000025'"
want_named = duckdb.sql(f"SELECT * FROM ({chosen}) WHERE gene_id IN ({named}) ORDER BY ALL").fetchall()
got_named = duckdb.sql(f"SELECT * FROM '{d}/g.parquet' ORDER BY ALL").fetchall()
# The Arrow file: the Parquet slice's rows, types and order, read memory-mapped.
import pyarrow as pa, pyarrow.parquet as pq
arrow = pa.ipc.open_file(pa.memory_map(f"{d}/s.arrow")).read_all()
print(want == got and len(got) > 0, want_named == got_named and len(got_named) > 0 and len(got_named) < len(got),
      arrow.equals(pq.read_table(f"{d}/s.parquet")))
"""#, [dir])
        #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True True True", "\(same.stdout) \(same.stderr)")
        #expect(try slice(["--where", "cell_type = 'NK'", "--genes", "G1,G2", "-o", dir + "/mtx"]).status == 0)
        let mtx = try CLI.python(#"""
import sys, gzip, scipy.io
m = scipy.io.mmread(gzip.open(sys.argv[1] + "/matrix.mtx.gz"))
print(m.shape[0], len(gzip.open(sys.argv[1] + "/barcodes.tsv.gz").read().splitlines()) == m.shape[1])
"""#, [dir + "/mtx"])
        #expect(mtx.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "2 True", "\(mtx.stderr)")
    }

    /// A named pipe or a link given as -o is written into, not replaced by a renamed file: h5ad (which
    /// HDF5 writes seeking) through a link, Parquet into a pipe a reader drains.
    @Test func outputsThroughLinksAndPipes() throws {
        let dir = temporaryDirectory()
        write("old", to: dir + "/real.h5ad")
        #expect(symlink(dir + "/real.h5ad", dir + "/link.h5ad") == 0)
        let linked = try slice(["--where", "cell_type = 'B'", "--genes", "G3,G1", "-o", dir + "/link.h5ad"])
        #expect(linked.status == 0, "\(linked.stderr)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: dir + "/link.h5ad")) == dir + "/real.h5ad")
        try check(dir + "/real.h5ad", where: "cell_type == 'B'", genes: "G3,G1")

        #expect(mkfifo(dir + "/pipe.parquet", 0o600) == 0)
        let drain = Process()
        drain.executableURL = URL(fileURLWithPath: "/bin/sh")
        // Bounded: were the FIFO replaced by a renamed file, `cat` would wait on it forever.
        drain.arguments = ["-c", "timeout 60 cat \"$0\" > \"$1\"", dir + "/pipe.parquet", dir + "/drained.parquet"]
        try drain.run()
        let piped = try slice(["--where", "cell_type = 'B'", "-o", dir + "/pipe.parquet"])
        drain.waitUntilExit()
        #expect(piped.status == 0, "\(piped.stderr)")
        #expect(try slice(["--where", "cell_type = 'B'", "-o", dir + "/file.parquet"]).status == 0)
        #expect(FileManager.default.contentsEqual(atPath: dir + "/drained.parquet", andPath: dir + "/file.parquet"))
        var status = stat()
        #expect(stat(dir + "/pipe.parquet", &status) == 0 && status.st_mode & S_IFMT == S_IFIFO)
    }

    @Test func badRequestsAreRefusedWithoutOutput() throws {
        let dir = temporaryDirectory()
        let out = dir + "/x.h5ad"
        for (arguments, mentions) in [
            (["--genes", "NOPE1,G1"], "unknown gene NOPE1"),
            (["--where", "cell_typ = 'B'"], "did you mean 'cell_type'?"),
            (["--where", "cell_type = "], "syntax error"),
            (["--where", "cell_type = 'no such type'"], "no cells match"),
            (["--matrix", "spliced"], "matrix 'spliced' is not a layer"),
        ] {
            let result = try slice(arguments + ["-o", out])
            #expect(result.status != 0, "\(arguments)")
            #expect(result.stderr.contains(mentions), "\(arguments): \(result.stderr)")
            #expect(!FileManager.default.fileExists(atPath: out))
        }
    }

    /// A matrix of several row groups and many pages per row group: scattered cells are read through
    /// page skipping, and what comes out is still exactly what anndata slices.
    @Test func scatteredCellsOfALargerMatrixReadThroughThePageIndex() throws {
        let dir = temporaryDirectory()
        let make = try CLI.python(#"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
rng = np.random.default_rng(3)
n, g = 4000, 300
X = sp.random(n, g, density=0.3, format="csr", random_state=4, data_rvs=lambda k: rng.integers(1, 50, k)).astype(np.int32)
obs = pd.DataFrame({"kind": pd.Categorical(rng.choice(["a", "b", "c", "d", "e", "f", "g", "h", "i", "j"], n))},
                   index=[f"cell{i}" for i in range(n)])
var = pd.DataFrame({"gene_ids": [f"ENSG{i:011d}" for i in range(g)]}, index=[f"G{i}" for i in range(g)])
ad.AnnData(X=X, obs=obs, var=var).write_h5ad(sys.argv[1] + "/big.h5ad")
"""#, [dir])
        #expect(make.status == 0, "\(make.stderr)")
        let repo = dir + "/r.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        #expect(try CLI.run(["-C", repo, "import", dir + "/big.h5ad", "--dataset", "big"]).status == 0)
        for (condition, pandas) in [("kind = 'c'", "kind == 'c'"), ("cell_id IN (7, 1500, 1501, 3999)", "index in ['cell7', 'cell1500', 'cell1501', 'cell3999']")] {
            let out = dir + "/s.h5ad"
            let result = try CLI.run(["-C", repo, "slice", "--where", condition, "-o", out])
            #expect(result.status == 0, "\(result.stderr)")
            let check = try CLI.python(#"""
import sys, json, numpy as np, anndata as ad
a, got = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
want = a[a.obs.query(sys.argv[3]).index]
print(json.dumps([list(got.obs_names) == list(want.obs_names), got.shape == want.shape,
                  bool(np.array_equal(got.X.toarray(), want.X.toarray()))]))
"""#, [dir + "/big.h5ad", out, pandas])
            #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[true, true, true]", "\(condition): \(check.stdout) \(check.stderr)")
        }
    }

    /// Row groups whose every cell is chosen go to a Parquet slice still encoded, their cell and gene ids
    /// shifted where needed (dataset b's genes lie 100 ids past its panel positions); groups cut by the
    /// selection or holding deleted cells are decoded. The output must hold exactly the chosen entries.
    @Test func wholeRowGroupsGoToParquetStillEncoded() throws {
        let dir = temporaryDirectory()
        let make = try CLI.python(#"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
rng = np.random.default_rng(5)
for name, n, genes in [("a", 3000, range(0, 200)), ("b", 800, range(100, 300))]:
    X = sp.random(n, len(genes), density=0.2, format="csr", random_state=6, data_rvs=lambda k: rng.integers(1, 50, k)).astype(np.int32)
    obs = pd.DataFrame({"kind": pd.Categorical(rng.choice(["x", "y"], n))}, index=[f"{name}{i}" for i in range(n)])
    var = pd.DataFrame({"gene_ids": [f"ENSG{i:011d}" for i in genes]}, index=[f"G{i}" for i in genes])
    ad.AnnData(X=X, obs=obs, var=var).write_h5ad(f"{sys.argv[1]}/{name}.h5ad")
"""#, [dir])
        #expect(make.status == 0, "\(make.stderr)")
        let repo = dir + "/r.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let config = repo + "/cairn.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as! [String: Any]
        json["fragment_rows"] = 5000
        json["row_group_rows"] = 1000
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: config))
        for name in ["a", "b"] {
            let imported = try CLI.run(["-C", repo, "import", dir + "/\(name).h5ad", "--dataset", name])
            #expect(imported.status == 0, "\(imported.stderr)")
        }
        let deleted = try CLI.run(["-C", repo, "delete", "cells", "--where", "cell_id IN (1000, 1001, 3500)"])
        #expect(deleted.status == 0, "\(deleted.stderr)")
        // A condition on cell_id alone is answered from the dataset records only while no cell is deleted.
        let around = try CLI.run(["-C", repo, "slice", "--where", "cell_id >= 990 AND cell_id < 1010", "-o", dir + "/around.parquet"])
        #expect(around.status == 0 && around.stdout.hasPrefix("18 cells"), "\(around.stdout) \(around.stderr)")
        let out = dir + "/s.parquet"
        let result = try CLI.run(["-C", repo, "slice", "--where", "(cell_id >= 123 AND cell_id < 2877) OR dataset = 'b'", "-o", out])
        #expect(result.status == 0, "\(result.stderr)")
        let genes = try CLI.run(["-C", repo, "query", "--format", "csv", "SELECT feature_id, gene_id FROM genes"])
        let check = try CLI.python(#"""
import sys, json, numpy as np, anndata as ad, pyarrow.parquet as pq
dir, out, genes = sys.argv[1], sys.argv[2], sys.argv[3]
ids = dict(line.split(",") for line in genes.strip().splitlines()[1:])
want = []
for name, offset, rows in [("a", 0, range(123, 2877)), ("b", 3000, range(800))]:
    a = ad.read_h5ad(f"{dir}/{name}.h5ad")
    X = a.X.tocsr()
    gene_ids = [int(ids[g]) for g in a.var["gene_ids"]]
    for r in rows:
        if offset + r in (1000, 1001, 3500): continue
        for k in range(X.indptr[r], X.indptr[r + 1]):
            want.append((offset + r, gene_ids[X.indices[k]], int(X.data[k])))
want.sort()
f = pq.ParquetFile(out)
t = f.read()
got = list(zip(t["cell_id"].to_pylist(), t["gene_id"].to_pylist(), t["value"].to_pylist()))
print(json.dumps([got == want, str(t.schema.field("value").type), f.metadata.num_row_groups > 50]))
"""#, [dir, out, genes.stdout])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[true, \"int32\", true]", "\(check.stdout) \(check.stderr)")
    }

    /// A condition on `cell_id` (and `dataset`) alone is evaluated on the cells its constraint admits
    /// instead of on a scan of `cells`: the same cells either way, whatever the list holds.
    @Test func cellIDConditionsChooseWhatAScanChooses() throws {
        let dir = temporaryDirectory()
        let scan = " AND (cell_type IS NULL OR cell_type IS NOT NULL)"
        for condition in ["cell_id IN (0, 3, 3, 5, 999999)", "cell_id >= 2 AND cell_id < 90 AND dataset = 'b'",
                          "cell_id IN (2.0, 4)", "cell_id BETWEEN 1 AND 3 AND NOT cell_id = 2", "cell_id IN (-1, 999999)",
                          "cell_id > -9223372036854775807 - 1 AND cell_id < 9223372036854775807", "cell_id > 9223372036854775807 AND cell_id < 5"] {
            let fast = try slice(["--where", condition, "-o", dir + "/fast.h5ad"])
            let slow = try slice(["--where", condition + scan, "-o", dir + "/slow.h5ad"])
            #expect(fast.status == slow.status && fast.stderr == slow.stderr, "\(condition): \(fast.stderr) / \(slow.stderr)")
            guard fast.status == 0 else { continue }
            let same = try CLI.python(#"""
import sys, anndata as ad
a, b = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
print(list(a.obs_names) == list(b.obs_names) and a.n_obs > 0)
"""#, [dir + "/fast.h5ad", dir + "/slow.h5ad"])
            #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(condition): \(same.stdout) \(same.stderr)")
        }
    }
}
