"""Remotes: push, clone + hydrate, an incremental push and in-place queries on moto's S3, through the
test proxy with 20 ms added per request (moto's own speed is not ours to measure), beside `aws s3 sync`
of the same repository directory. Requests and bytes are the proxy's counts; time and peak RSS are the
whole process's (/usr/bin/time).

Usage: remote_bench.py --cairn BIN --repo ATLAS.cairn [--latency-ms 20] [--work DIR]
(--h5ad FILE instead of --repo imports one first.)
"""
import argparse, json, os, random, re, shutil, subprocess, sys, tempfile, time, urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from process_timing import timed  # noqa: E402

SCRIPTS = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "Tests", "TestServers", "Scripts")


def start(script, *arguments):
    process = subprocess.Popen([sys.executable, os.path.join(SCRIPTS, script), *arguments],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    return process, json.loads(process.stdout.readline())


class Proxy:
    def __init__(self, target, latency_ms):
        self.process, ready = start("fault_proxy.py", target)
        self.endpoint = f"http://127.0.0.1:{ready['port']}"
        self.control({"latency_ms": latency_ms})

    def control(self, command):
        request = urllib.request.Request(self.endpoint + "/__control", data=json.dumps(command).encode(), method="POST")
        urllib.request.urlopen(request).read()

    def measure(self, command, env):
        self.control({"reset_stats": True})
        seconds, rss, out = timed(command, env=env)
        stats = json.loads(urllib.request.urlopen(self.endpoint + "/__stats").read())
        requests = sum(stats["requests"].values())
        sent = sum(stats["request_bytes"].values())
        received = sum(stats["response_bytes"].values())
        return {"seconds": seconds, "rss": rss, "requests": requests, "by_method": stats["requests"],
                "sent": sent, "received": received, "out": out}


def describe(name, r):
    methods = " ".join(f"{m} {n}" for m, n in sorted(r["by_method"].items()))
    return (f"  {name:<44} {r['requests']:>6} requests ({methods}), up {r['sent'] / 1e6:8.2f} MB, "
            f"down {r['received'] / 1e6:8.2f} MB, {r['seconds']:6.2f} s, peak RSS {r['rss']:5.0f} MB")


def ratio(a, b, key):
    return f"{a[key] / b[key]:.2f}x" if b[key] else "n/a"


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--repo")
    ap.add_argument("--h5ad")
    ap.add_argument("--latency-ms", type=int, default=20)
    ap.add_argument("--work")
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    work = args.work or tempfile.mkdtemp(prefix="cairn-remote-bench-")
    os.makedirs(work, exist_ok=True)
    aws = shutil.which("aws")
    if aws is None:
        print("remote bench skipped: the peer, the aws CLI, is not installed (pip install awscli)")
        return

    repo = os.path.join(work, "atlas.cairn")
    shutil.rmtree(repo, ignore_errors=True)
    if args.repo:
        shutil.copytree(args.repo, repo, ignore=shutil.ignore_patterns("cache", "*.lock"))
    else:
        subprocess.run([cairn, "init", repo], check=True, stdout=subprocess.DEVNULL)
        subprocess.run([cairn, "-C", repo, "import", args.h5ad, "--dataset", "atlas"], check=True, stdout=subprocess.DEVNULL)

    moto, keys = start("moto_s3_server.py")
    for bucket in ("bench-cairn", "bench-sync"):
        moto.stdin.write(f"bucket {bucket}\n")
        moto.stdin.flush()
        assert moto.stdout.readline().strip() == "ok"
    proxy = Proxy(f"http://127.0.0.1:{keys['port']}", args.latency_ms)
    empty = os.path.join(work, "empty-aws-file")
    open(empty, "w").close()
    env = dict(os.environ, AWS_ACCESS_KEY_ID=keys["access_key_id"], AWS_SECRET_ACCESS_KEY=keys["secret_access_key"],
               AWS_REGION=keys["region"], AWS_DEFAULT_REGION=keys["region"], AWS_ENDPOINT_URL_S3=proxy.endpoint,
               AWS_SHARED_CREDENTIALS_FILE=empty, AWS_CONFIG_FILE=empty,
               CAIRN_CACHE_DIR=os.path.join(work, "cache"))
    url = "s3://bench-cairn/atlas"
    aws_s3 = [aws, "--endpoint-url", proxy.endpoint, "s3", "sync", "--only-show-errors"]
    objects = sum(os.path.getsize(os.path.join(d, f)) for d, _, fs in os.walk(os.path.join(repo, "objects")) for f in fs)
    print(f"remote bench: {objects / 1e6:.1f} MB of data objects, {args.latency_ms} ms added per request")

    push = proxy.measure([cairn, "-C", repo, "push", url, "main"], env)
    sync_up = proxy.measure(aws_s3 + [repo, "s3://bench-sync/atlas"], env)
    print(describe("cairn push (whole atlas)", push))
    print(describe("aws s3 sync up (same directory)", sync_up))
    print(f"    cairn / aws: time {ratio(push, sync_up, 'seconds')}, requests {ratio(push, sync_up, 'requests')}, bytes up {ratio(push, sync_up, 'sent')}")

    clone = os.path.join(work, "clone.cairn")
    shutil.rmtree(clone, ignore_errors=True)
    shutil.rmtree(env["CAIRN_CACHE_DIR"], ignore_errors=True)
    cloned = proxy.measure([cairn, "clone", url, clone], env)
    hydrated = proxy.measure([cairn, "-C", clone, "checkout", "main", "--hydrate"], env)
    down = os.path.join(work, "synced")
    shutil.rmtree(down, ignore_errors=True)
    sync_down = proxy.measure(aws_s3 + ["s3://bench-sync/atlas", down], env)
    both = {k: cloned[k] + hydrated[k] for k in ("seconds", "requests", "sent", "received")}
    both["rss"] = max(cloned["rss"], hydrated["rss"])
    both["by_method"] = {m: cloned["by_method"].get(m, 0) + hydrated["by_method"].get(m, 0)
                         for m in set(cloned["by_method"]) | set(hydrated["by_method"])}
    print(describe("cairn clone (history only)", cloned))
    print(describe("cairn checkout --hydrate", hydrated))
    print(describe("aws s3 sync down (same directory)", sync_down))
    print(f"    cairn clone+hydrate / aws: time {ratio(both, sync_down, 'seconds')}, requests {ratio(both, sync_down, 'requests')}, bytes down {ratio(both, sync_down, 'received')}")

    # Incremental: 1,000 scattered relabels, pushed; aws re-syncs the directory after the same update.
    n_cells = int(subprocess.run([cairn, "-C", repo, "query", "--format", "csv", "SELECT count(*) FROM cells"],
                                 capture_output=True, text=True, check=True).stdout.split()[-1])
    cells = sorted(random.Random(7).sample(range(n_cells), min(1000, n_cells // 2)))
    subprocess.run([cairn, "-C", repo, "update", "cells", "--set", "cell_type = 'curated'", "--where",
                    f"cell_id IN ({', '.join(map(str, cells))})", "-m", "relabel 1000 cells"], check=True, stdout=subprocess.DEVNULL)
    incremental = proxy.measure([cairn, "-C", repo, "push", url, "main"], env)
    sync_again = proxy.measure(aws_s3 + [repo, "s3://bench-sync/atlas"], env)
    print(describe(f"cairn push after a {len(cells):,}-cell relabel", incremental))
    print(describe("aws s3 sync up after the same relabel", sync_again))
    print(f"    bytes up: cairn {incremental['sent'] / 1e3:.0f} kB ({incremental['sent'] / objects * 100:.2f}% of the atlas), aws {sync_again['sent'] / 1e3:.0f} kB")

    # In place, cold cache: the metadata group-by (then again, warm) and 100 random cells.
    shutil.rmtree(env["CAIRN_CACHE_DIR"], ignore_errors=True)
    group_by_sql = "SELECT cell_type, count(*) AS n FROM cells GROUP BY cell_type"
    group_by = proxy.measure([cairn, "-C", url, "query", group_by_sql], env)
    warm = proxy.measure([cairn, "-C", url, "query", group_by_sql], env)
    random100 = sorted(random.Random(0).sample(range(n_cells), min(100, n_cells)))
    where = f"cell_id IN ({', '.join(map(str, random100))})"
    shutil.rmtree(env["CAIRN_CACHE_DIR"], ignore_errors=True)
    cold_slice = proxy.measure([cairn, "-C", url, "slice", "--where", where, "-o", os.path.join(work, "rand100.parquet")], env)
    # Fragments the cells touch, from their row ranges (the dataset's rows: one imported dataset).
    listing = subprocess.run([cairn, "-C", repo, "ls-fragments", "expression", "--format", "csv"],
                             capture_output=True, text=True, check=True).stdout.splitlines()[1:]
    ranges = []
    for line in listing:
        found = re.search(r"row=\[(\d+), (\d+)\]", line)
        if found:
            ranges.append((int(found.group(1)), int(found.group(2))))
    touched = sum(1 for low, high in ranges if any(low <= c <= high for c in random100))
    print(describe("query -C s3:// metadata group-by (cold cache)", group_by))
    print(describe("the same group-by again (history, pages cached)", warm))
    print(describe(f"slice -C s3:// {len(random100)} random cells (cold cache)", cold_slice))
    print(f"    {len(ranges)} expression fragments, {touched} touched: {cold_slice['requests'] / max(touched, 1):.2f} requests "
          f"and {cold_slice['received'] / max(touched, 1) / 1e3:.0f} kB per touched fragment (target: at most 2 requests each)")
    moto.stdin.close()
    proxy.process.stdin.close()


if __name__ == "__main__":
    main()
