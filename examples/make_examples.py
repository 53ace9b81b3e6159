"""Makes the demo's single-cell inputs (committed; rerun only to change them):
pbmc_small.h5ad — 300 cells x 200 genes of counts with cell types, donors and QC metrics, and
tenx_run/ — a Cell Ranger v3 matrix directory of 150 cells over an overlapping gene panel."""
import gzip, os, shutil
import numpy as np, pandas as pd, scipy.sparse as sp, scipy.io, anndata as ad

rng = np.random.default_rng(7)
here = os.path.dirname(os.path.abspath(__file__))
genes = [f"ENSG{i:011d}" for i in range(300)]
symbols = [f"GENE{i}" for i in range(300)]

n = 300
counts = sp.random(n, 200, density=0.08, format="csr", random_state=1, data_rvs=lambda k: rng.integers(1, 30, k)).astype(np.int32)
obs = pd.DataFrame({
    "cell_type": pd.Categorical(rng.choice(["B cell", "CD4 T cell", "CD8 T cell", "NK cell", "Monocyte"], n)),
    "donor": pd.Categorical(rng.choice(["D1", "D2", "D3"], n)),
    "n_genes": np.asarray((counts > 0).sum(axis=1)).ravel(),
    "total_counts": np.asarray(counts.sum(axis=1)).ravel().astype(np.float32),
    "pct_mito": rng.random(n).astype(np.float32) * 8,
}, index=[f"AAACCTG{i:05d}-1" for i in range(n)])
var = pd.DataFrame({"gene_ids": [g + ".1" for g in genes[:200]]}, index=symbols[:200])
ad.AnnData(X=counts, obs=obs, var=var).write_h5ad(os.path.join(here, "pbmc_small.h5ad"), compression="gzip")

d = os.path.join(here, "tenx_run")
shutil.rmtree(d, ignore_errors=True)
os.makedirs(d)
m = sp.random(200, 150, density=0.08, format="coo", random_state=2, data_rvs=lambda k: rng.integers(1, 30, k)).astype(np.int32)
with gzip.open(os.path.join(d, "features.tsv.gz"), "wt") as f:
    for i in range(100, 300):
        f.write(f"{genes[i]}\t{symbols[i]}\tGene Expression\n")
with gzip.open(os.path.join(d, "barcodes.tsv.gz"), "wt") as f:
    for i in range(150):
        f.write(f"TTTGGTT{i:05d}-1\n")
scipy.io.mmwrite(os.path.join(d, "matrix.mtx"), m, field="integer")
with open(os.path.join(d, "matrix.mtx"), "rb") as src, gzip.open(os.path.join(d, "matrix.mtx.gz"), "wb") as dst:
    dst.write(src.read())
os.remove(os.path.join(d, "matrix.mtx"))
