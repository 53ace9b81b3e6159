import Dispatch
import Foundation
import Stream

// Tokenizer-only timings (swift run -c release TokenizerBench): synthetic cells of ~1,500 non-zeros over a
// 20,000-gene registry (or real cells, see `realCells`), in batches of 1,024, on one thread and on every core.
let geneCount = 20_000, cellsPerBatch = 1024, batches = 24, nonZeros = 1500

/// Real cells instead of random ones: `TokenizerBench PREFIX MEDIANS.json`, where PREFIX.offsets (int64,
/// cells + 1), PREFIX.genes (int32) and PREFIX.values (float64) hold a CSR matrix (numpy's `tofile` of an
/// h5ad's X), PREFIX.features one feature id a line, and MEDIANS.json is a `cairn stats gene-medians` file.
func realCells(prefix: String, medians path: String) throws -> (features: [String], medians: GeneMedians, batches: [CellBatch]) {
    func load<T>(_ suffix: String, _: T.Type) throws -> [T] {
        let data = try Data(contentsOf: URL(fileURLWithPath: prefix + suffix))
        return data.withUnsafeBytes { Array($0.bindMemory(to: T.self)) }
    }
    let offsets = try load(".offsets", Int64.self).map(Int.init), genes = try load(".genes", Int32.self), values = try load(".values", Double.self)
    let features = try String(contentsOfFile: prefix + ".features", encoding: .utf8).split(separator: "\n").map(String.init)
    let batches = stride(from: 0, to: offsets.count - 1, by: cellsPerBatch).map { first in
        let last = min(first + cellsPerBatch, offsets.count - 1)
        let base = offsets[first]
        return CellBatch(cellIDs: (first..<last).map(Int64.init), offsets: offsets[first...last].map { $0 - base },
                         genes: Array(genes[base..<offsets[last]]), values: Array(values[base..<offsets[last]]), valueType: .float32)
    }
    return (features, try GeneMedians.load(path: path), batches)
}

/// Random cells of ~1,500 non-zeros over a 20,000-gene registry, with medians spread over 0.5–4.5.
func randomCells() -> (features: [String], medians: GeneMedians, batches: [CellBatch]) {
    var random = SeededRandom(seed: 1, epoch: 0, cellID: 0)
    let features = (0..<geneCount).map { "ENSG\($0)" }
    let medians = GeneMedians(values: Dictionary(uniqueKeysWithValues: features.map { ($0, 0.5 + random.nextUnit() * 4) }))
    let batches: [CellBatch] = (0..<batches).map { b in
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
    return (features, medians, batches)
}

let (features, medians, cellBatches) = CommandLine.arguments.count == 3
    ? try realCells(prefix: CommandLine.arguments[1], medians: CommandLine.arguments[2]) : randomCells()
let valueType = cellBatches[0].valueType

func measure(_ name: String, _ tokenizer: any CellTokenizer) throws {
    let context = TokenizationContext(seed: 7, epoch: 0)
    _ = try tokenizer.tokenize(cellBatches[0], context: context)
    // One thread: the best of three passes (the machine is shared, and noise only ever slows a pass).
    let cells = cellBatches.reduce(0) { $0 + $1.count }
    var best = UInt64.max
    for _ in 0..<3 {
        let start = DispatchTime.now().uptimeNanoseconds
        for batch in cellBatches { _ = try tokenizer.tokenize(batch, context: context) }
        best = min(best, DispatchTime.now().uptimeNanoseconds - start)
    }
    let one = Double(cells) / (Double(best) / 1e9)
    let cores = ProcessInfo.processInfo.activeProcessorCount
    let start = DispatchTime.now().uptimeNanoseconds
    DispatchQueue.concurrentPerform(iterations: cellBatches.count) { _ = try? tokenizer.tokenize(cellBatches[$0], context: context) }
    let all = Double(cells) / (Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9)
    print("\(name): \(Int(one)) cells/s on 1 thread, \(Int(all)) cells/s on \(cores) cores")
}

let geneformer = try GeneformerTokenizer(features: features, vocabulary: .built(features: features, specials: GeneVocabulary.geneformerSpecials),
                                         medians: medians, valueType: valueType, options: .init(maxGenes: 2048, specialTokens: true))
try measure("geneformer (max-genes 2048)", geneformer)
let scgpt = try ScGPTTokenizer(features: features, vocabulary: .built(features: features, specials: GeneVocabulary.scGPTSpecials),
                               valueType: valueType, options: .init(maxGenes: 1199, bins: 51))
try measure("scgpt (max-genes 1199, 51 bins)", scgpt)
