"""Queries and slices of a generated atlas: a whole cold `cairn` process beside the peers' open+query
inside an already running Python and their warm call (../shared/bench/bench_query.py, same data, same
run), as ratios, with peak RSS. The workloads are the peers' own (bench_query.py defines them):
meta_count, meta_mean (metadata SQL), rand100, block10k, celltype (cells × all genes), genes10 (all
cells × 10 genes). The SQL workloads (meta_count, meta_mean and join_1type_3genes, the matrix joined
with cells and genes) also run in DuckDB over the same tables as Parquet, exported by `cairn export-table`
before any timing: open+query inside a running Python (interpreter start and import excluded) and warm,
with that process's peak RSS. Then the gene index is built (its time beside the import's, its size
beside the matrix's, its peak RSS) and the gene workloads run again, reading it."""
import argparse, atexit, json, os, shutil, statistics, subprocess, sys, tempfile, textwrap

import numpy as np

from process_timing import timed

# One SQL workload in DuckDB, in its own process (so peak RSS is the workload's): the tables as views over
# the Parquet files, the first call timed with the open, then `reps` warm calls.
DUCKDB_QUERY = textwrap.dedent("""
    import json, resource, statistics, sys, time
    import duckdb
    tables, sql, reps = json.loads(sys.argv[1]), sys.argv[2], int(sys.argv[3])
    t0 = time.perf_counter()
    con = duckdb.connect()
    for name, path in tables.items():
        con.execute(f"CREATE VIEW {name} AS SELECT * FROM read_parquet('{path}')")
    t1 = time.perf_counter()
    rows = len(con.execute(sql).fetchall())
    t2 = time.perf_counter()
    warm = []
    for _ in range(reps):
        t3 = time.perf_counter()
        con.execute(sql).fetchall()
        warm.append(time.perf_counter() - t3)
    print(json.dumps({"open_s": t1 - t0, "first_s": t2 - t1, "warm_median_s": statistics.median(warm), "rows": rows,
                      "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
""")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--dataset", default="small")
    ap.add_argument("--peers", default="slaf anndata polars_parquet")
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    h5ad = os.path.join(args.work, "data", f"{args.dataset}.h5ad")
    py = os.path.join(args.work, "venv", "bin", "python")
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
    scratch = tempfile.mkdtemp(prefix="cairn-query-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)  # a repository and outputs of a GB or more per run
    repo = os.path.join(scratch, "atlas.cairn")
    subprocess.run([cairn, "init", repo], check=True, stdout=subprocess.DEVNULL)
    import_wall = timed([cairn, "-C", repo, "import", h5ad, "--dataset", "atlas"])[0]

    # The same selections bench_query.py makes (seeded), as cairn commands.
    n_cells = int(subprocess.run([cairn, "-C", repo, "query", "--format", "csv", "SELECT count(*) FROM cells"],
                                 capture_output=True, text=True, check=True).stdout.split()[-1])
    rng = np.random.default_rng(0)
    rand100 = np.sort(rng.choice(n_cells, 100, replace=False))
    start = n_cells // 2
    genes10 = np.sort(rng.choice(20000, 10, replace=False))
    gene_names = subprocess.run([cairn, "-C", repo, "query", "--format", "csv",
                                 f"SELECT symbol FROM genes WHERE gene_id IN ({', '.join(map(str, genes10))}) ORDER BY gene_id"],
                                capture_output=True, text=True, check=True).stdout.split()[1:]
    out = os.path.join(scratch, "out.parquet")
    commands = {
        "meta_count": ["query", "SELECT cell_type, count(*) AS n FROM cells WHERE batch = 'b1' GROUP BY cell_type"],
        "meta_mean": ["query", "SELECT cell_type, donor, avg(total_counts) FROM cells GROUP BY cell_type, donor"],
        "rand100": ["slice", "--where", f"cell_id IN ({', '.join(map(str, rand100))})", "-o", out],
        "block10k": ["slice", "--where", f"cell_id >= {start} AND cell_id < {start + 10000}", "-o", out],
        "celltype": ["slice", "--where", "cell_type = 'celltype_07'", "-o", out],
        "genes10": ["slice", "--genes", ",".join(gene_names), "-o", out],
        # Query II: the matrix joined with cells and genes, one cell type and 3 genes (no peer runs SQL joins).
        "join_1type_3genes": ["query", "SELECT g.symbol, avg(e.value), count(*) FROM expression e JOIN cells c ON e.cell_id = c.cell_id "
                              "JOIN genes g ON e.gene_id = g.gene_id WHERE c.cell_type = 'celltype_07' AND g.symbol IN ("
                              + ", ".join(f"'{name}'" for name in gene_names[:3]) + ") GROUP BY g.symbol"],
    }
    results, result_rows = {}, {}
    for name, command in commands.items():
        runs = [timed([cairn, "-C", repo] + command) for _ in range(args.reps)]
        results[name] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
        result_rows[name] = len(runs[0][2].splitlines()) - 1  # CSV: a header, then the rows
    # The same slices written as an Arrow IPC file and as h5ad, and the floor every row pays: a process
    # that only starts.
    other_formats = ("arrow", "h5ad")
    format_results = {f: {} for f in other_formats}
    def time_formats(name, command):
        for f in other_formats:
            command_f = command[:-1] + [os.path.join(scratch, f"out.{f}")]
            format_results[f][name] = statistics.median(timed([cairn, "-C", repo] + command_f)[0] for _ in range(args.reps))
    for name, command in commands.items():
        if command[0] == "slice":
            time_formats(name, command)
    version = statistics.median(timed([cairn, "--version"])[0] for _ in range(10))

    # The gene index (Query II): its build beside the import, its size beside the matrix's, and the gene
    # workloads again with it (the rows above read the fragments).
    build_wall, build_rss, _ = timed([cairn, "-C", repo, "index", "build", "genes", "-m", "gene index"])
    def csv_rows(*command):
        lines = subprocess.run([cairn, "-C", repo] + list(command) + ["--format", "csv"], capture_output=True, text=True, check=True).stdout.splitlines()
        header = lines[0].split(",")
        return [dict(zip(header, line.split(","))) for line in lines[1:]]
    index_bytes = sum(int(row["bytes"]) for row in csv_rows("index", "status"))
    matrix_bytes = sum(int(row["bytes"]) for row in csv_rows("ls") if row["table"] == "expression")
    for name in ("genes10", "join_1type_3genes"):
        indexed = name + " (gene index)"
        commands[indexed] = commands[name]
        runs = [timed([cairn, "-C", repo] + commands[name]) for _ in range(args.reps)]
        results[indexed] = (statistics.median(r[0] for r in runs), max(r[1] for r in runs))
        result_rows[indexed] = result_rows[name]
        if commands[name][0] == "slice":
            time_formats(indexed, commands[name])

    # DuckDB over the same tables as Parquet, written by cairn once, before its timings; same SQL.
    parquet = {}
    for table in ("cells", "genes", "expression"):
        parquet[table] = os.path.join(scratch, f"{table}.parquet")
        subprocess.run([cairn, "-C", repo, "export-table", table, "-o", parquet[table]], check=True, stdout=subprocess.DEVNULL)
    duckdb_results = {}
    for name, command in commands.items():
        if command[0] != "query" or name.endswith("(gene index)"):
            continue
        proc = subprocess.run([sys.executable, "-c", DUCKDB_QUERY, json.dumps(parquet), command[1], str(args.reps)],
                              capture_output=True, text=True)
        if proc.returncode != 0:
            print(f"(duckdb failed on {name}: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'no output'})", file=sys.stderr)
            continue
        duckdb_results[name] = json.loads(proc.stdout.splitlines()[-1])
        if duckdb_results[name]["rows"] != result_rows[name]:
            print(f"(duckdb returned {duckdb_results[name]['rows']} rows on {name}, cairn {result_rows[name]})", file=sys.stderr)

    peers = {}
    for tool in args.peers.split():
        proc = subprocess.run([py, os.path.join(shared, "bench_query.py"), "--tool", tool, "--data", args.dataset,
                               "--mode", "warm", "--reps", str(args.reps)], capture_output=True, text=True,
                              cwd=args.work, env={**os.environ, "BENCH_WORK": args.work})
        for line in proc.stdout.splitlines():
            try:
                row = json.loads(line)
            except ValueError:
                continue
            peers[(tool, row.get("query"))] = row
        if proc.returncode != 0:
            print(f"({tool} failed: {proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'no output'})", file=sys.stderr)

    print(f"\n## Queries and slices: {args.dataset} atlas, cairn as a whole cold process\n")
    print(f"`cairn --version` (process start alone): {version * 1000:.0f} ms. Slices write Parquet; the Arrow and h5ad columns write the same slice as an Arrow IPC file (uncompressed) and as h5ad. "
          "DuckDB runs the SQL workloads over the same tables exported as Parquet (ratios: open+query / warm over cairn's process).\n")
    print(f"Gene index build: {build_wall:.1f} s ({build_wall / import_wall:.2f}× the import's {import_wall:.1f} s), peak RSS {build_rss:,.0f} MiB; "
          f"{index_bytes / 1e6:,.0f} MB ({index_bytes / matrix_bytes:.2f}× the matrix's {matrix_bytes / 1e6:,.0f} MB). "
          "Rows marked (gene index) run after it; the others read the fragments.\n")
    headers = ["workload", "cairn (process)", "cairn → Arrow", "cairn → h5ad", "cairn peak RSS", "duckdb (Parquet) open+query / warm, peak RSS"]
    headers += [f"{t} open+query / warm" for t in args.peers.split()]
    print("| " + " | ".join(headers) + " |")
    print("|" + "---|" * len(headers))
    for name, (wall, rss) in results.items():
        cells = []
        base = name.removesuffix(" (gene index)")
        for tool in args.peers.split():
            row = peers.get((tool, base))
            if not row:
                cells.append("—")
                continue
            first = row.get("open_s", 0) + row.get("first_s", row.get("query_s", 0))
            warm = row.get("warm_median_s", row.get("median_s"))
            cells.append(f"{first * 1000:.0f} / {warm * 1000:.0f} ms ({first / wall:.1f}× cairn)" if warm is not None else json.dumps(row)[:60])
        formats = [f"{format_results[f][name] * 1000:.0f} ms" if name in format_results[f] else "—" for f in other_formats]
        duck = duckdb_results.get(base)
        if duck:
            first, warm = duck["open_s"] + duck["first_s"], duck["warm_median_s"]
            duck = f"{first * 1000:.0f} / {warm * 1000:.0f} ms ({first / wall:.1f}× / {warm / wall:.1f}× cairn), {duck['peak_rss_mb']:,.0f} MiB"
        print("| " + " | ".join([name, f"{wall * 1000:.0f} ms"] + formats + [f"{rss:,.0f} MiB", duck or "—"] + cells) + " |")


if __name__ == "__main__":
    main()
