"""Training batches at the Python end of the pipe: `cairn stream` read with pyarrow.ipc.open_stream and
turned into torch tensors (CSR for raw batches, padded ids for tokenized ones), beside the peers' loaders
from ../shared/bench/bench_loader.py in the same run (SLAF's SLAFDataLoader, and a NumPy loop over an
in-memory CSR matrix), as ratios. cairn's figure counts the whole epoch from the moment the `cairn` process is started by an already
running Python (the median of three epochs, each its own process) (the peers' clock starts likewise, after imports), process start included; the
peers' steady rate excludes their start-up, their end-to-end rate includes it. Peak RSS of the cairn
process (from /usr/bin/time) beside the peers'."""
import argparse, atexit, json, os, shutil, subprocess, sys, tempfile, time


READER = r"""
import sys, time, json, subprocess, numpy as np, pyarrow as pa, torch
rss_file, examples, tokenized, command = sys.argv[1], sys.argv[2], sys.argv[3] != "raw", sys.argv[4:]
sys.path.insert(0, examples)
from stream_dataset import padded  # the example's collate, as a training job runs it
# The collate runs where examples/stream_dataset.py runs it, in a DataLoader worker, which PyTorch gives one
# thread: with its default (every core), idle intra-op threads spin on the cores cairn is working on.
torch.set_num_threads(1)
# Imports done: the clock starts as the peers' does, before the loader (here: the cairn process) starts.
t0 = time.time()
producer = subprocess.Popen(["/usr/bin/time", "-f", "%M", "-o", rss_file] + command, stdout=subprocess.PIPE)
cells = batches = 0; first = None; ids = []
with pa.ipc.open_stream(producer.stdout) as reader:
    for batch in reader:
        if first is None: first = time.time() - t0  # in hand, as the peers' first_batch_s
        if tokenized:
            tokens, lengths = padded(batch.column("input_ids"), torch.int64)
        else:
            genes = batch.column("genes"); values = batch.column("values")
            torch.sparse_csr_tensor(torch.from_numpy(genes.offsets.to_numpy().astype(np.int64)),
                                    torch.from_numpy(genes.values.to_numpy().astype(np.int64)),
                                    torch.from_numpy(values.values.to_numpy().astype(np.float32)), size=(batch.num_rows, 65536))
        cells += batch.num_rows; batches += 1
        # A copy: a zero-copy view would keep the whole batch (its message body) alive to the end, as no
        # training loop does, and every batch read into fresh memory (half a GB an epoch, faulted in).
        ids.append(batch.column("cell_id").to_numpy().copy())
total = time.time() - t0
producer.wait()
np.save(rss_file + ".ids.npy", np.concatenate(ids) if ids else np.array([], np.int64))
print(json.dumps({"cells": cells, "batches": batches, "first_batch_s": first, "total_s": total}))
"""


def cairn_run(cairn, repo, tokenizer, batch, extra, py):
    rss = tempfile.NamedTemporaryFile(delete=False).name
    command = [cairn, "-C", repo, "stream", "--tokenizer", tokenizer, "--batch-size", str(batch), "--shuffle", "--seed", "0"] + extra
    examples = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "examples")
    consumer = subprocess.run([py, "-c", READER, rss, examples, tokenizer] + command, capture_output=True, text=True)
    if consumer.returncode != 0:
        sys.exit(consumer.stderr)
    result = json.loads(consumer.stdout.strip().splitlines()[-1])
    result["peak_rss_mb"] = int(open(rss).read().split()[-1]) / 1024
    import numpy as np
    result["ids"] = np.load(rss + ".ids.npy")
    result["cells_per_s"] = result["cells"] / result["total_s"]
    return result


def fragment_starts(cairn, repo):
    """The first stored row of each expression fragment (one dataset here): a cell's fragment by bisection."""
    import csv, io, re
    listing = subprocess.run([cairn, "-C", repo, "ls-fragments", "expression", "--format", "csv"], capture_output=True, text=True, check=True).stdout
    return sorted(int(re.search(r"row=\[(\d+),", row["statistics"]).group(1)) for row in csv.DictReader(io.StringIO(listing)))


def diversity(ids, batch, starts):
    """Mean distinct fragments per batch."""
    import numpy as np
    fragments = np.searchsorted(np.array(starts), ids, side="right") - 1
    usable = len(fragments) // batch * batch
    return float(np.mean([len(np.unique(b)) for b in fragments[:usable].reshape(-1, batch)])) if usable else 0.0


def peer_run(py, shared, work, tool, tokenizer, batch, dataset, min_cells):
    out = subprocess.run([py, os.path.join(shared, "bench_loader.py"), "--tool", tool, "--tokenizer", tokenizer, "--batch-size", str(batch),
                          "--data", dataset, "--min-cells", str(min_cells), "--max-seconds", "60"],
                         cwd=work, capture_output=True, text=True)
    if out.returncode != 0:
        # The last line and any logged error: SLAF's loader logs why a batch failed and then just stops.
        lines = out.stderr.strip().splitlines()
        why = [line for line in lines if "Error" in line][-1:]
        why += [line for line in lines[-1:] if line not in why]
        print(f"  {tool}/{tokenizer} failed: {why}", file=sys.stderr)
        return None
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cairn", required=True)
    ap.add_argument("--work", required=True)
    ap.add_argument("--dataset", default="small")
    ap.add_argument("--batch-size", type=int, default=256)
    ap.add_argument("--tokenizers", default="raw")
    ap.add_argument("--peers", default="slaf naive")
    ap.add_argument("--min-cells", type=int, default=100000)
    args = ap.parse_args()
    cairn = os.path.abspath(args.cairn)
    py = os.path.join(args.work, "venv", "bin", "python")
    shared = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench")
    scratch = tempfile.mkdtemp(prefix="cairn-stream-bench-")
    atexit.register(shutil.rmtree, scratch, ignore_errors=True)  # a repository and outputs of a GB or more per run
    repo = os.path.join(scratch, "atlas.cairn")
    subprocess.run([cairn, "init", repo], check=True, stdout=subprocess.DEVNULL)
    subprocess.run([cairn, "-C", repo, "import", os.path.join(args.work, "data", f"{args.dataset}.h5ad"), "--dataset", "atlas"],
                   check=True, stdout=subprocess.DEVNULL)
    # Geneformer's gene medians are a cached statistic of the version, computed once, outside the timings.
    if "geneformer" in args.tokenizers.split():
        subprocess.run([cairn, "-C", repo, "stats", "gene-medians", "-o", os.devnull], check=True)
    print(f"## Training batches, {args.dataset} atlas, batch {args.batch_size}, shuffled "
          f"(cairn: whole epoch at the Python end of the pipe, start-up included)\n")
    print("| tokenizer | cairn cells/s, median of 3 epochs | first batch | peak RSS | peer | peer cells/s steady / end-to-end | first batch | peak RSS | cairn ÷ peer (end-to-end) |")
    print("|---|---|---|---|---|---|---|---|---|")
    for tokenizer in args.tokenizers.split():
        # Three epochs (each a whole process, start-up included), the median reported: one epoch takes a
        # few seconds, and this machine's speed swings by a third from one to the next.
        epochs = [cairn_run(cairn, repo, tokenizer, args.batch_size, ["--epoch", str(epoch)], py) for epoch in range(3)]
        mine = sorted(epochs, key=lambda run: run["cells_per_s"])[1]
        rates = ", ".join(f"{run['cells_per_s']:,.0f}" for run in epochs)
        row = f"| {tokenizer} | {mine['cells_per_s']:,.0f} (median of {rates}) | {mine['first_batch_s']:.2f} s | {mine['peak_rss_mb']:.0f} MiB"
        peers = []
        for peer in args.peers.split():
            peer_tokenizer = tokenizer if peer == "slaf" else "geneformer"
            if peer == "naive" and tokenizer == "scgpt":
                continue
            result = peer_run(py, shared, args.work, peer, peer_tokenizer, args.batch_size, args.dataset, args.min_cells)
            if result:
                peers.append((peer, result))
        if not peers:
            print(row + " | — | — | — | — | — |")
        for peer, result in peers:
            end_to_end = result["cells_per_s_incl_first"]
            print(row + f" | {peer} ({result['tokenizer']}) | {result['cells_per_s']:,.0f} / {end_to_end:,.0f} | "
                  f"{result['first_batch_s']:.1f} s | {result['peak_rss_mb']:.0f} MiB | {mine['cells_per_s'] / end_to_end:.1f}× |")
    print("\ncairn's epoch: " + ", ".join(f"{k} {v}" for k, v in mine.items() if k in ("cells", "batches")))
    # Batch diversity: distinct fragments (≈ 700-cell runs of the atlas) per batch, beside a true permutation.
    import numpy as np
    starts = fragment_starts(cairn, repo)
    permutation = np.random.default_rng(0).permutation(int(mine["ids"].max()) + 1)
    print(f"batch diversity: {diversity(mine['ids'], args.batch_size, starts):.1f} distinct fragments per batch of {args.batch_size} "
          f"(a true random permutation: {diversity(permutation, args.batch_size, starts):.1f}; {len(starts)} fragments)")


if __name__ == "__main__":
    main()
