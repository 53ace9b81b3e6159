import Dispatch
import Foundation
import Stream

// Tokenizer-only timings (swift run -c release TokenizerBench): synthetic cells of ~1,500 non-zeros over a
// 20,000-gene registry, in batches of 1,024, on one thread and on every core.
let geneCount = 20_000, cellsPerBatch = 1024, batches = 24, nonZeros = 1500
var random = SeededRandom(seed: 1, epoch: 0, cellID: 0)
let features = (0..<geneCount).map { "ENSG\($0)" }
let medians = GeneMedians(values: Dictionary(uniqueKeysWithValues: features.map { ($0, 0.5 + random.nextUnit() * 4) }))
let cellBatches: [CellBatch] = (0..<batches).map { b in
    var offsets = [0], genes: [Int32] = [], values: [Double] = []
    for _ in 0..<cellsPerBatch {
        var chosen = Set<Int32>()
        while chosen.count < nonZeros { chosen.insert(Int32(random.nextIndex(below: geneCount))) }
        for gene in chosen.sorted() {
            genes.append(gene)
            values.append(Double(1 + random.nextIndex(below: 6) * random.nextIndex(below: 6)))
        }
        offsets.append(genes.count)
    }
    return CellBatch(cellIDs: (0..<cellsPerBatch).map { Int64(b * cellsPerBatch + $0) }, offsets: offsets, genes: genes, values: values, valueType: .int32)
}

func measure(_ name: String, _ tokenizer: any CellTokenizer) throws {
    let context = TokenizationContext(seed: 7, epoch: 0)
    _ = try tokenizer.tokenize(cellBatches[0], context: context)
    var start = DispatchTime.now().uptimeNanoseconds
    for batch in cellBatches { _ = try tokenizer.tokenize(batch, context: context) }
    let one = Double(batches * cellsPerBatch) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: batches) { _ = try? tokenizer.tokenize(cellBatches[$0], context: context) }
    let all = Double(batches * cellsPerBatch) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    print("\(name): \(Int(one)) cells/s on 1 thread, \(Int(all)) cells/s on \(cores) cores")
}

let geneformer = try GeneformerTokenizer(features: features, vocabulary: .built(features: features, specials: GeneVocabulary.geneformerSpecials),
                                         medians: medians, valueType: .int32, options: .init(maxGenes: 2048, specialTokens: true))
try measure("geneformer (max-genes 2048)", geneformer)
let scgpt = try ScGPTTokenizer(features: features, vocabulary: .built(features: features, specials: GeneVocabulary.scGPTSpecials),
                               valueType: .int32, options: .init(maxGenes: 1199, bins: 51))
try measure("scgpt (max-genes 1199, 51 bins)", scgpt)
