import Foundation
import Testing

/// `cairn stream` end to end: batches read with pyarrow equal the source matrices, reproducibly; shards,
/// splits and selections; a closed pipe; bad input.
@Suite struct StreamCommandTests {
    /// Two datasets with different panels and some cells without counts, imported into a repository
    /// whose fragments hold 700 entries, so cells straddle fragment boundaries.
    func atlas() throws -> (dir: String, repo: String) {
        let dir = temporaryDirectory()
        let made = try CLI.python(#"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
for name, genes, cells, seed in [("a", range(0, 40), 300, 1), ("b", range(20, 70), 200, 2)]:
    rng = np.random.default_rng(seed)
    X = sp.random(cells, len(genes), density=0.3, format="csr", random_state=seed,
                  data_rvs=lambda k: rng.integers(1, 300, k)).astype(np.int32).tolil()
    X[5, :] = 0
    X[17, :] = 0
    obs = pd.DataFrame({"cell_type": pd.Categorical(rng.choice(["B", "T", "NK"], cells)),
                        "donor": [f"{name}-D{i % 9}" for i in range(cells)]},
                       index=[f"{name}_cell{i}" for i in range(cells)])
    var = pd.DataFrame({"gene_ids": [f"ENSG{g:011d}" for g in genes]}, index=[f"G{g}" for g in genes])
    ad.AnnData(X=X.tocsr(), obs=obs, var=var).write_h5ad(f"{sys.argv[1]}/{name}.h5ad")
"""#, [dir])
        #expect(made.status == 0, "\(made.stderr)")
        let repo = dir + "/atlas.cairn"
        try expectSuccess(["init", repo])
        let config = repo + "/cairn.json"
        var json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: config))) as! [String: Any]
        json["fragment_rows"] = 700
        try JSONSerialization.data(withJSONObject: json).write(to: URL(fileURLWithPath: config))
        try expectSuccess(["-C", repo, "import", dir + "/a.h5ad", "--dataset", "a"])
        try expectSuccess(["-C", repo, "import", dir + "/b.h5ad", "--dataset", "b"])
        return (dir, repo)
    }

    /// Checks every streamed cell against the sources (by obs name and feature id); prints
    /// `cells distinct batches sizes ok`.
    static let checker = #"""
import sys, json, subprocess, numpy as np, pyarrow as pa, anndata as ad
dir, stream = sys.argv[1], sys.argv[2]
sources = {n: ad.read_h5ad(f"{dir}/{n}.h5ad") for n in "ab"}
offsets = {"a": 0, "b": 300}
features = json.loads(sys.argv[3])
ok, ids, sizes, batches = True, [], set(), 0
with open(stream, "rb") as f:
    for b in pa.ipc.open_stream(f):
        batches += 1
        d = b.to_pydict()
        sizes.add(b.num_rows)
        for cid, genes, values, donor in zip(d["cell_id"], d["genes"], d["values"], d["donor"]):
            name = "a" if cid < 300 else "b"
            src = sources[name]
            row = src.X[cid - offsets[name]]
            want = {src.var.gene_ids.iloc[j]: v for j, v in zip(row.indices, row.data)}
            got = {features[str(g)]: v for g, v in zip(genes, values)}
            if want != got or donor != src.obs.donor.iloc[cid - offsets[name]]: ok = False
        ids += d["cell_id"]
print(len(ids), len(set(ids)), batches, sorted(sizes), ok)
"""#

    func features(_ repo: String) throws -> String {
        let csv = try expectSuccess(["-C", repo, "query", "--format", "csv", "SELECT gene_id, feature_id FROM genes"])
        var map: [String: String] = [:]
        for line in csv.split(separator: "\n").dropFirst() {
            let parts = line.split(separator: ",")
            map[String(parts[0])] = String(parts[1])
        }
        return String(decoding: try JSONSerialization.data(withJSONObject: map), as: UTF8.self)
    }

    func check(_ dir: String, _ stream: String, _ features: String) throws -> String {
        let result = try CLI.python(Self.checker, [dir, stream, features])
        #expect(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    func streamIDs(_ path: String) throws -> [Int] {
        let result = try CLI.python(#"""
import sys, pyarrow as pa
with open(sys.argv[1], "rb") as f:
    print(" ".join(str(i) for b in pa.ipc.open_stream(f) for i in b.column("cell_id").to_pylist()))
"""#, [path])
        return result.stdout.split(separator: " ").compactMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    @Test func rawBatchesEqualTheSourcesInEveryOrder() throws {
        let (dir, repo) = try atlas()
        let map = try features(repo)
        let plain = dir + "/plain.arrows"
        try expectSuccess(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor,cell_type", "-o", plain])
        // 500 cells in 16 batches of 32: the last 12 repeat the first cells.
        #expect(try check(dir, plain, map) == "512 500 16 [32] True")
        #expect(try streamIDs(plain).prefix(500) == ArraySlice(0..<500))

        // '-o -' is standard output, as without -o, and leaves no file named '-'.
        let dash = try CLI.run(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor,cell_type", "-o", "-"], in: dir)
        #expect(dash.status == 0, "\(dash.stderr)")
        #expect(dash.stdoutBytes == (try Data(contentsOf: URL(fileURLWithPath: plain))))
        #expect(!FileManager.default.fileExists(atPath: dir + "/-"))

        let first = dir + "/s1.arrows", again = dir + "/s2.arrows", later = dir + "/s3.arrows"
        try expectSuccess(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor", "--shuffle", "--seed", "7", "--shuffle-buffer", "100", "-o", first])
        try expectSuccess(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor", "--shuffle", "--seed", "7", "--shuffle-buffer", "100", "-o", again])
        try expectSuccess(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor", "--shuffle", "--seed", "7", "--epoch", "1", "--shuffle-buffer", "100", "-o", later])
        #expect(try check(dir, first, map) == "512 500 16 [32] True")
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: again)))
        #expect(try streamIDs(first) != streamIDs(later))
        #expect(try streamIDs(first) != Array(0..<512))

        // A memory bound shrinks the shuffle buffer, not what is sent.
        let bounded = dir + "/bounded.arrows"
        try expectSuccess(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor", "--shuffle", "--seed", "7", "--max-memory", "100M", "-o", bounded])
        #expect(try check(dir, bounded, map) == "512 500 16 [32] True")

        // Resuming: the epoch without its first 5 batches.
        let resumed = dir + "/resumed.arrows"
        try expectSuccess(["-C", repo, "stream", "--batch-size", "32", "--columns", "donor", "--shuffle", "--seed", "7", "--shuffle-buffer", "100",
                           "--skip-batches", "5", "-o", resumed])
        #expect(try streamIDs(resumed) == Array(try streamIDs(first).dropFirst(5 * 32)))
    }

    @Test func shardsSplitsAndSelections() throws {
        let (dir, repo) = try atlas()
        var all: [Int] = []
        var counts: Set<Int> = []
        for shard in 1...3 {
            let path = "\(dir)/shard\(shard).arrows"
            try expectSuccess(["-C", repo, "stream", "--batch-size", "16", "--shuffle", "--seed", "1", "--shard", "\(shard)/3", "--drop-last", "-o", path])
            let ids = try streamIDs(path)
            counts.insert(ids.count)
            #expect(Set(ids).count == ids.count)
            all += ids
        }
        #expect(counts == [160])  // 166 cells per shard at least: ten full batches each
        #expect(Set(all).count == all.count)

        // A donor is in one split part only.
        func donors(_ part: String) throws -> Set<String> {
            let path = "\(dir)/\(part).arrows"
            try expectSuccess(["-C", repo, "stream", "--columns", "donor", "--split", "train=0.7,val=0.3", "--split-by", "donor", "--use", part,
                               "--batch-size", "8", "--drop-last", "-o", path])
            let result = try CLI.python(#"""
import sys, pyarrow as pa
with open(sys.argv[1], "rb") as f:
    print("\n".join(sorted({d for b in pa.ipc.open_stream(f) for d in b.column("donor").to_pylist()})))
"""#, [path])
            return Set(result.stdout.split(separator: "\n").map(String.init))
        }
        let train = try donors("train"), val = try donors("val")
        #expect(!train.isEmpty && !val.isEmpty)
        #expect(train.isDisjoint(with: val))
        #expect(train.union(val).count == 18)

        let chosen = dir + "/b_cells.arrows"
        try expectSuccess(["-C", repo, "stream", "--where", "cell_type = 'B' AND dataset = 'b'", "--batch-size", "4", "--drop-last", "--columns", "cell_type", "-o", chosen])
        let kinds = try CLI.python(#"""
import sys, pyarrow as pa
with open(sys.argv[1], "rb") as f:
    bs = list(pa.ipc.open_stream(f))
print(sorted({t for b in bs for t in b.column("cell_type").to_pylist()}), min(i for b in bs for i in b.column("cell_id").to_pylist()) >= 300)
"""#, [chosen])
        #expect(kinds.stdout == "['B'] True\n", "\(kinds.stderr)")
    }

    /// Geneformer through the whole pipe equals the reference definition computed from the sources with
    /// numpy (medians from `stats gene-medians`, the vocabulary built from the registry); scGPT batches have
    /// the reference's shape.
    @Test func tokenizedBatchesFollowTheReferences() throws {
        let (dir, repo) = try atlas()
        let medians = dir + "/medians.json"
        try expectSuccess(["-C", repo, "stats", "gene-medians", "-o", medians])
        let stream = dir + "/geneformer.arrows"
        try expectSuccess(["-C", repo, "stream", "--tokenizer", "geneformer", "--max-genes", "12", "--special-tokens", "--batch-size", "50", "-o", stream])
        let check = try CLI.python(#"""
import sys, json, numpy as np, pyarrow as pa, anndata as ad
dir, stream, features = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
medians = json.load(open(f"{dir}/medians.json"))
token = {f: 4 + int(g) for g, f in features.items()}  # the built vocabulary: 4 specials, then genes by gene_id
gene_of = {f: int(g) for g, f in features.items()}
cells = {}
for name, offset in (("a", 0), ("b", 300)):
    a = ad.read_h5ad(f"{dir}/{name}.h5ad")
    X = a.X.tocsr()
    for i in range(a.n_obs):
        row = X[i]
        keys = [a.var.gene_ids.iloc[j] for j in row.indices]
        total = row.data.sum()
        values = row.data.astype(np.float64) * (1 / total) * 10000 * np.array([1 / medians[k] for k in keys]) if len(keys) else np.array([])
        order = sorted(range(len(keys)), key=lambda k: (-values[k], gene_of[keys[k]]))[:12]
        cells[offset + i] = [2] + [token[keys[k]] for k in order] + [3]
ok, n = True, 0
with open(stream, "rb") as f:
    for b in pa.ipc.open_stream(f):
        for cid, ids in zip(b.column("cell_id").to_pylist(), b.column("input_ids").to_pylist()):
            n += 1
            if ids != cells[cid]: ok = False; print("cell", cid, ids, cells[cid], file=sys.stderr)
print(n, ok, str(b.schema.field("input_ids").type))
"""#, [dir, stream, try features(repo)])
        #expect(check.stdout == "500 True list<item: uint16 not null>\n", "\(check.stderr)")

        let scgpt = dir + "/scgpt.arrows"
        try expectSuccess(["-C", repo, "stream", "--tokenizer", "scgpt", "--max-genes", "8", "--n-bins", "11", "--shuffle", "--seed", "3",
                           "--batch-size", "50", "-o", scgpt])
        let shape = try CLI.python(#"""
import sys, pyarrow as pa
ok = True
with open(sys.argv[1], "rb") as f:
    for b in pa.ipc.open_stream(f):
        for ids, values in zip(b.column("input_ids").to_pylist(), b.column("values").to_pylist()):
            ok &= ids[0] == 1 and values[0] == 0 and len(ids) == len(values) <= 9 and all(1 <= v <= 10 for v in values[1:])
print(ok, str(b.schema.field("values").type))
"""#, [scgpt])
        #expect(shape.stdout == "True list<item: int8 not null>\n", "\(shape.stderr)")
    }

    /// Counts stored as float32 (as h5ad files hold them) go on the wire as the narrowest integers, their
    /// fragments' statistics recording that every value is whole; normalized values stay float32. Either
    /// way each cell's values are the source's.
    @Test func floatCountsStreamAsNarrowIntegers() throws {
        let dir = temporaryDirectory()
        let made = try CLI.python(#"""
import sys, numpy as np, pandas as pd, scipy.sparse as sp, anndata as ad
rng = np.random.default_rng(4)
X = sp.random(60, 30, density=0.4, format="csr", random_state=4, data_rvs=lambda k: rng.integers(1, 300, k)).astype(np.float32)
var = pd.DataFrame({"gene_ids": [f"ENSG{g:011d}" for g in range(30)]}, index=[f"G{g}" for g in range(30)])
obs = pd.DataFrame(index=[f"c{i}" for i in range(60)])
ad.AnnData(X=X, obs=obs, var=var).write_h5ad(sys.argv[1] + "/counts.h5ad")
Y = X.copy(); Y.data = Y.data / 7
ad.AnnData(X=Y, obs=obs, var=var).write_h5ad(sys.argv[1] + "/normalized.h5ad")
"""#, [dir])
        #expect(made.status == 0, "\(made.stderr)")
        for (name, type) in [("counts", "uint16"), ("normalized", "float")] {
            let repo = dir + "/\(name).cairn"
            try expectSuccess(["init", repo])
            try expectSuccess(["-C", repo, "import", dir + "/\(name).h5ad", "--dataset", name])
            let stream = dir + "/\(name).arrows"
            try expectSuccess(["-C", repo, "stream", "--batch-size", "20", "-o", stream])
            let check = try CLI.python(#"""
import sys, json, numpy as np, pyarrow as pa, anndata as ad
X = ad.read_h5ad(sys.argv[1]).X
features = json.loads(sys.argv[3])
ok = True
with open(sys.argv[2], "rb") as f:
    for b in pa.ipc.open_stream(f):
        for cid, genes, values in zip(b.column("cell_id").to_pylist(), b.column("genes").to_pylist(), b.column("values").to_pylist()):
            row = X[cid]
            ok &= {f"ENSG{j:011d}": float(v) for j, v in zip(row.indices, row.data)} == {features[str(g)]: float(v) for g, v in zip(genes, values)}
print(ok, str(b.schema.field("values").type))
"""#, [dir + "/\(name).h5ad", stream, try features(repo)])
            #expect(check.stdout == "True list<item: \(type) not null>\n", "\(name): \(check.stdout) \(check.stderr)")
        }
        // Geneformer takes the float counts without refusing them; the normalized values it refuses.
        try expectSuccess(["-C", dir + "/counts.cairn", "stream", "--tokenizer", "geneformer", "--batch-size", "20", "-o", dir + "/g.arrows"])
        let refused = try CLI.run(["-C", dir + "/normalized.cairn", "stream", "--tokenizer", "geneformer", "--batch-size", "20", "-o", dir + "/n.arrows"])
        #expect(refused.status != 0 && refused.stderr.contains("normalized"), "\(refused.stderr)")
    }

    /// Deleted cells are not streamed, and their entries are gone from every other cell's neighbours.
    @Test func deletedCellsAreNotStreamed() throws {
        let (dir, repo) = try atlas()
        try expectSuccess(["-C", repo, "delete", "cells", "--where", "donor IN ('a-D1', 'b-D4')", "-m", "consent withdrawn"])
        let path = dir + "/after.arrows"
        try expectSuccess(["-C", repo, "stream", "--batch-size", "10", "--drop-last", "--shuffle", "--seed", "2", "--columns", "donor", "-o", path])
        let check = try CLI.python(#"""
import sys, pyarrow as pa
with open(sys.argv[1], "rb") as f:
    bs = list(pa.ipc.open_stream(f))
donors = {d for b in bs for d in b.column("donor").to_pylist()}
ids = [i for b in bs for i in b.column("cell_id").to_pylist()]
print(sorted(donors & {"a-D1", "b-D4"}), len(ids), len(set(ids)))
"""#, [path])
        // a: 300 cells, 34 of donor a-D1 (i % 9 == 1); b: 200 cells, 22 of b-D4: 444 left, 440 in full batches.
        #expect(check.stdout == "[] 440 440\n", "\(check.stderr)")
    }

    @Test func aClosedPipeEndsTheStreamQuietly() throws {
        let (_, repo) = try atlas()
        let result = try CLI.runProcess("/bin/bash", ["-c", "set -o pipefail; '\(CLI.binary)' -C '\(repo)' stream --batch-size 1 | head -c 2000 > /dev/null"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.isEmpty)
    }

    @Test func aPipeOnStandardOutputGetsAMebibyteBuffer() throws {
        let (_, repo) = try atlas()
        // Where the system caps pipes below 1 MiB for this user, the request is refused and nothing changes.
        let cap = (try? String(contentsOfFile: "/proc/sys/fs/pipe-max-size", encoding: .utf8)).flatMap { Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) } ?? 0
        let script = """
        import fcntl, subprocess, sys
        p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE)
        p.stdout.read()
        print(fcntl.fcntl(p.stdout.fileno(), 1032))  # F_GETPIPE_SZ
        sys.exit(p.wait())
        """
        let result = try CLI.runProcess("/usr/bin/env", ["python3", "-c", script, CLI.binary, "-C", repo, "stream", "--batch-size", "8"])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout == (cap >= 1 << 20 ? "1048576\n" : "65536\n"), "\(result.stderr)")
    }

    /// The python with torch and pyarrow: the bench venv's, when there is one (CI has no torch).
    static let torchPython: String? = {
        for candidate in [ProcessInfo.processInfo.environment["CAIRN_TORCH_PYTHON"], "/tmp/cairn-bench/venv/bin/python"].compactMap({ $0 })
        where FileManager.default.isExecutableFile(atPath: candidate) {
            if let check = try? CLI.runProcess(candidate, ["-c", "import torch, pyarrow"]), check.status == 0 { return candidate }
        }
        return nil
    }()

    @Test(.enabled(if: torchPython != nil, "needs a python with torch (CAIRN_TORCH_PYTHON)"))
    func theExampleTrainingLoopRuns() throws {
        let (_, repo) = try atlas()
        let examples = CLI.packageRoot + "/examples"
        let result = try CLI.runProcess(Self.torchPython!, [examples + "/train_stream.py", repo, "cell_type", CLI.binary], in: examples)
        #expect(result.status == 0, "\(result.stderr)")
        // Two workers, two shards of 250 cells: four batches of 64 each, every epoch.
        #expect(result.stdout.contains("epoch 0: 512 cells") && result.stdout.contains("epoch 1: 512 cells"), "\(result.stdout)")
    }

    /// The example's collate pads exactly as torch's pad_sequence does (cells of every length, empty ones
    /// and a batch of only empty cells included), for token ids and for values.
    @Test(.enabled(if: torchPython != nil, "needs a python with torch (CAIRN_TORCH_PYTHON)"))
    func theExampleCollatePadsAsPadSequenceDoes() throws {
        let script = """
        import sys, numpy as np, pyarrow as pa, torch
        sys.path.insert(0, sys.argv[1])
        from stream_dataset import padded
        rng = np.random.default_rng(3)
        for lengths in ([3, 0, 7, 1, 7], [0, 0], [5], list(rng.integers(0, 40, 64))):
            offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
            for dtype, values in ((torch.int64, rng.integers(0, 60000, offsets[-1]).astype(np.uint16)),
                                  (torch.float32, rng.random(offsets[-1]).astype(np.float32))):
                column = pa.ListArray.from_arrays(pa.array(offsets), pa.array(values))
                flat = torch.from_numpy(values.astype(np.int64 if dtype == torch.int64 else np.float32))
                cells = list(torch.split(flat, list(map(int, lengths))))
                # The whole column, and a slice of it (its offsets then start past zero).
                for first, count in ((0, len(lengths)), (1, len(lengths) - 1))[:1 if len(lengths) < 2 else 2]:
                    got, got_lengths = padded(column.slice(first, count), dtype)
                    want = torch.nn.utils.rnn.pad_sequence(cells[first:first + count], batch_first=True)
                    assert got.dtype == dtype and torch.equal(got, want), (lengths, first, got, want)
                    assert got_lengths.tolist() == list(map(int, lengths[first:first + count]))
        print("ok")
        """
        let result = try CLI.runProcess(Self.torchPython!, ["-c", script, CLI.packageRoot + "/examples"])
        #expect(result.status == 0 && result.stdout == "ok\n", "\(result.stderr)")
    }

    /// The collate's buffers: a batch still held (whole, or by a view of it) keeps its memory; a batch let
    /// go of gives its memory to the next one, padding zeroed again.
    @Test(.enabled(if: torchPython != nil, "needs a python with torch (CAIRN_TORCH_PYTHON)"))
    func theExampleCollateReusesOnlyReleasedMemory() throws {
        let script = """
        import sys, numpy as np, pyarrow as pa, torch
        sys.path.insert(0, sys.argv[1])
        from stream_dataset import padded
        def column(lengths, fill):
            offsets = np.concatenate([[0], np.cumsum(lengths)]).astype(np.int32)
            return pa.ListArray.from_arrays(pa.array(offsets), pa.array(np.full(offsets[-1], fill, np.uint16)))
        wide, narrow = column([9, 9, 9], 7), column([1, 4, 2], 5)
        a, _ = padded(wide, torch.int64)
        b, _ = padded(wide, torch.int64)
        assert a.data_ptr() != b.data_ptr() and (a == 7).all()  # a is held: b has memory of its own
        view = a[1:, :2]
        del a
        c, _ = padded(narrow, torch.int64)
        assert c.data_ptr() != view.data_ptr() - 9 * 8 and (view == 7).all()  # the view still holds a's memory
        released = b.data_ptr()
        del b
        d, _ = padded(narrow, torch.int64)
        want = torch.tensor([[5, 0, 0, 0], [5, 5, 5, 5], [5, 5, 0, 0]])
        assert d.data_ptr() == released and torch.equal(d, want), (d, want)  # b's memory, padding zeroed
        assert torch.equal(c, want) and (view == 7).all()
        print("ok")
        """
        let result = try CLI.runProcess(Self.torchPython!, ["-c", script, CLI.packageRoot + "/examples"])
        #expect(result.status == 0 && result.stdout == "ok\n", "\(result.stderr)")
    }

    @Test func badStreamRequestsAreRefused() throws {
        let (_, repo) = try atlas()
        for (arguments, mention) in [
            (["--columns", "donr"], "donr"),
            (["--shard", "0/3"], "--shard"),
            (["--shard", "4/3"], "--shard"),
            (["--matrix", "spliced"], "no matrix 'spliced'"),
            (["--where", "cell_type =="], "--where"),
            (["--split", "train=0.5,val=0.4", "--use", "val"], "add up"),
            (["--split", "train=1", "--use", "test"], "no split part 'test'"),
            (["--split", "train=1"], "--use"),
            (["--batch-size", "0"], "batch-size"),
            (["--tokenizer", "geneformer", "--vocab", "/nonexistent.json"], "nonexistent"),
            (["--tokenizer", "geneformer", "--gene-medians", "/nonexistent.json"], "nonexistent"),
            (["--tokenizer", "scgpt", "--max-genes", "0"], "max-genes"),
            (["--n-counts-column", "donor"], "donor"),
            (["--max-memory", "1M"], "--max-memory"),
            (["--max-memory", "lots"], "--max-memory"),
        ] {
            let result = try CLI.run(["-C", repo, "stream", "-o", "/dev/null"] + arguments)
            #expect(result.status != 0, "\(arguments)")
            // One line names the problem (argument errors add the usage after it).
            #expect(result.stderr.split(separator: "\n").first?.contains(mention) == true, "\(arguments): \(result.stderr)")
        }
    }
}
