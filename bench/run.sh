#!/usr/bin/env bash
# make bench: cairn beside the peers on the same data, same run, same machine. Prints ratios and peak RSS.
#  1. Parquet write and read throughput: cairn's Swift writer/reader vs pyarrow, in-process timings, each
#     task in its own process (so peak RSS is per task), both cores available to both; remotes beside aws s3 sync.
#  2. Start-up: whole-process wall time of `cairn --version` and `cairn ls`; the ref commands (branch, tag,
#     checkout, log -n 10, rev-parse) on a small repository and, with the peers' data, on an imported atlas.
#  3. h5ad import beside SLAF and TileDB-SOMA, export beside anndata; 4. queries and slices beside SLAF,
#     anndata and Polars (the peers and data come from ../shared/bench), the SQL ones (the 3-table join too)
#     beside DuckDB over the same tables as Parquet; 5. training batches beside SLAF's loader.
set -euo pipefail
CAIRN=${1:-.build/release/cairn}
cd "$(dirname "$0")/.."
ROWS=${BENCH_ROWS:-2000000}
REPS=${BENCH_REPS:-3}
WORK=${BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/cairn-bench.XXXXXX")}
mkdir -p "$WORK"
# The flags of `make release`, so that this build reuses its objects.
NO_PIE=$([ "$(uname -s)" = Linux ] && echo "-Xlinker -no-pie" || true)
swift build -c release --static-swift-stdlib $NO_PIE --product ParquetBench >/dev/null
PB=.build/release/ParquetBench
python3 bench/parquet_throughput.py --rows "$ROWS" --reps "$REPS" --work "$WORK" --cairn-bench "$PB"
python3 bench/startup.py --cairn "$CAIRN" --work "$WORK" --reps "${BENCH_STARTUP_REPS:-20}"
python3 bench/refs_bench.py --cairn "$CAIRN" --work "$WORK" --reps "${BENCH_STARTUP_REPS:-20}"
# Curation: a cold `cairn update` of 1,000 scattered labels and the storage 100 relabels add (medium
# atlas when generated, else a small one of its own).
python3 bench/update_bench.py --cairn "$CAIRN" --h5ad "${BENCH_UPDATE_H5AD:-$WORK/data/medium.h5ad}"
# Remotes on moto's S3 through the test proxy (20 ms per request) beside `aws s3 sync`: push, clone +
# hydrate, an incremental push, in-place queries (the medium atlas when generated, else the example).
REMOTE_H5AD=${BENCH_REMOTE_H5AD:-$WORK/data/medium.h5ad}
[ -f "$REMOTE_H5AD" ] || REMOTE_H5AD=examples/pbmc_small.h5ad
python3 bench/remote_bench.py --cairn "$CAIRN" --h5ad "$REMOTE_H5AD" --work "$WORK/remote"

# 3. Import and export beside SLAF and TileDB-SOMA: their venv and the generated atlases come from the
#    workspace's ../shared/bench (a few minutes the first time; BENCH_DATASET=medium for the 200k-cell atlas).
SHARED_BENCH=../shared/bench
if [ -f "$SHARED_BENCH/setup.sh" ]; then
    DATASET=${BENCH_DATASET:-small}
    BENCH_WORK="$WORK" bash "$SHARED_BENCH/setup.sh" "$DATASET" >&2
    # SLAF 0.5.2's loader imports psutil in its prefetch thread without declaring it: without it every
    # batch fails and the SLAF peer drops out of the stream table (StopIteration).
    "$WORK/venv/bin/python" -c "import psutil" 2>/dev/null || "$WORK/venv/bin/pip" install -q psutil >&2
    python3 bench/import_bench.py --cairn "$CAIRN" --work "$WORK" --dataset "$DATASET" --peers "${BENCH_IMPORT_PEERS:-slaf tiledbsoma}"
    # Ref commands on the imported atlas: their time must not grow with it.
    python3 bench/refs_bench.py --cairn "$CAIRN" --work "$WORK" --h5ad "$WORK/data/$DATASET.h5ad" --reps "${BENCH_STARTUP_REPS:-20}"
    # 4. Queries and slices: a cold cairn process beside the peers' open+query and warm calls.
    python3 bench/query_bench.py --cairn "$CAIRN" --work "$WORK" --dataset "$DATASET" --peers "${BENCH_QUERY_PEERS:-slaf anndata polars_parquet}"
    # 5. Training batches at the Python end of the pipe beside SLAF's loader and a NumPy loop.
    python3 bench/stream_bench.py --cairn "$CAIRN" --work "$WORK" --dataset "$DATASET" --tokenizers "raw geneformer scgpt" --peers "${BENCH_STREAM_PEERS:-slaf naive}"
else
    echo "import benchmark skipped: it needs the peers from ../shared/bench (not in this checkout)"
fi
