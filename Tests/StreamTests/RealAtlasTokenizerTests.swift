import Foundation
import Interchange
import Lake
import Testing
@testable import Stream

/// The Geneformer tokenizer on a real Cell Ranger matrix imported into a repository, with the medians
/// cairn computes from it, against numpy running the reference's steps on the source file.
@Suite struct RealAtlasTokenizerTests {
    static let tenX = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path + "/../shared/data/10x-v3/filtered_feature_bc_matrix.h5"

    static let oracle = #"""
import json, sys, h5py, numpy as np, scipy.sparse as sp
f = h5py.File(sys.argv[1])["matrix"]
vocab, medians = json.load(open(sys.argv[2])), json.load(open(sys.argv[3]))
n_genes, n_cells = f["shape"][:]
X = sp.csc_matrix((f["data"][:], f["indices"][:], f["indptr"][:]), shape=(n_genes, n_cells)).T.tocsr()
ids = [i.decode() for i in f["features"]["id"][:]]
loc = np.array([g for g, i in enumerate(ids) if i in vocab and i in medians])
norm = np.array([medians[ids[g]] for g in loc])
tokens = np.array([vocab[ids[g]] for g in loc])
n_counts = np.asarray(X.sum(axis=1))
X_norm = sp.csr_matrix(X[:, loc] / n_counts * 10_000 / norm)
out = []
for i in range(X_norm.shape[0]):
    row = X_norm[i]
    v, t = row.data, tokens[row.indices]
    order = np.lexsort((t, -v))  # ties by token, which a built vocabulary orders as gene ids
    out.append([vocab["<cls>"]] + t[order][:2046].tolist() + [vocab["<eos>"]])
json.dump(out, sys.stdout)
"""#

    @Test(.enabled(if: FileManager.default.fileExists(atPath: tenX)))
    func geneformerMatchesTheReferenceOnACellRangerMatrix() throws {
        let directory = TokenizerOracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let repository = try Repository.create(at: directory + "/atlas.cairn")
        _ = try repository.importDatasets([ImportRequest(name: "pbmc", source: try SingleCellFileSource.open(path: Self.tenX))], message: "import")
        let snapshot = try repository.snapshot(at: nil)
        let features = try snapshot.registryFeatures()
        let medians = try GeneMedians.cached(snapshot: snapshot)
        let vocabulary = GeneVocabulary.built(features: features, specials: GeneVocabulary.geneformerSpecials)
        try JSONEncoder().encode(vocabulary.tokens).write(to: URL(fileURLWithPath: directory + "/vocab.json"))
        try medians.write(to: directory + "/medians.json")

        // The whole matrix as one batch, cells in id order, genes ascending within each cell.
        var entries: [(cell: Int64, gene: Int32, value: Double)] = []
        try snapshot.scan("expression", columns: ["cell_id", "gene_id", "value"]) { batch in
            guard case .int64(let cells) = batch.columns[0].buffer, case .int64(let genes) = batch.columns[1].buffer,
                  case .int32(let values) = batch.columns[2].buffer else { Issue.record("unexpected column types"); return }
            for i in 0..<batch.rowCount { entries.append((cells[i], Int32(genes[i]), Double(values[i]))) }
        }
        entries.sort { ($0.cell, $0.gene) < ($1.cell, $1.gene) }
        let cellIDs = Array(Set(entries.map(\.cell))).sorted()
        var offsets = [0]
        var k = 0
        for cell in cellIDs {
            while k < entries.count && entries[k].cell == cell { k += 1 }
            offsets.append(k)
        }
        let batch = CellBatch(cellIDs: cellIDs, offsets: offsets, genes: entries.map(\.gene), values: entries.map(\.value), valueType: .int32)
        let tokenizer = try GeneformerTokenizer(features: features, vocabulary: vocabulary, medians: medians, valueType: .int32,
                                                options: .init(maxGenes: 2046, specialTokens: true))
        let encoded = try tokenizer.rankValueEncoding(batch)
        let expected = try TokenizerOracle.run(Self.oracle, arguments: [Self.tenX, directory + "/vocab.json", directory + "/medians.json"],
                                               as: [[UInt32]].self)
        #expect(cellIDs.count == expected.count)
        for i in 0..<min(cellIDs.count, expected.count) {
            let cell = Array(encoded.tokens[Int(encoded.offsets[i])..<Int(encoded.offsets[i + 1])])
            #expect(cell == expected[i], "cell \(i)")
        }
    }
}
