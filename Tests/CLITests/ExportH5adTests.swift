import Foundation
import Testing

/// `cairn export h5ad`: an imported file comes back equal to the original as anndata reads it, and
/// several datasets meet in the union or intersection of their genes.
@Suite(.serialized) struct ExportH5adTests {
    static let comparer = #"""
import sys, json, warnings, numpy as np, pandas as pd, anndata as ad, scipy.sparse as sp
warnings.simplefilter("ignore")
original, exported = ad.read_h5ad(sys.argv[1]), ad.read_h5ad(sys.argv[2])
core_only = len(sys.argv) > 3 and sys.argv[3] == "core"  # X, layers, obs and var only
problems = []
def dense(x): return np.asarray(x.todense()) if sp.issparse(x) else np.asarray(x)
if original.X is not None:
    if not np.array_equal(dense(original.X), dense(exported.X)): problems.append("X values")
    if original.X.dtype != exported.X.dtype: problems.append(f"X dtype {original.X.dtype} vs {exported.X.dtype}")
if sorted(original.layers.keys()) != sorted(exported.layers.keys()): problems.append(f"layers {list(original.layers.keys())} vs {list(exported.layers.keys())}")
for name in original.layers.keys():
    if name in exported.layers:
        if not np.array_equal(dense(original.layers[name]), dense(exported.layers[name])): problems.append(f"layer {name} values")
        if original.layers[name].dtype != exported.layers[name].dtype: problems.append(f"layer {name} dtype")
def same(x, y):
    if isinstance(x, dict): return isinstance(y, dict) and x.keys() == y.keys() and all(same(x[k], y[k]) for k in x)
    if sp.issparse(x) or sp.issparse(y): return sp.issparse(x) and sp.issparse(y) and x.dtype == y.dtype and (x != y).nnz == 0
    if isinstance(x, np.ndarray): return isinstance(y, np.ndarray) and x.dtype == y.dtype and np.array_equal(x, y, equal_nan=x.dtype.kind in "fc")  # NaN is a stored value too
    if isinstance(x, pd.DataFrame): return x.equals(y)
    return x == y
for element in [] if core_only else ["obsm", "varm", "obsp", "varp"]:
    a, b = dict(getattr(original, element)), dict(getattr(exported, element))
    if not same(a, b): problems.append(element)
if not core_only and not same(dict(original.uns), dict(exported.uns)): problems.append("uns")
if core_only: pass
elif (original.raw is None) != (exported.raw is None): problems.append("raw presence")
elif original.raw is not None:
    if not np.array_equal(dense(original.raw.X), dense(exported.raw.X)) or not original.raw.var.equals(exported.raw.var): problems.append("raw")
if list(original.obs_names) != list(exported.obs_names): problems.append("obs_names")
if list(original.var_names) != list(exported.var_names): problems.append("var_names")
for frame in ["obs", "var"]:
    a, b = getattr(original, frame), getattr(exported, frame)
    if list(a.columns) != list(b.columns): problems.append(f"{frame} columns {list(a.columns)} vs {list(b.columns)}")
    for c in a.columns:
        if c not in b.columns: continue
        if a[c].dtype != b[c].dtype: problems.append(f"{frame}.{c} dtype {a[c].dtype} vs {b[c].dtype}")
        elif not a[c].equals(b[c]): problems.append(f"{frame}.{c} values")
        if isinstance(a[c].dtype, pd.CategoricalDtype) and list(a[c].cat.categories) != list(b[c].cat.categories):
            problems.append(f"{frame}.{c} category order")
print(json.dumps(problems))
"""#

    func repository(importing files: [String]) throws -> String {
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "import"] + files.map { ImportTests.fixtures + "/" + $0 } + ["--allow-duplicate"])
        #expect(result.status == 0, "\(result.stderr)")
        return repo
    }

    @Test(arguments: ["a", "b", "c"])
    func anImportedFileComesBackEqual(name: String) throws {
        let repo = try repository(importing: ["a.h5ad", "b.h5ad", "c.h5ad"])
        let out = temporaryDirectory() + "/\(name).h5ad"
        let export = try CLI.run(["-C", repo, "export", "h5ad", "-o", out, "--dataset", name])
        #expect(export.status == 0, "\(export.stderr)")
        let check = try CLI.python(Self.comparer, [ImportTests.fixtures + "/\(name).h5ad", out])
        #expect(check.status == 0, "\(check.stderr)")
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]")
    }

    /// CSC input goes through sorted runs on disk; tiny runs make the merge do real work.
    @Test func cscInputTransposedThroughManyRunsComesBackEqual() throws {
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "import", ImportTests.fixtures + "/c.h5ad", "--dataset", "c"],
                                 environment: ["CAIRN_TRANSPOSE_RUN_ENTRIES": "7"])
        #expect(result.status == 0, "\(result.stderr)")
        let out = temporaryDirectory() + "/c.h5ad"
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", out]).status == 0)
        let check = try CLI.python(Self.comparer, [ImportTests.fixtures + "/c.h5ad", out])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(check.stderr)")
    }

    @Test func sharedLegacyFileComesBackEqual() throws {
        let shared = CLI.packageRoot + "/../shared/data/pbmc68k_reduced.h5ad"
        guard FileManager.default.fileExists(atPath: shared) else { return }  // extra coverage only
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        #expect(try CLI.run(["-C", repo, "import", shared, "--dataset", "pbmc"]).status == 0)
        let out = temporaryDirectory() + "/pbmc.h5ad"
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", out]).status == 0)
        // Everything, anndata 0.6's compound obsm, varm and raw.var and uns record arrays included.
        let check = try CLI.python(Self.comparer, [shared, out])
        #expect(check.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "[]", "\(check.stderr)")
    }

    @Test func severalDatasetsMeetInTheirGenes() throws {
        let repo = try repository(importing: ["a.h5ad", "b.h5ad"])
        let dir = temporaryDirectory()
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", dir + "/union.h5ad"]).status == 0)
        #expect(try CLI.run(["-C", repo, "export", "h5ad", "-o", dir + "/inter.h5ad", "--genes", "intersection"]).status == 0)
        let check = try CLI.python(#"""
import sys, json, warnings, numpy as np, anndata as ad
warnings.simplefilter("ignore")
fx, d = sys.argv[1], sys.argv[2]
a, b = ad.read_h5ad(f"{fx}/a.h5ad"), ad.read_h5ad(f"{fx}/b.h5ad")
u, i = ad.read_h5ad(f"{d}/union.h5ad"), ad.read_h5ad(f"{d}/inter.h5ad")
key = lambda g: g.split(".")[0]
ua = u[:a.n_obs, [list(u.var.gene_ids).index(key(g)) for g in a.var.gene_ids]]
ib = i[a.n_obs:, :]
shared = [g for g in b.var.gene_ids if key(g) in set(i.var.gene_ids)]
print(json.dumps({"union": list(u.shape), "inter": list(i.shape),
  "a_in_union": bool(np.array_equal(np.asarray(ua.X.todense()), np.asarray(a.X.todense()))),
  "b_in_inter": bool(np.array_equal(np.asarray(ib.X.todense()), np.asarray(b[:, [list(b.var.gene_ids).index(g) for g in shared]].X))),
  "dtype": str(u.X.dtype), "datasets": sorted(set(u.obs.dataset))}))
"""#, [ImportTests.fixtures, dir])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        #expect(json["union"] as? [Int] == [200, 70])
        #expect(json["inter"] as? [Int] == [200, 20])
        #expect(json["a_in_union"] as? Bool == true)
        #expect(json["b_in_inter"] as? Bool == true)
        #expect(json["dtype"] as? String == "float64")
        #expect(json["datasets"] as? [String] == ["a", "b"])
    }

    @Test func unknownDatasetIsAClearError() throws {
        let repo = try repository(importing: ["a.h5ad"])
        let out = temporaryDirectory() + "/x.h5ad"
        let result = try CLI.run(["-C", repo, "export", "h5ad", "-o", out, "--dataset", "nope"])
        #expect(result.status != 0)
        #expect(result.stderr.contains("nope"))
        #expect(!FileManager.default.fileExists(atPath: out))
        #expect(!FileManager.default.fileExists(atPath: out + ".partial"))
    }
}
