/// A dataset's panel (position → `gene_id`) as stored in its record: runs of consecutive ids,
/// `"start+count,start+count,…"`, so that a 30,000-gene panel — usually a few runs — is a short string
/// that decodes at once rather than a JSON array of 30,000 numbers. Records written as a plain array are
/// read too.
struct GenePanel: Codable, Hashable, Sendable {
    var ids: [Int]

    init(_ ids: [Int]) { self.ids = ids }

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let array = try? container.decode([Int].self) {
            ids = array
            return
        }
        let text = try container.decode(String.self)
        var ids: [Int] = []
        for run in text.split(separator: ",") {
            let parts = run.split(separator: "+")
            guard parts.count == 2, let start = Int(parts[0]), let count = Int(parts[1]), start >= 0, count > 0, count <= 1 << 31 else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "panel run '\(run)' is not start+count")
            }
            ids.append(contentsOf: start..<(start + count))
        }
        self.ids = ids
    }

    func encode(to encoder: any Encoder) throws {
        var runs: [String] = []
        var i = 0
        while i < ids.count {
            var j = i + 1
            while j < ids.count && ids[j] == ids[j - 1] + 1 { j += 1 }
            runs.append("\(ids[i])+\(j - i)")
            i = j
        }
        var container = encoder.singleValueContainer()
        try container.encode(runs.joined(separator: ","))
    }
}
