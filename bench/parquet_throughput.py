"""Parquet write/read throughput: cairn's Swift implementation beside pyarrow, on the same table.

Each measurement runs in its own process (so its peak RSS is its own) and times only the work itself,
after the input is in memory: pyarrow's write_table / read_table against cairn's ParquetWriter /
ParquetFileReader. Prints a markdown table with MB/s of decoded data, rows/s, peak RSS and the ratio
cairn / pyarrow.
"""
import argparse, json, os, resource, subprocess, sys, time

PY_WRITE = r"""
import json, resource, sys, time, statistics
import pyarrow.parquet as pq
src, out, reps = sys.argv[1], sys.argv[2], int(sys.argv[3])
table = pq.read_table(src)
times = []
for _ in range(reps):
    t = time.perf_counter()
    pq.write_table(table, out, compression="zstd", row_group_size=131072, write_page_index=True)
    times.append(time.perf_counter() - t)
print(json.dumps({"seconds": statistics.median(times), "rows": table.num_rows, "decoded_bytes": table.nbytes,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""

PY_READ = r"""
import json, resource, sys, time, statistics
import pyarrow.parquet as pq
path, reps = sys.argv[1], int(sys.argv[2])
times = []
for _ in range(reps):
    t = time.perf_counter()
    table = pq.read_table(path)
    times.append(time.perf_counter() - t)
print(json.dumps({"seconds": statistics.median(times), "rows": table.num_rows, "decoded_bytes": table.nbytes,
                  "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def generate(path, rows):
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq
    rng = np.random.default_rng(0)
    types = np.array([f"celltype_{i:02d}" for i in range(30)])
    barcodes = np.array([f"{b}-{i}" for i, b in enumerate(rng.integers(0, 4**16, rows).astype("U16"))])
    mask = rng.random(rows) < 0.05
    table = pa.table({
        "cell_id": pa.array(np.arange(rows, dtype=np.int64)),
        "obs_name": pa.array(barcodes),
        "cell_type": pa.array(types[rng.integers(0, 30, rows)]),
        "n_genes": pa.array(rng.integers(200, 6000, rows).astype(np.int32)),
        "total_counts": pa.array(rng.gamma(2.0, 3000.0, rows)),
        "pct_mito": pa.array(rng.random(rows).astype(np.float32) * 10, mask=mask),
        "is_doublet": pa.array(rng.random(rows) < 0.03),
        "umi": pa.array(rng.integers(0, 2**62, rows, dtype=np.int64)),
    })
    pq.write_table(table, path, compression="zstd", row_group_size=131072)


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=2_000_000)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--work", required=True)
    ap.add_argument("--cairn-bench", required=True)
    args = ap.parse_args()
    src = os.path.join(args.work, f"input-{args.rows}.parquet")
    if not os.path.exists(src):
        generate(src, args.rows)
    py_out = os.path.join(args.work, "pyarrow-written.parquet")
    cairn_out = os.path.join(args.work, "cairn-written.parquet")
    py = sys.executable
    results = {
        "write": (run_json([args.cairn_bench, "write", src, cairn_out, str(args.reps)]),
                  run_json([py, "-c", PY_WRITE, src, py_out, str(args.reps)])),
        "read (pyarrow-written file)": (run_json([args.cairn_bench, "read", py_out, str(args.reps)]),
                                        run_json([py, "-c", PY_READ, py_out, str(args.reps)])),
        "read (cairn-written file)": (run_json([args.cairn_bench, "read", cairn_out, str(args.reps)]),
                                      run_json([py, "-c", PY_READ, cairn_out, str(args.reps)])),
    }
    print(f"\n## Parquet throughput: {args.rows:,} rows, 8 columns, zstd (median of {args.reps})\n")
    print("| task | cairn MB/s | pyarrow MB/s | cairn Mrows/s | pyarrow Mrows/s | cairn / pyarrow | cairn peak RSS | pyarrow peak RSS |")
    print("|---|---|---|---|---|---|---|---|")
    for task, (c, p) in results.items():
        mb = p["decoded_bytes"] / 1e6  # the same logical data, measured once (Arrow's in-memory size)
        c_mbs, p_mbs = mb / c["seconds"], mb / p["seconds"]
        print(f"| {task} | {c_mbs:,.0f} | {p_mbs:,.0f} | {c['rows'] / c['seconds'] / 1e6:.2f} | "
              f"{p['rows'] / p['seconds'] / 1e6:.2f} | {c_mbs / p_mbs:.2f}× | {c['peak_rss_kb'] / 1024:,.0f} MiB | "
              f"{p['peak_rss_kb'] / 1024:,.0f} MiB |")
    sizes = {name: os.path.getsize(path) for name, path in [("cairn", cairn_out), ("pyarrow", py_out)]}
    print(f"\nFile sizes: cairn {sizes['cairn'] / 1e6:.1f} MB, pyarrow {sizes['pyarrow'] / 1e6:.1f} MB "
          f"({sizes['cairn'] / sizes['pyarrow']:.2f}×). Targets: write ≥ 1.0×, read ≥ 0.8×.")


if __name__ == "__main__":
    main()
