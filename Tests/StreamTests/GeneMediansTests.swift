import Foundation
import Interchange
import Lake
import Testing
@testable import Stream

@Suite struct GeneMediansTests {
    @Test func selectionFindsExactMediansInFewPasses() {
        var random = SeededRandom(seed: 3, epoch: 0, cellID: 0)
        let geneCount = 40
        var values: [[Double]] = Array(repeating: [], count: geneCount)
        for gene in 0..<geneCount where gene % 13 != 5 {
            let n = random.nextIndex(below: 900) + (gene % 2)
            // Few distinct values (heavy ties), and spread ones, both signs of exponent.
            values[gene] = (0..<n).map { _ in
                gene % 3 == 0 ? Double(random.nextIndex(below: 4) + 1) : random.nextUnit() * pow(10, Double(gene % 7) - 3) + 1e-9
            }
        }
        for limit in [1, 16, 256] {
            var selection = NonZeroMedianSelection(geneCount: geneCount, collectLimit: limit)
            var passes = 0
            repeat {
                for gene in 0..<geneCount { for v in values[gene] { selection.observe(gene: gene, value: v) } }
                selection.endPass()
                passes += 1
            } while selection.needsPass
            for gene in 0..<geneCount {
                let sorted = values[gene].sorted()
                let expected: Double? = sorted.isEmpty ? nil
                    : sorted.count % 2 == 1 ? sorted[sorted.count / 2] : (sorted[sorted.count / 2 - 1] + sorted[sorted.count / 2]) / 2
                #expect(selection.medians[gene] == expected, "gene \(gene), limit \(limit)")
            }
            #expect(passes <= 9)
        }
    }

    static let atlasScript = #"""
import json, sys
import numpy as np, scipy.sparse as sp, anndata as ad, pandas as pd
path, seed = sys.argv[1], int(sys.argv[2])
rng = np.random.default_rng(seed)
n_cells, n_genes = 400, 90
X = np.zeros((n_cells, n_genes), dtype=np.int32)
for i in range(n_cells):
    mask = rng.random(n_genes) < rng.uniform(0.05, 0.5)
    X[i, mask] = rng.choice([1, 1, 2, 3, 4, 7, 20], size=mask.sum())
X[:, 5] = 0
ids = ["ENSG%011d" % g for g in range(n_genes)]
a = ad.AnnData(X=sp.csr_matrix(X), obs=pd.DataFrame(index=["c%d" % i for i in range(n_cells)]),
               var=pd.DataFrame({"gene_ids": ids}, index=["G%d" % g for g in range(n_genes)]))
a.write_h5ad(path)
# Geneformer's median estimation: X / n_counts * 10000, zeros masked out; numpy's exact median.
norm = X / X.sum(axis=1)[:, None] * 10_000
medians = {ids[g]: float(np.median(norm[norm[:, g] != 0, g])) for g in range(n_genes) if (norm[:, g] != 0).any()}
json.dump(medians, sys.stdout)
"""#

    @Test func computesTheExactNonZeroMediansOfAnImportedAtlasAndCachesThemByTree() throws {
        let directory = TokenizerOracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let h5ad = directory + "/atlas.h5ad"
        let expected = try TokenizerOracle.run(Self.atlasScript, arguments: [h5ad, "5"], as: [String: Double].self)
        let repository = try Repository.create(at: directory + "/atlas.cairn")
        _ = try repository.importDatasets([ImportRequest(name: "one", source: try AnnDataSource(path: h5ad))], message: "import")
        let snapshot = try repository.snapshot(at: nil)
        let computed = try GeneMedians.compute(snapshot: snapshot)
        #expect(computed.values.count == 89)
        #expect(computed.values == expected)

        let path = try GeneMedians.cachePath(snapshot: snapshot, matrix: "X")
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(try GeneMedians.cached(snapshot: snapshot) == computed)
        #expect(FileManager.default.fileExists(atPath: path))
        #expect(try GeneMedians.load(path: path) == computed)
        // The cache is read, not recomputed: a planted file comes back.
        try GeneMedians(values: ["ENSG00000000001": 42]).write(to: path)
        #expect(try GeneMedians.cached(snapshot: snapshot).values == ["ENSG00000000001": 42])
        #expect(throws: LakeError.unknownMatrix("counts", revision: "HEAD")) { try GeneMedians.cached(snapshot: snapshot, matrix: "counts") }
    }

    @Test func loadsPublishedMediansAndRejectsBadFiles() throws {
        let directory = TokenizerOracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func file(_ text: String) -> String {
            let path = directory + "/\(UUID().uuidString).json"
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }
        #expect(try GeneMedians.load(path: file(#"{"ENSG1": 1.5, "ENSG2": 3}"#)).values == ["ENSG1": 1.5, "ENSG2": 3])
        let missing = directory + "/none.json"
        #expect(throws: TokenizerError.badFile(what: "gene medians", path: missing, detail: "no such file")) { try GeneMedians.load(path: missing) }
        let notJSON = file("ENSG1,1.5")
        #expect(throws: TokenizerError.badFile(what: "gene medians", path: notJSON, detail: "not JSON")) { try GeneMedians.load(path: notJSON) }
        let text = file(#"{"ENSG1": "1.5"}"#)
        #expect(throws: TokenizerError.badFile(what: "gene medians", path: text, detail: "the value of 'ENSG1' is not a number")) {
            try GeneMedians.load(path: text)
        }
        let array = file("[1, 2]")
        #expect(throws: TokenizerError.badFile(what: "gene medians", path: array, detail: "expected a JSON object {feature_id: a number}")) {
            try GeneMedians.load(path: array)
        }
        let zero = file(#"{"ENSG1": 0}"#)
        #expect(throws: TokenizerError.badFile(what: "gene medians", path: zero, detail: "the median of 'ENSG1' is 0.0, not a positive number")) {
            try GeneMedians.load(path: zero)
        }
        let empty = file("{}")
        #expect(throws: TokenizerError.badFile(what: "gene medians", path: empty, detail: "no medians")) { try GeneMedians.load(path: empty) }
    }

    @Test func loadsVocabulariesAndRejectsBadFiles() throws {
        let directory = TokenizerOracle.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        func file(_ text: String) -> String {
            let path = directory + "/\(UUID().uuidString).json"
            FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
            return path
        }
        let vocabulary = try GeneVocabulary.load(path: file(#"{"<pad>": 0, "<cls>": 2, "ENSG1": 70000}"#))
        #expect(vocabulary["<cls>"] == 2 && vocabulary.tokenType == .uint32)
        #expect(vocabulary.tokensByGene(features: ["ENSG1", "", "ENSG9"]) == [70000, -1, -1])
        let missing = directory + "/none.json"
        #expect(throws: TokenizerError.badFile(what: "vocabulary", path: missing, detail: "no such file")) { try GeneVocabulary.load(path: missing) }
        let notJSON = file("{\"a\": ")
        #expect(throws: TokenizerError.badFile(what: "vocabulary", path: notJSON, detail: "not JSON")) { try GeneVocabulary.load(path: notJSON) }
        for (text, key) in [(#"{"ENSG1": 1.5}"#, "ENSG1"), (#"{"ENSG1": 1, "ENSG2": "x"}"#, "ENSG2"), (#"{"ENSG1": true}"#, "ENSG1"), (#"{"ENSG1": null}"#, "ENSG1")] {
            let path = file(text)
            #expect(throws: TokenizerError.badFile(what: "vocabulary", path: path, detail: "the value of '\(key)' is not an integer token")) {
                try GeneVocabulary.load(path: path)
            }
        }
        let list = file("[\"ENSG1\"]")
        #expect(throws: TokenizerError.badFile(what: "vocabulary", path: list, detail: "expected a JSON object {feature_id: an integer token}")) {
            try GeneVocabulary.load(path: list)
        }
        let negative = file(#"{"ENSG1": -4}"#)
        #expect(throws: TokenizerError.badFile(what: "vocabulary", path: negative, detail: "token -4 of 'ENSG1' is not in 0...2147483647")) {
            try GeneVocabulary.load(path: negative)
        }
        let built = GeneVocabulary.built(features: ["ENSG5", "", "ENSG3"], specials: GeneVocabulary.geneformerSpecials)
        #expect(built.tokens == ["<pad>": 0, "<mask>": 1, "<cls>": 2, "<eos>": 3, "ENSG5": 4, "ENSG3": 5])
        #expect(built.tokenType == .uint16)
    }
}
