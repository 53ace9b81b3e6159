import ArgumentParser
import Foundation
import Interchange
import Lake
import Stream

extension TokenizerChoice.Kind: ExpressibleByArgument {}

/// `--shard i/n`.
struct ShardSpec: ExpressibleByArgument {
    var index: Int
    var count: Int

    init?(argument: String) {
        let parts = argument.split(separator: "/")
        guard parts.count == 2, let i = Int(parts[0]), let n = Int(parts[1]), n >= 1, (1...n).contains(i) else { return nil }
        index = i - 1
        count = n
    }
}

/// `--max-memory 512M`: bytes, with an optional K, M or G (powers of 1024).
struct ByteSize: ExpressibleByArgument {
    var bytes: Int

    init?(argument: String) {
        let units: [Character: Int] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30]
        var text = argument.uppercased()
        if text.hasSuffix("B") && text.count > 1 && units[text.dropLast().last ?? " "] != nil { text.removeLast() }
        let scale = text.last.flatMap { units[$0] } ?? 1
        if scale > 1 { text.removeLast() }
        guard let value = Double(text), value > 0, value * Double(scale) < Double(Int.max) else { return nil }
        bytes = Int(value * Double(scale))
    }
}

struct StreamCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stream",
        abstract: "Stream shuffled, sharded, tokenized training batches as Arrow IPC.",
        discussion: """
        Writes an Arrow IPC stream (pyarrow.ipc.open_stream reads it) to standard output or -o FILE: one \
        record batch per training batch, with cell_id, the --columns labels and the tokenizer's columns. \
        The same version, seed, epoch and shard give the same bytes. Shards are disjoint, cover every \
        selected cell and yield the same number of batches (short shards repeat cells; --drop-last drops \
        instead). A closed pipe ends the stream quietly.
        """)

    @OptionGroup var repository: RepositoryOptions
    @OptionGroup var revision: RevisionOptions

    @Option(help: "How cells become tokens: raw (each cell's gene ids and values as lists), geneformer (rank-value encoding) or scgpt (binned values).")
    var tokenizer: TokenizerChoice.Kind = .raw

    @Option(help: "Genes per cell (geneformer default 2048, scgpt 1199; special tokens not counted).")
    var maxGenes: Int?

    @Option(help: ArgumentHelp("The model's vocabulary, JSON {feature_id: token} (default: built from the registry).", valueName: "file"),
            completion: .file())
    var vocab: String?

    @Option(help: ArgumentHelp("Geneformer's gene medians, JSON {feature_id: median} (default: computed over this version, cached).", valueName: "file"),
            completion: .file())
    var geneMedians: String?

    @Flag(help: "Geneformer V2: <cls> first and <eos> last.")
    var specialTokens = false

    @Option(help: "scGPT's number of value bins.")
    var nBins = 51

    @Option(help: "A numeric cells column holding each cell's total count (default: the sum of its values).")
    var nCountsColumn: String?

    @Flag(help: "Tokenize a matrix of non-integer (already normalized) values instead of refusing it.")
    var allowNormalized = false

    @Option(help: "Cells per batch.")
    var batchSize = 256

    @Flag(help: "Shuffle: permute fragments and blocks of cells, then mix through a shuffle buffer.")
    var shuffle = false

    @Option(help: "The shuffle's seed.")
    var seed: UInt64 = 0

    @Option(help: "The epoch: a different order for each.")
    var epoch = 0

    @Option(help: ArgumentHelp("This process's part of the cells, i/n (e.g. DDP rank × workers).", valueName: "i/n"))
    var shard: ShardSpec?

    @Flag(help: "Drop each shard's cells past the shortest shard's last full batch, instead of repeating cells.")
    var dropLast = false

    @Option(help: "Cells held by the shuffle buffer.")
    var shuffleBuffer = 4096

    @Option(help: ArgumentHelp("Bound the process's memory (e.g. 512M, 2G): the shuffle buffer shrinks to fit.", valueName: "size"))
    var maxMemory: ByteSize?

    @Option(help: "Batches of the epoch to skip (resume after a crash).")
    var skipBatches = 0

    @Option(name: .customLong("where"), help: "A SQL condition over cells choosing the training cells.")
    var condition: String?

    @Option(help: ArgumentHelp("cells columns sent with each batch, comma-separated.", valueName: "a,b"))
    var columns: String?

    @Option(help: "The matrix: X (default), or a layer's name.")
    var matrix = "X"

    @Option(help: ArgumentHelp("Split fractions, e.g. train=0.9,val=0.1 (with --use).", valueName: "parts"))
    var split: String?

    @Option(help: "The cells column whose value decides a cell's split part (default: the cell id).")
    var splitBy: String?

    @Option(help: "The split's seed.")
    var splitSeed: UInt64 = 0

    @Option(help: "The split part to stream.")
    var use: String?

    @Option(name: .shortAndLong, help: "Write to this file instead of standard output ('-' is standard output).", completion: .file())
    var output: String?

    func validate() throws {
        if (split == nil) != (use == nil) { throw ValidationError("--split and --use go together") }
        if splitBy != nil && split == nil { throw ValidationError("--split-by needs --split") }
    }

    func run() throws {
        signal(SIGPIPE, SIG_IGN)  // a closed pipe comes back as EPIPE: the stream ends quietly
        let snapshot = try repository.openForReading().snapshot(at: revision.revision)
        var request = StreamRequest()
        request.matrix = matrix
        request.condition = condition
        request.countsColumn = nCountsColumn
        request.columns = columns.map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } } ?? []
        if let split, let use { request.split = try SplitRule(parts: split, column: splitBy, seed: splitSeed, use: use) }
        request.options.batchSize = batchSize
        request.options.shuffle = shuffle
        request.options.seed = seed
        request.options.epoch = epoch
        request.options.shard = shard?.index ?? 0
        request.options.shards = shard?.count ?? 1
        request.options.dropLast = dropLast
        request.options.shuffleBuffer = shuffleBuffer
        request.options.skipBatches = skipBatches
        request.options.maxMemory = maxMemory?.bytes
        let stream = try TrainingStream(snapshot: snapshot, request: request)
        var choice = TokenizerChoice(kind: tokenizer)
        choice.maxGenes = maxGenes
        choice.vocabularyPath = vocab
        choice.mediansPath = geneMedians
        choice.specialTokens = specialTokens
        choice.bins = nBins
        choice.allowNormalized = allowNormalized
        let cellTokenizer = try choice.make(for: stream)
        let output = self.output == "-" ? nil : self.output
        let descriptor: Int32
        if let output {
            descriptor = open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard descriptor >= 0 else { throw InterchangeWriteError(target: "'\(output)'", errno: errno) }
        } else {
            descriptor = STDOUT_FILENO
        }
        defer { if output != nil { close(descriptor) } }
        do {
            let summary = try stream.run(tokenizer: cellTokenizer, to: FileByteSink(descriptor: descriptor, name: output.map { "'\($0)'" } ?? "standard output"))
            if let output {
                FileHandle.standardError.write(Data("\(summary.batches) batches (\(summary.cells) cells) written to \(output)\n".utf8))
            }
        } catch is FileByteSink.Closed {
            return  // the reader stopped reading: not an error
        }
    }
}
