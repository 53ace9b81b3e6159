import Foundation
import Testing

/// `cairn import` of Cell Ranger matrix directories (v2 plain, v3 gzipped), checked against scipy's
/// reading of the same files; damaged directories are refused without a commit.
@Suite(.serialized) struct TenXImportTests {
    static let fixtures: String = {
        let dir = temporaryDirectory()
        let script = #"""
import sys, os, gzip, shutil, numpy as np, scipy.sparse as sp, scipy.io
out = sys.argv[1]
rng = np.random.default_rng(4)
m = sp.random(60, 25, density=0.15, format="coo", random_state=5)
m.data = rng.integers(1, 50, m.nnz).astype(float)
def write(d, v3, gz):
    os.makedirs(d)
    feats = [f"ENSG{i:011d}\tGENE{i}" + ("\tGene Expression" if v3 else "") for i in range(60)]
    bars = [f"AAAC{i:04d}-1" for i in range(25)]
    def put(name, lines):
        data = ("\n".join(lines) + "\n").encode()
        if gz: gzip.open(f"{d}/{name}.gz", "wb").write(data)
        else: open(f"{d}/{name}", "wb").write(data)
    put("features.tsv" if v3 else "genes.tsv", feats)
    put("barcodes.tsv", bars)
    scipy.io.mmwrite(f"{d}/matrix.mtx", sp.coo_matrix(m.toarray().astype(int)), field="integer")
    if gz:
        gzip.open(f"{d}/matrix.mtx.gz", "wb").write(open(f"{d}/matrix.mtx", "rb").read()); os.remove(f"{d}/matrix.mtx")
write(f"{out}/v3", True, True)
write(f"{out}/v2", False, False)
for name in ["missing", "truncated", "range", "short", "utf8"]:
    shutil.copytree(f"{out}/v2", f"{out}/{name}")
os.remove(f"{out}/missing/matrix.mtx")
shutil.copytree(f"{out}/v3", f"{out}/truncated_gz")
data = open(f"{out}/v3/matrix.mtx.gz", "rb").read(); open(f"{out}/truncated_gz/matrix.mtx.gz", "wb").write(data[: len(data) // 2])
lines = open(f"{out}/range/matrix.mtx").read().splitlines(); lines[-1] = "61 1 3"; open(f"{out}/range/matrix.mtx", "w").write("\n".join(lines) + "\n")
lines = open(f"{out}/short/matrix.mtx").read().splitlines(); open(f"{out}/short/matrix.mtx", "w").write("\n".join(lines[:-2]) + "\n")
open(f"{out}/utf8/barcodes.tsv", "wb").write(b"AAAC\xff\xfe-1\n" * 25)
import h5py
csc = sp.csc_matrix(m.toarray().astype(np.int32))  # features x barcodes, stored per barcode as Cell Ranger does
with h5py.File(f"{out}/v3.h5", "w") as f:
    g = f.create_group("matrix")
    g["barcodes"] = np.array([f"AAAC{i:04d}-1".encode() for i in range(25)])
    g["data"], g["indices"], g["indptr"] = csc.data, csc.indices.astype(np.int64), csc.indptr.astype(np.int64)
    g["shape"] = np.array([60, 25], dtype=np.int32)
    feats = g.create_group("features")
    feats["id"] = np.array([f"ENSG{i:011d}".encode() for i in range(60)])
    feats["name"] = np.array([f"GENE{i}".encode() for i in range(60)])
    feats["feature_type"] = np.array([b"Gene Expression"] * 55 + [b"Antibody Capture"] * 5)
    feats["genome"] = np.array([b"GRCh38"] * 60)
with h5py.File(f"{out}/v2.h5", "w") as f:
    g = f.create_group("GRCh38")
    g["barcodes"] = np.array([f"AAAC{i:04d}-1".encode() for i in range(25)])
    g["data"], g["indices"], g["indptr"] = csc.data, csc.indices.astype(np.int64), csc.indptr.astype(np.int64)
    g["shape"] = np.array([60, 25], dtype=np.int32)
    g["genes"] = np.array([f"ENSG{i:011d}".encode() for i in range(60)])
    g["gene_names"] = np.array([f"GENE{i}".encode() for i in range(60)])
def barnyard(path, mouse_barcodes):
    with h5py.File(path, "w") as f:
        for genome, rows, ids in [("GRCh38", range(0, 35), lambda i: f"GRCh38_ENSG{i:011d}"),
                                  ("mm10", range(35, 60), lambda i: f"mm10___ENSMUSG{i:011d}")]:
            part = sp.csc_matrix(m.toarray().astype(np.int32)[list(rows)])
            g = f.create_group(genome)
            g["barcodes"] = np.array([f"AAAC{i:04d}-1".encode() for i in (mouse_barcodes if genome == "mm10" else range(25))])
            g["data"], g["indices"], g["indptr"] = part.data, part.indices.astype(np.int64), part.indptr.astype(np.int64)
            g["shape"] = np.array([len(rows), 25], dtype=np.int32)
            g["genes"] = np.array([ids(i).encode() for i in rows])
            g["gene_names"] = np.array([f"{genome}_GENE{i}".encode() for i in rows])
barnyard(f"{out}/barnyard.h5", range(25))
barnyard(f"{out}/barnyard_mismatch.h5", range(1, 26))
import anndata as ad, pandas as pd
ad.AnnData(X=sp.csr_matrix(m.toarray().T[:, :10].astype(np.float32)),
           obs=pd.DataFrame(index=[f"c{i}" for i in range(25)]),
           var=pd.DataFrame(index=[f"GENE{i}" for i in range(10)])).write_h5ad(f"{out}/symbols_only.h5ad")
dense = m.toarray().astype(int)
print(int(dense.sum()), int((dense != 0).sum()))
"""#
        let result = try! CLI.python(script, [dir])
        precondition(result.status == 0, "fixture generation failed: \(result.stderr)")
        return dir
    }()

    @Test func v2AndV3DirectoriesImportLikeScipyReadsThem() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "import", Self.fixtures + "/v3", Self.fixtures + "/v2", "--dataset", "v3", "--dataset", "v2", "--allow-duplicate"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.run(["-C", repo, "export-table", "expression", "-o", dir + "/e.parquet"]).status == 0)
        #expect(try CLI.run(["-C", repo, "export-table", "var", "-o", dir + "/v.parquet"]).status == 0)
        let check = try CLI.python(#"""
import sys, json, gzip, scipy.io, pyarrow.parquet as pq
fx, d = sys.argv[1], sys.argv[2]
m = scipy.io.mmread(gzip.open(f"{fx}/v3/matrix.mtx.gz")).tocoo()
e = pq.read_table(f"{d}/e.parquet").to_pandas()
v = pq.read_table(f"{d}/v.parquet").to_pandas()
want = sorted(zip(m.col.tolist(), m.row.tolist(), m.data.tolist()))
first = e[e.cell_id < 25]
got = sorted(zip(first.cell_id.tolist(), first.gene_id.tolist(), first.value.tolist()))
second = e[e.cell_id >= 25]
print(json.dumps({"same": want == got, "second_same": sorted((c - 25, g, x) for c, g, x in zip(second.cell_id, second.gene_id, second.value)) == want,
  "types": sorted(set(v.feature_types)), "dtype": str(e.value.dtype)}))
"""#, [Self.fixtures, dir])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        #expect(json["same"] as? Bool == true)
        #expect(json["second_same"] as? Bool == true)
        #expect(json["types"] as? [String] == ["Gene Expression"])
        #expect(json["dtype"] as? String == "int32")
        // Both panels are the same genes: the registry holds them once.
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("genes,60,1,"))
    }

    @Test func damagedDirectoriesAreRefused() throws {
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
        for (name, mentions) in [("missing", "missing matrix.mtx"), ("truncated_gz", "gzip stream ends early"),
                                 ("range", "outside the 60 × 25 matrix"), ("short", "the header declares"),
                                 ("utf8", "not valid UTF-8")] {
            let result = try CLI.run(["-C", repo, "import", Self.fixtures + "/" + name])
            #expect(result.status != 0, "\(name)")
            let message = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
            #expect(message.contains(mentions) && !message.contains("\n"), "\(name): \(message)")
        }
        #expect(try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout == head)
    }

    @Test func sharedCellRangerOutputWhenPresent() throws {
        let shared = CLI.packageRoot + "/../shared/data/10x-v3/filtered_feature_bc_matrix"
        guard FileManager.default.fileExists(atPath: shared) else { return }  // extra coverage only
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "import", shared, "--dataset", "run2"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.run(["-C", repo, "datasets", "--format", "csv"]).stdout.contains("run2,10x-mtx,"))
        #expect(try CLI.run(["-C", repo, "datasets", "--format", "csv"]).stdout.contains(",1107,507,23866,int32,0"))
    }

    @Test func exportMtxGivesTheDirectoryBack() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        // Tiny sort runs: the transposition merges many runs from disk.
        #expect(try CLI.run(["-C", repo, "import", Self.fixtures + "/v3", "--dataset", "v3"],
                            environment: ["CAIRN_TRANSPOSE_RUN_ENTRIES": "5"]).status == 0)
        let export = try CLI.run(["-C", repo, "export", "mtx", "-o", dir + "/out", "--dataset", "v3"])
        #expect(export.status == 0, "\(export.stderr)")
        let check = try CLI.python(#"""
import sys, gzip, json, scipy.io
a, b = sys.argv[1], sys.argv[2]
same = lambda f: gzip.open(f"{a}/{f}").read() == gzip.open(f"{b}/{f}").read()
m1, m2 = scipy.io.mmread(gzip.open(f"{a}/matrix.mtx.gz")), scipy.io.mmread(gzip.open(f"{b}/matrix.mtx.gz"))
print(json.dumps({"features": same("features.tsv.gz"), "barcodes": same("barcodes.tsv.gz"),
                  "matrix": (m1 != m2).nnz == 0 and m1.shape == m2.shape, "dtype": str(m2.dtype)}))
"""#, [Self.fixtures + "/v3", dir + "/out"])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        #expect(json["features"] as? Bool == true)
        #expect(json["barcodes"] as? Bool == true)
        #expect(json["matrix"] as? Bool == true)
        #expect(json["dtype"] as? String == "int64")
    }

    @Test(arguments: ["v3.h5", "v2.h5"])
    func cellRangerH5FilesImportLikeTheirMatrixDirectories(file: String) throws {
        let dir = temporaryDirectory()
        let repo = dir + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "import", Self.fixtures + "/" + file, Self.fixtures + "/v3", "--dataset", "h5", "--dataset", "mtx"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(try CLI.run(["-C", repo, "export", "mtx", "-o", dir + "/h5", "--dataset", "h5"]).status == 0)
        #expect(try CLI.run(["-C", repo, "export", "mtx", "-o", dir + "/mtx", "--dataset", "mtx"]).status == 0)
        let same = try CLI.python(#"""
import sys, gzip
a, b = sys.argv[1], sys.argv[2]
print(gzip.open(f"{a}/matrix.mtx.gz").read() == gzip.open(f"{b}/matrix.mtx.gz").read() and
      gzip.open(f"{a}/barcodes.tsv.gz").read() == gzip.open(f"{b}/barcodes.tsv.gz").read())
"""#, [dir + "/h5", dir + "/mtx"])
        #expect(same.stdout.trimmingCharacters(in: .whitespacesAndNewlines) == "True", "\(same.stderr)")
        // The registry matched every feature of one with the other.
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("genes,60,1,"))
        let types = try CLI.run(["-C", repo, "datasets", "--format", "csv"]).stdout
        #expect(types.contains("h5,10x-h5,"))
    }

    /// A v2 barnyard file: one group per genome over the same barcodes, read as one matrix whose features
    /// are the genomes' features in turn; the prefixes stay as given and are reported.
    @Test func severalGenomesOfACellRangerV2FileStackTheirFeatures() throws {
        let dir = temporaryDirectory()
        let repo = dir + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        let result = try CLI.run(["-C", repo, "import", Self.fixtures + "/barnyard.h5", "--dataset", "barnyard"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("prefixes kept as given: GRCh38_ (35), mm10___ (25)"), "\(result.stderr)")
        #expect(try CLI.run(["-C", repo, "export-table", "expression", "-o", dir + "/e.parquet"]).status == 0)
        #expect(try CLI.run(["-C", repo, "export-table", "genes", "-o", dir + "/g.parquet"]).status == 0)
        #expect(try CLI.run(["-C", repo, "export-table", "var", "-o", dir + "/v.parquet"]).status == 0)
        let check = try CLI.python(#"""
import sys, json, gzip, scipy.io, pyarrow.parquet as pq
fx, d = sys.argv[1], sys.argv[2]
m = scipy.io.mmread(gzip.open(f"{fx}/v3/matrix.mtx.gz")).tocoo()
e = pq.read_table(f"{d}/e.parquet").to_pandas()
g = pq.read_table(f"{d}/g.parquet").to_pandas()
v = pq.read_table(f"{d}/v.parquet").to_pandas()
print(json.dumps({"same": sorted(zip(m.col.tolist(), m.row.tolist(), m.data.tolist())) == sorted(zip(e.cell_id, e.gene_id, e.value)),
  "keys": [g.feature_id[0], g.feature_id[59]], "genomes": v.genome.value_counts().sort_index().to_dict()}))
"""#, [Self.fixtures, dir])
        #expect(check.status == 0, "\(check.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(check.stdout.utf8)) as! [String: Any]
        #expect(json["same"] as? Bool == true)
        #expect(json["keys"] as? [String] == ["GRCh38_ENSG00000000000", "mm10___ENSMUSG00000000059"])
        #expect(json["genomes"] as? [String: Int] == ["GRCh38": 35, "mm10": 25])

        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
        let mismatch = try CLI.run(["-C", repo, "import", Self.fixtures + "/barnyard_mismatch.h5"])
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("genomes GRCh38 and mm10 list different barcodes"), "\(mismatch.stderr)")
        #expect(try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout == head)
    }

    /// `--feature-key` chooses what joins datasets in the registry: ids by default, symbols on request;
    /// asking for ids from a file without them is refused before anything is written.
    @Test func featureKeyChoosesHowGenesJoin() throws {
        let repo = temporaryDirectory() + "/a.cairn"
        #expect(try CLI.run(["init", repo]).status == 0)
        #expect(try CLI.run(["-C", repo, "import", Self.fixtures + "/v2", "--dataset", "by_id"]).status == 0)
        let bySymbol = try CLI.run(["-C", repo, "import", Self.fixtures + "/v3", "--dataset", "by_symbol", "--feature-key", "symbol"])
        #expect(bySymbol.status == 0, "\(bySymbol.stderr)")
        #expect(bySymbol.stdout.contains("60 new genes"), "\(bySymbol.stdout)")
        // The symbols-only file meets the symbol-keyed dataset: its 10 genes are known already.
        let symbols = try CLI.run(["-C", repo, "import", Self.fixtures + "/symbols_only.h5ad", "--dataset", "symbols"])
        #expect(symbols.stdout.contains("0 new genes"), "\(symbols.stdout)")
        #expect(try CLI.run(["-C", repo, "ls", "--format", "csv"]).stdout.contains("genes,120,"))

        let head = try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout
        let refused = try CLI.run(["-C", repo, "import", Self.fixtures + "/symbols_only.h5ad", "--dataset", "again",
                                   "--allow-duplicate", "--feature-key", "id"])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("--feature-key id: var has no feature id column"), "\(refused.stderr)")
        #expect(try CLI.run(["-C", repo, "rev-parse", "HEAD"]).stdout == head)
        let bad = try CLI.run(["-C", repo, "import", Self.fixtures + "/v2", "--feature-key", "ensembl"])
        #expect(bad.status != 0 && bad.stderr.contains("ensembl"), "\(bad.stderr)")
    }
}
