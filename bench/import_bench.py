"""Import and export of a generated atlas: cairn beside SLAF (SLAFConverter) and TileDB-SOMA (from_h5ad)
converting the same h5ad in the same run, and `cairn export h5ad` beside anndata's write_h5ad of the
in-memory object. Whole processes under /usr/bin/time: wall time, peak RSS, output bytes, ratios.
The peers and the data come from ../shared/bench/setup.sh (a venv in BENCH_WORK)."""
import argparse, json, os, shutil, subprocess, sys, tempfile

from process_timing import timed


def du(path):
    if os.path.isfile(path):
        return os.path.getsize(path)
    return sum(os.path.getsize(os.path.join(r, f)) for r, _d, fs in os.walk(path) for f in fs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--dataset", default="small")
    ap.add_argument("--peers", default="slaf tiledbsoma")
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    h5ad = os.path.join(args.work, "data", f"{args.dataset}.h5ad")
    py = os.path.join(args.work, "venv", "bin", "python")
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
    scratch = tempfile.mkdtemp(prefix="cairn-import-bench-")
    rows = []
    repo = os.path.join(scratch, "atlas.cairn")
    subprocess.run([cairn, "init", repo], check=True, stdout=subprocess.DEVNULL)
    wall, rss, _ = timed([cairn, "-C", repo, "import", h5ad, "--dataset", "atlas"])
    rows.append(("cairn import", wall, rss, du(repo)))
    for tool in args.peers.split():
        out = os.path.join(scratch, f"out.{tool}")
        wall, rss, _ = timed([py, os.path.join(shared, "bench_convert.py"), "--tool", tool, "--h5ad", h5ad, "--out", out])
        rows.append((f"{tool} convert", wall, rss, du(out)))
        shutil.rmtree(out, ignore_errors=True)
    # The same matrix stored by column (CSC): cairn transposes it through sorted runs on disk, within
    # the same memory bound.
    csc = os.path.join(args.work, "data", f"{args.dataset}_csc.h5ad")
    if not os.path.exists(csc):
        subprocess.run([py, "-c", "import anndata, sys; a = anndata.read_h5ad(sys.argv[1]); a.X = a.X.tocsc(); a.write_h5ad(sys.argv[2])",
                        h5ad, csc], check=True)
    csc_repo = os.path.join(scratch, "csc.cairn")
    subprocess.run([cairn, "init", csc_repo], check=True, stdout=subprocess.DEVNULL)
    wall, rss, _ = timed([cairn, "-C", csc_repo, "import", csc, "--dataset", "atlas"])
    rows.append(("cairn import (CSC copy)", wall, rss, du(csc_repo)))
    shutil.rmtree(csc_repo, ignore_errors=True)
    base = rows[0][1]
    print(f"\n## Import: {args.dataset} atlas ({du(h5ad) / 1e6:,.0f} MB h5ad), whole processes\n")
    print("| tool | wall | peak RSS | output | wall vs cairn |")
    print("|---|---|---|---|---|")
    for name, wall, rss, size in rows:
        print(f"| {name} | {wall:.1f} s | {rss:,.0f} MiB | {size / 2**20:,.0f} MiB | {wall / base:.2f}× |")

    exported = os.path.join(scratch, "export.h5ad")
    cairn_wall, cairn_rss, _ = timed([cairn, "-C", repo, "export", "h5ad", "-o", exported])
    script = ("import anndata, sys, time, json\n"
              "a = anndata.read_h5ad(sys.argv[1]); t = time.perf_counter(); a.write_h5ad(sys.argv[2])\n"
              "print(json.dumps({'write_s': time.perf_counter() - t}))")
    _, ad_rss, out = timed([py, "-c", script, h5ad, os.path.join(scratch, "anndata.h5ad")])
    ad_write = json.loads(out.strip().splitlines()[-1])["write_s"]
    print(f"\n## Export to h5ad\n")
    print("| tool | time | peak RSS | anndata / cairn |")
    print("|---|---|---|---|")
    print(f"| cairn export h5ad (whole process) | {cairn_wall:.1f} s | {cairn_rss:,.0f} MiB | {ad_write / cairn_wall:.2f}× |")
    print(f"| anndata write_h5ad (in memory, write only) | {ad_write:.1f} s | {ad_rss:,.0f} MiB | 1.00× |")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
