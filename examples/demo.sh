#!/usr/bin/env bash
# End-to-end demo on the bundled example data: create a repository, import single-cell files (an .h5ad and
# a Cell Ranger directory), load tables from CSV and Parquet, inspect history, read an older version, and
# export a table that pyarrow opens, query with SQL, slice B cells into an AnnData, build a gene index, curate on a branch,
# stream training batches, and share the atlas through a remote (push, lazy clone, in-place read, hydrate).
set -euo pipefail
CAIRN=${1:-cairn}
CAIRN=$(cd "$(dirname "$CAIRN")" && pwd)/$(basename "$CAIRN")
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/cairn-demo.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
run() { printf '\n$ cairn %s\n' "$*"; "$CAIRN" "$@"; }

cd "$WORK"
run init atlas.cairn
run -C atlas.cairn import "$HERE/pbmc_small.h5ad" --dataset pbmc -m "PBMC sample"
run -C atlas.cairn import "$HERE/tenx_run" --dataset run2 -m "A Cell Ranger run"
run -C atlas.cairn datasets
run -C atlas.cairn schema cells
run -C atlas.cairn load donors "$HERE/donors.csv" -m "Donor sheet"
run -C atlas.cairn load cell_sheet "$HERE/cells.csv" -m "A cell sheet from a spreadsheet"
run -C atlas.cairn load donors "$HERE/more_donors.csv" -m "Two more donors"
run -C atlas.cairn ls
run -C atlas.cairn schema donors
run -C atlas.cairn log --format json
run -C atlas.cairn show
run -C atlas.cairn ls --at HEAD~1
run -C atlas.cairn rev-parse HEAD~2
run -C atlas.cairn ls-fragments donors
run -C atlas.cairn export-table donors -o donors.parquet --at HEAD~1
# The exported Parquet file loads back like any other Parquet file.
run -C atlas.cairn load donors_v1 donors.parquet -m "Donors as of the first load"
run -C atlas.cairn ls --format csv
run -C atlas.cairn export h5ad -o pbmc.h5ad --dataset pbmc
printf '\nThe exported AnnData, opened with anndata:\n'
python3 -c "import anndata; a = anndata.read_h5ad('pbmc.h5ad'); print(a); print(a.obs.head(3))"
run -C atlas.cairn export h5ad -o atlas.h5ad --genes union
run -C atlas.cairn export-table expression -o expression.parquet
printf '\nThe exported expression table, opened with pyarrow:\n'
python3 -c "import pyarrow.parquet as pq; t = pq.read_table('expression.parquet'); print(t.num_rows, 'non-zeros,', t.schema.names, '; cells', t.column('cell_id').to_pylist()[:3], '...')"
run -C atlas.cairn query "SELECT dataset, cell_type, count(*) AS n FROM cells GROUP BY dataset, cell_type ORDER BY n DESC LIMIT 5"
run -C atlas.cairn query --format json "SELECT count(*) AS cells, avg(n_genes) AS mean_genes FROM cells WHERE dataset = 'pbmc'"
run -C atlas.cairn slice --where "dataset = 'pbmc' AND cell_type = 'B cell'" --genes intersection -o b_cells.h5ad
python3 -c "import anndata; print(anndata.read_h5ad('b_cells.h5ad'))"
# A gene index (a commit): a few genes over every cell read from it; import keeps it current.
run -C atlas.cairn index build genes -m "Gene index of X"
run -C atlas.cairn index status
run -C atlas.cairn slice --genes GENE3,GENE17 -o two_genes.parquet
# Curation on a branch, merged back; a release tag; what changed.
run -C atlas.cairn tag v1 -m "first release"
run -C atlas.cairn branch relabel
run -C atlas.cairn checkout relabel
run -C atlas.cairn update cells --set "cell_type = 'memory B cell'" --where "dataset = 'pbmc' AND cell_type = 'B cell' AND n_genes > 15" -m "Relabel memory B cells"
run -C atlas.cairn checkout main
run -C atlas.cairn delete cells --where "dataset = 'pbmc' AND donor = 'D3'" -m "Consent withdrawn for D3"
run -C atlas.cairn merge relabel
run -C atlas.cairn diff v1 HEAD
run -C atlas.cairn index build genes -m "Gene index after curation"
run -C atlas.cairn fsck
# Training batches for PyTorch: an Arrow IPC stream of Geneformer tokens, shuffled, one shard of two.
run -C atlas.cairn stream --tokenizer geneformer --shuffle --seed 7 --shard 1/2 --batch-size 64 --columns cell_type -o batches.arrows
printf '\nThe stream, opened with pyarrow:\n'
python3 -c "import pyarrow as pa; r = pa.ipc.open_stream(open('batches.arrows', 'rb')); bs = list(r); print(r.schema); print(len(bs), 'batches; first cell:', bs[0].column('cell_id')[0], bs[0].column('input_ids')[0].as_py()[:8], '...')"
# Sharing: push to a remote (a directory here; s3://bucket/prefix works the same), clone it lazily,
# read it in place, and hydrate a release for offline use.
run -C atlas.cairn remote add origin "file://$PWD/shared.cairn"
run -C atlas.cairn push origin main v1
run clone "file://$PWD/shared.cairn" clone.cairn --cache-dir "$PWD/cache"
run -C clone.cairn query --cache-dir "$PWD/cache" "SELECT cell_type, count(*) AS n FROM cells GROUP BY cell_type ORDER BY n DESC LIMIT 3"
run -C "file://$PWD/shared.cairn" query --cache-dir "$PWD/cache" --at v1 "SELECT count(*) AS cells_in_v1 FROM cells"
run -C clone.cairn checkout v1 --hydrate --cache-dir "$PWD/cache"
run -C clone.cairn fsck
printf '\nThe history is plain git:\n'
git --git-dir atlas.cairn/git log --oneline
