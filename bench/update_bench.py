"""Curating a generated atlas: `cairn update` of 1,000 scattered cells' labels as a whole cold process
(target < 1 s), the bytes one relabel adds to objects/ (proportional to the label column, not the
atlas), and 100 successive relabel commits' total added storage as a % of the atlas (target < 5%),
with peak RSS. Data: the 200k-cell medium atlas when present, else a small one generated with
../shared/tools/gen_h5ad.py."""
import argparse, os, shutil, statistics, subprocess, sys, tempfile

import numpy as np

from process_timing import timed


def objects_bytes(repo):
    total = 0
    for root, _, files in os.walk(os.path.join(repo, "objects")):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def tree_bytes(path):
    """Every file under the repository: data objects and the git history (manifests, commits)."""
    return sum(os.path.getsize(os.path.join(d, f)) for d, _, files in os.walk(path) for f in files)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--h5ad", default="/tmp/cairn-bench/data/medium.h5ad")
    ap.add_argument("--cells", type=int, default=20000, help="cells of the generated atlas when --h5ad is absent")
    ap.add_argument("--commits", type=int, default=100)
    ap.add_argument("--reps", type=int, default=3)
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    scratch = tempfile.mkdtemp(prefix="cairn-update-bench-")
    h5ad = args.h5ad
    if not os.path.exists(h5ad):
        h5ad = os.path.join(scratch, "atlas.h5ad")
        tool = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "tools", "gen_h5ad.py")
        subprocess.run([sys.executable, tool, "--cells", str(args.cells), "--genes", "2000", "--nnz-per-cell", "300",
                        "--out", h5ad], check=True, stdout=subprocess.DEVNULL)
    repo = os.path.join(scratch, "atlas.cairn")
    subprocess.run([cairn, "init", repo], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cairn, "-C", repo, "import", h5ad, "--dataset", "atlas"], check=True, stdout=subprocess.DEVNULL)
    atlas = objects_bytes(repo)
    n_cells = int(subprocess.run([cairn, "-C", repo, "query", "--format", "csv", "SELECT count(*) FROM cells"],
                                 capture_output=True, text=True, check=True).stdout.split()[-1])
    label = "cell_type" if "cell_type" in subprocess.run([cairn, "-C", repo, "schema", "cells"], capture_output=True,
                                                          text=True, check=True).stdout else None
    if label is None:
        raise SystemExit("the atlas has no cell_type column to relabel")
    rng = np.random.default_rng(7)

    def relabel(i):
        cells = np.sort(rng.choice(n_cells, 1000, replace=False))
        where = f"cell_id IN ({', '.join(map(str, cells))})"
        return [cairn, "-C", repo, "update", "cells", "--set", f"{label} = 'curated_{i % 7}'", "--where", where, "-m", f"relabel {i}"]

    runs = []
    for i in range(args.reps):
        before = objects_bytes(repo)
        seconds, rss, _ = timed(relabel(i))
        runs.append((seconds, rss, objects_bytes(repo) - before))
    # diff of two versions that differ by one such update: a whole cold process, full and --stat.
    diffs = [timed([cairn, "-C", repo, "diff", "HEAD~1", "HEAD"])[0] for _ in range(args.reps)]
    stats = [timed([cairn, "-C", repo, "diff", "HEAD~1", "HEAD", "--stat"])[0] for _ in range(args.reps)]
    start, start_total = objects_bytes(repo), tree_bytes(repo)
    for i in range(args.reps, args.reps + args.commits):
        subprocess.run(relabel(i), check=True, stdout=subprocess.DEVNULL)
    added = objects_bytes(repo) - start
    added_total = tree_bytes(repo) - start_total
    wall = statistics.median(r[0] for r in runs)
    one = statistics.median(r[2] for r in runs)
    print(f"update bench: {n_cells} cells, atlas objects {atlas / 1e6:.1f} MB")
    print(f"  update 1000 scattered labels (cold process): {wall:.3f} s (target < 1 s), peak RSS {max(r[1] for r in runs):.0f} MB")
    print(f"  bytes one relabel adds to objects/: {one} ({100 * one / atlas:.3f}% of the atlas)")
    print(f"  diff of two versions one such update apart (cold process): {statistics.median(diffs):.3f} s, --stat {statistics.median(stats):.3f} s (target < 1 s)")
    print(f"  {args.commits} relabel commits add {added / 1e6:.2f} MB of data objects = {100 * added / atlas:.2f}% of the atlas, "
          f"{added_total / 1e6:.2f} MB with the history = {100 * added_total / atlas:.2f}% (target < 5%)")
    shutil.rmtree(scratch, ignore_errors=True)


if __name__ == "__main__":
    main()
