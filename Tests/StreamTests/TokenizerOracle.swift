import Foundation
@testable import Stream

/// Runs the Python reference definitions (numpy, as Geneformer's and scGPT's code computes them) and decodes
/// their JSON answer.
enum TokenizerOracle {
    struct Failure: Error, CustomStringConvertible { var description: String }

    static func run<T: Decodable>(_ script: String, arguments: [String] = [], as: T.Type) throws -> T {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async { errData = err.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw Failure(description: "python3 failed: \(String(decoding: errData, as: UTF8.self))")
        }
        return try JSONDecoder().decode(T.self, from: outData)
    }

    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "cairn-stream-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// A generated atlas (small counts and few distinct medians, so ties are common) and, per cell, what
    /// the references compute from it.
    struct Atlas: Decodable {
        var features: [String]
        var genes: [[Int32]]
        var values: [[Double]]
        var vocab: [String: Int]
        var scgptVocab: [String: Int]
        var medians: [String: Double]
        /// Geneformer: tokens by (value desc, gene id asc); np.argsort(-v)'s order of values; each token's value.
        var ranked: [[UInt32]]
        var argsortValues: [[Double]]
        var tokenValues: [[String: Double]]
        /// scGPT: the in-vocabulary non-zeros' tokens (gene order), their log1p values, the quantile edges
        /// and np.digitize left / right of each.
        var scgptTokens: [[UInt32]]
        var scgptLog: [[Double]]
        var edges: [[Double]]
        var left: [[Int]]
        var right: [[Int]]

        func batch(firstCellID: Int64 = 1000) -> CellBatch {
            var offsets = [0]
            for cell in genes { offsets.append(offsets.last! + cell.count) }
            return CellBatch(cellIDs: (0..<genes.count).map { firstCellID + Int64($0) }, offsets: offsets,
                             genes: genes.flatMap { $0 }, values: values.flatMap { $0 }, valueType: .int32)
        }
    }

    /// The reference steps, mirrored with numpy: Geneformer's tokenize_anndata (X / n_counts * 10000 /
    /// median on a sparse X over the genes in the token and median dictionaries, rank_genes' argsort(-v)) and scGPT's
    /// Preprocessor (normalize_total 1e4 as X / (counts / 1e4), log1p, np.quantile edges, np.digitize).
    static let atlasScript = #"""
import json, sys
import numpy as np, scipy.sparse as sp
seed, n_cells, n_genes, n_bins = (int(a) for a in sys.argv[1:5])
rng = np.random.default_rng(seed)
X = np.zeros((n_cells, n_genes), dtype=np.int64)
for i in range(n_cells):
    density = rng.uniform(0.05, 0.6)
    mask = rng.random(n_genes) < density
    X[i, mask] = rng.choice([1, 1, 1, 2, 2, 3, 5, 8, 40], size=mask.sum())
features = ["ENSG%011d" % g if g % 17 != 7 else "" for g in range(n_genes)]
specials = ["<pad>", "<mask>", "<cls>", "<eos>"]
vocab = {s: i for i, s in enumerate(specials)}
for g, f in enumerate(features):
    if f and g % 9 != 4: vocab[f] = len(vocab)
scgpt_vocab = {s: i for i, s in enumerate(["<pad>", "<cls>", "<eoc>"])}
for g, f in enumerate(features):
    if f and g % 9 != 4: scgpt_vocab[f] = len(scgpt_vocab)
medians = {f: float(rng.choice([0.5, 1.0, 1.5, 2.0, 3.7])) for g, f in enumerate(features) if f and g % 11 != 3}

# Geneformer: genes with a token and a median; n_counts over every gene of the matrix.
loc = np.array([g for g, f in enumerate(features) if f in vocab and f in medians])
norm = np.array([medians[features[g]] for g in loc])
tokens = np.array([vocab[features[g]] for g in loc])
# As tokenize_anndata runs on an h5ad's sparse X: scipy turns each division into a product by the reciprocal.
Xs = sp.csr_matrix(X)
n_counts = np.asarray(Xs.sum(axis=1))
X_norm = (Xs[:, loc] / n_counts * 10_000 / norm).toarray()
ranked, argsort_values, token_values = [], [], []
for i in range(n_cells):
    nz = np.nonzero(X_norm[i])[0]
    v, t = X_norm[i, nz], tokens[nz]
    order = np.argsort(-v)
    argsort_values.append(v[order].tolist())
    stable = np.lexsort((loc[nz], -v))
    ranked.append(t[stable].tolist())
    token_values.append({str(int(a)): float(b) for a, b in zip(t, v)})

# scGPT: the data subset to the vocabulary, then normalize_total, log1p, binning.
sloc = np.array([g for g, f in enumerate(features) if f in scgpt_vocab])
stokens = np.array([scgpt_vocab[features[g]] for g in sloc])
S = X[:, sloc]
counts = S.sum(axis=1).astype(np.float64)
counts += counts == 0
logs = np.log1p(S / (counts / 1e4)[:, None])
scgpt_tokens, scgpt_log, edges, left, right = [], [], [], [], []
for i in range(n_cells):
    nz = np.nonzero(logs[i])[0]
    row = logs[i, nz]
    scgpt_tokens.append(stokens[nz].tolist())
    scgpt_log.append(row.tolist())
    if len(row) == 0:
        edges.append([]); left.append([]); right.append([]); continue
    bins = np.quantile(row, np.linspace(0, 1, n_bins - 1))
    edges.append(bins.tolist())
    left.append(np.digitize(row, bins).tolist())
    right.append(np.digitize(row, bins, right=True).tolist())

json.dump({"features": features,
           "genes": [np.nonzero(X[i])[0].tolist() for i in range(n_cells)],
           "values": [X[i, np.nonzero(X[i])[0]].astype(float).tolist() for i in range(n_cells)],
           "vocab": vocab, "scgptVocab": scgpt_vocab, "medians": medians,
           "ranked": ranked, "argsortValues": argsort_values, "tokenValues": token_values,
           "scgptTokens": scgpt_tokens, "scgptLog": scgpt_log, "edges": edges, "left": left, "right": right}, sys.stdout)
"""#

    static func atlas(seed: Int, cells: Int, genes: Int, bins: Int = 51) throws -> Atlas {
        try run(atlasScript, arguments: ["\(seed)", "\(cells)", "\(genes)", "\(bins)"], as: Atlas.self)
    }
}
