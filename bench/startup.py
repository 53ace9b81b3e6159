"""Whole-process start-up: `cairn --version` and `cairn ls` on a small repository, beside a bare
`python3 -c pass` and `python3 -c "import pyarrow.parquet"` (what a Python peer pays before any work)."""
import argparse, os, resource, statistics, subprocess, sys, time


def timed(cmd, reps, cwd=None):
    times = []
    for _ in range(reps):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=cwd)
        times.append(time.perf_counter() - t)
    return statistics.median(times), resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--reps", type=int, default=20)
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    repo = os.path.join(args.work, "startup.cairn")
    if not os.path.exists(repo):
        subprocess.run([cairn, "init", repo], check=True, stdout=subprocess.DEVNULL)
        csv = os.path.join(args.work, "startup.csv")
        with open(csv, "w") as f:
            f.write("a,b\n" + "".join(f"{i},x{i}\n" for i in range(1000)))
        subprocess.run([cairn, "-C", repo, "load", "t", csv], check=True, stdout=subprocess.DEVNULL)
    rows = [
        ("cairn --version", timed([cairn, "--version"], args.reps)),
        ("cairn ls", timed([cairn, "-C", repo, "ls"], args.reps)),
        ("python3 -c pass", timed([sys.executable, "-c", "pass"], args.reps)),
        ("python3 -c 'import pyarrow.parquet'", timed([sys.executable, "-c", "import pyarrow.parquet"], args.reps)),
    ]
    base = rows[3][1][0]
    print(f"\n## Start-up (median of {args.reps} whole processes)\n")
    print("| command | wall | vs importing pyarrow.parquet |")
    print("|---|---|---|")
    for name, (seconds, _) in rows:
        print(f"| {name} | {seconds * 1000:.1f} ms | {seconds / base:.2f}× |")
    print(f"\nPeak RSS of any child so far: {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:.0f} MiB")


if __name__ == "__main__":
    main()
