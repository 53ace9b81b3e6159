"""Writes the h5ad fixtures of one anndata version (run by make_anndata_fixtures.sh inside that
version's own virtual environment): anndata-<version>.h5ad with everything the version can store
(CSR float32 X), and anndata-<version>-<layout>-int.h5ad with an integer X in the other layout.

Usage: python anndata_fixture_writer.py OUTPUT_DIR VARIANT
Deterministic: one fixed seed, no dates, small shapes (50 cells x 30 genes).
"""
import collections
import collections.abc
import os
import sys
import warnings

import scipy.sparse

# anndata 0.6.19 predates Python 3.10 and scipy 1.3: give it the names it imports from their old places.
for _name in ("Mapping", "MutableMapping", "Sequence", "Iterable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))
try:
    import scipy.sparse._compressed
    import scipy.sparse._index
    import scipy.sparse.compressed
    import scipy.sparse.sputils
    scipy.sparse.sputils.IndexMixin = getattr(scipy.sparse.sputils, "IndexMixin", scipy.sparse._index.IndexMixin)
    scipy.sparse.compressed._cs_matrix = getattr(scipy.sparse.compressed, "_cs_matrix", scipy.sparse._compressed._cs_matrix)
except ImportError:
    pass  # newer scipy without the old modules: newer anndata does not need them

import anndata as ad
import numpy as np
import pandas as pd
import scipy.sparse as sp

warnings.simplefilter("ignore")

CELLS, GENES = 50, 30
VERSION = ad.__version__
# anndata before 0.7 keeps obs/var as compound datasets and has no obsp.
PRE_07 = tuple(int(p) for p in VERSION.split(".")[:2]) < (0, 7)


def counts(rng, fraction=0.3):
    """A sparse count matrix with some empty rows and columns, as real data has."""
    dense = rng.poisson(2.0, size=(CELLS, GENES)) * (rng.random((CELLS, GENES)) < fraction)
    dense[3, :] = 0
    dense[:, 7] = 0
    return dense


def frames(rng):
    obs = pd.DataFrame(index=[f"cell-{i:03d}" for i in range(CELLS)])
    # Explicit category orders that are not alphabetical: an importer that sorts them is caught.
    obs["cell_type"] = pd.Categorical(rng.choice(["T cell", "B cell", "NK", "Monocyte"], CELLS),
                                      categories=["T cell", "NK", "B cell", "Monocyte"])
    obs["stage"] = pd.Categorical(rng.choice(["early", "mid", "late"], CELLS),
                                  categories=["late", "early", "mid"], ordered=True)
    obs.loc[obs.index[[4, 9]], "stage"] = np.nan  # missing values: code -1
    # Repeated strings: anndata stores these as a categorical (alphabetical); unique ones stay strings.
    obs["donor"] = [f"donor {i % 3}" for i in range(CELLS)]
    obs["barcode"] = [f"AC{i:03d}GT" for i in range(CELLS)]
    obs["n_genes"] = rng.integers(100, 5000, CELLS).astype(np.int64)
    obs["percent_mito"] = rng.random(CELLS).astype(np.float32)
    obs["score"] = rng.normal(size=CELLS)
    obs["passed_qc"] = rng.random(CELLS) < 0.8
    var = pd.DataFrame(index=[f"Gene{j:02d}" for j in range(GENES)])
    var["gene_ids"] = [f"ENSG{j:011d}" for j in range(GENES)]
    var["highly_variable"] = rng.random(GENES) < 0.5
    var["mean"] = rng.random(GENES)
    return obs, var


def uns(rng):
    return {
        "title": "fixture",
        "n_pcs": 5,
        "resolution": 0.5,
        "stage_colors": np.array(["#1f77b4", "#ff7f0e", "#2ca02c"]),
        "pca": {"variance": rng.random(5), "variance_ratio": rng.random(5).astype(np.float32),
                "params": {"zero_center": True, "n_comps": 5, "method": "arpack"}},
        "flags": np.array([True, False, True]),
    }


def full(rng):
    """CSR float32 X with a counts layer, raw, obsm, varm, obsp and a nested uns."""
    raw_counts = counts(rng)
    obs, var = frames(rng)
    X = sp.csr_matrix(np.log1p(raw_counts).astype(np.float32))
    adata = ad.AnnData(X=X, obs=obs, var=var, uns=uns(rng))
    adata.layers["counts"] = sp.csr_matrix(raw_counts.astype(np.float32))
    adata.obsm["X_pca"] = rng.normal(size=(CELLS, 5)).astype(np.float32)
    adata.obsm["X_umap"] = rng.normal(size=(CELLS, 2))
    adata.varm["PCs"] = rng.normal(size=(GENES, 5))
    if not PRE_07:
        adata.obsp["connectivities"] = sp.random(CELLS, CELLS, density=0.1, format="csr", random_state=7)
    # raw: the counts before log1p, with a var of its own (fewer columns than var).
    adata.raw = ad.AnnData(X=sp.csr_matrix(raw_counts.astype(np.float32)), obs=obs.copy(), var=var[["gene_ids"]].copy())
    return adata


def integers(rng, layout):
    """Integer X in another layout (CSC or dense), frames only: what a counts-only file looks like."""
    values = counts(rng).astype(np.int32 if layout == "dense" else np.int64)
    obs, var = frames(rng)
    X = values if layout == "dense" else sp.csc_matrix(values)
    adata = ad.AnnData(X=X, obs=obs, var=var, dtype=X.dtype) if PRE_07 or _has_dtype() else ad.AnnData(X=X, obs=obs, var=var)
    adata.layers["doubled"] = values * 2 if layout == "dense" else sp.csc_matrix(values * 2)
    return adata


def _has_dtype():
    # AnnData(dtype=...) exists until 0.10 (deprecated from 0.9); without it, 0.7-0.8 cast X to float32.
    import inspect
    return "dtype" in inspect.signature(ad.AnnData.__init__).parameters


def main():
    out, variant = sys.argv[1], sys.argv[2]
    rng = np.random.default_rng(20240601)
    if variant == "full":
        adata, name = full(rng), f"anndata-{VERSION}.h5ad"
    else:
        adata, name = integers(rng, variant), f"anndata-{VERSION}-{variant}-int.h5ad"
    path = os.path.join(out, name)
    (adata.write_h5ad if hasattr(adata, "write_h5ad") else adata.write)(path)  # 0.6.13 has only write()
    print(path)


if __name__ == "__main__":
    main()
