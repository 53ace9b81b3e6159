"""Whole-process wall time of the ref commands — branch, tag, checkout, log -n 10, rev-parse — on a small
repository and, given --h5ad, on an atlas imported from it. They touch only refs and commits, never data
objects, so both columns should match and stay well under 50 ms. No peer has these commands: cairn's
numbers only (with `cairn --version`, the process floor, for scale)."""
import argparse, os, statistics, subprocess, tempfile, time


def timed(cmds, reps):
    """Median wall time of each command list run in turn, `reps` rounds (so create/delete pairs alternate)."""
    times = [[] for _ in cmds]
    for _ in range(reps):
        for i, cmd in enumerate(cmds):
            t = time.perf_counter()
            subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
            times[i].append(time.perf_counter() - t)
    return [statistics.median(t) for t in times]


def measure(cairn, repo, reps):
    c = [cairn, "-C", repo]
    subprocess.run(c + ["branch", "bench-side"], check=True, stdout=subprocess.DEVNULL)
    results = {}
    results["cairn --version"] = timed([[cairn, "--version"]], reps)[0]
    results["branch (list)"] = timed([c + ["branch"]], reps)[0]
    create, delete = timed([c + ["branch", "bench-b"], c + ["branch", "-d", "bench-b"]], reps)
    results["branch NAME"], results["branch -d NAME"] = create, delete
    tag, untag = timed([c + ["tag", "bench-t", "-m", "bench"], c + ["tag", "-d", "bench-t"]], reps)
    results["tag NAME -m MSG"], results["tag -d NAME"] = tag, untag
    results["tag (list)"] = timed([c + ["tag"]], reps)[0]
    away, back = timed([c + ["checkout", "bench-side"], c + ["checkout", "main"]], reps)
    results["checkout BRANCH"] = (away + back) / 2
    results["log -n 10"] = timed([c + ["log", "-n", "10"]], reps)[0]
    results["rev-parse HEAD~1"] = timed([c + ["rev-parse", "HEAD~1"]], reps)[0]
    results["rev-parse main@{now}"] = timed([c + ["rev-parse", "main@{now}"]], reps)[0]
    subprocess.run(c + ["branch", "-d", "bench-side"], check=True, stdout=subprocess.DEVNULL)
    return results


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--work", default=None)
    ap.add_argument("--h5ad", default=None, help="an h5ad to import as the large repository")
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    work = args.work or tempfile.mkdtemp(prefix="cairn-refs-bench-")
    small = os.path.join(work, "refs-small.cairn")
    if not os.path.exists(small):
        subprocess.run([cairn, "init", small], check=True, stdout=subprocess.DEVNULL)
        csv = os.path.join(work, "refs-small.csv")
        with open(csv, "w") as f:
            f.write("a,b\n" + "".join(f"{i},x{i}\n" for i in range(1000)))
        for i in range(12):  # a history deeper than log -n 10
            subprocess.run([cairn, "-C", small, "load", "t", csv, "-m", f"load {i}"], check=True, stdout=subprocess.DEVNULL)
    columns = [("small (12 loads of 1,000 rows)", measure(cairn, small, args.reps))]
    if args.h5ad:
        atlas = os.path.join(work, "refs-atlas.cairn")
        if not os.path.exists(atlas):
            subprocess.run([cairn, "init", atlas], check=True, stdout=subprocess.DEVNULL)
            subprocess.run([cairn, "-C", atlas, "import", args.h5ad, "--dataset", "atlas"], check=True, stdout=subprocess.DEVNULL)
        size = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(atlas) for f in fs)
        columns.append((f"atlas ({os.path.basename(args.h5ad)}, {size / 2**20:.0f} MiB)", measure(cairn, atlas, args.reps)))
    print(f"\n## Ref commands (median of {args.reps} whole processes; goal: well under 50 ms)\n")
    print("| command | " + " | ".join(name for name, _ in columns) + " |")
    print("|---|" + "---|" * len(columns))
    for command in columns[0][1]:
        print(f"| {command} | " + " | ".join(f"{r[command] * 1000:.1f} ms" for _, r in columns) + " |")


if __name__ == "__main__":
    main()
