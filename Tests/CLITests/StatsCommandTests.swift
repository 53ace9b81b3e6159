import Foundation
import Testing

@Suite struct StatsCommandTests {
    static let tenX = CLI.packageRoot + "/../shared/data/10x-v3/filtered_feature_bc_matrix.h5"

    /// `cairn stats gene-medians` against numpy on a real Cell Ranger matrix: Geneformer's normalization
    /// (count / the cell's total × 10,000), zeros left out, numpy's exact median.
    @Test(.enabled(if: FileManager.default.fileExists(atPath: tenX)))
    func geneMediansOfARealMatrixMatchNumpyAndAreCachedByTree() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let repo = directory + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let imported = try CLI.run(["-C", repo, "import", Self.tenX, "--dataset", "pbmc"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let out = directory + "/medians.json"
        let run = try CLI.run(["-C", repo, "stats", "gene-medians", "-o", out])
        #expect(run.status == 0, "\(run.stderr)")
        let check = try CLI.python(#"""
import json, sys, h5py, numpy as np, scipy.sparse as sp
f = h5py.File(sys.argv[1])["matrix"]
n_genes, n_cells = f["shape"][:]
X = sp.csc_matrix((f["data"][:], f["indices"][:], f["indptr"][:]), shape=(n_genes, n_cells)).T.toarray().astype(np.int64)
ids = [i.decode() for i in f["features"]["id"][:]]
norm = X / X.sum(axis=1)[:, None] * 10_000
expected = {ids[g]: float(np.median(norm[norm[:, g] != 0, g])) for g in range(n_genes) if (norm[:, g] != 0).any()}
got = json.load(open(sys.argv[2]))
assert got == expected, [(k, got.get(k), v) for k, v in expected.items() if got.get(k) != v][:5]
print(len(got))
"""#, [Self.tenX, out])
        #expect(check.status == 0, "\(check.stderr)")
        // Cached by the version's tree: a tag of the same version reads the same file; stdout gets the same JSON.
        let caches = try FileManager.default.contentsOfDirectory(atPath: repo + "/cache/gene-medians")
        #expect(caches.count == 1 && caches[0].hasSuffix("-expression.json"))
        #expect(try CLI.run(["-C", repo, "tag", "v1"]).status == 0)
        let printed = try CLI.run(["-C", repo, "stats", "gene-medians", "--at", "v1"])
        let written = try String(contentsOfFile: out, encoding: .utf8)
        #expect(printed.status == 0 && printed.stdout == written)
        let after = try FileManager.default.contentsOfDirectory(atPath: repo + "/cache/gene-medians")
        #expect(after == caches)
    }

    @Test func unknownMatrixIsAOneLineError() throws {
        let directory = temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let repo = directory + "/atlas.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "stats", "gene-medians", "--matrix", "spliced"])
        #expect(result.status != 0)
        #expect(result.stderr.hasPrefix("cairn: error: "))
        #expect(!FileManager.default.fileExists(atPath: repo + "/cache"))
    }
}
