/// "Did you mean …?" suggestions for misspelled column, function, type and keyword names.
enum NearestNames {
    /// Edit distance between the lower-cased names, in characters, counting a swap of two adjacent
    /// characters as one edit (`FORM` is one edit from `FROM`).
    static func distance(_ a: String, _ b: String) -> Int {
        let x = Array(a.lowercased()), y = Array(b.lowercased())
        if x.isEmpty { return y.count }
        if y.isEmpty { return x.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: y.count + 1), count: x.count + 1)
        for i in 0...x.count { table[i][0] = i }
        for j in 0...y.count { table[0][j] = j }
        for i in 1...x.count {
            for j in 1...y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[x.count][y.count]
    }

    /// The candidates closest to `name`, best first, among those close enough to be a plausible typo
    /// (at most a third of the name's length, at least 1, at most 3 edits).
    static func suggestions(for name: String, among candidates: [String], limit: Int = 3) -> [String] {
        let budget = min(3, max(1, name.count / 3))
        var seen = Set<String>()
        let scored = candidates.compactMap { candidate -> (String, Int)? in
            guard seen.insert(candidate).inserted else { return nil }
            let d = distance(name, candidate)
            return d <= budget ? (candidate, d) : nil
        }
        return scored.sorted { $0.1 != $1.1 ? $0.1 < $1.1 : $0.0 < $1.0 }.prefix(limit).map(\.0)
    }

    /// `; did you mean 'a' or 'b'?`, or "" when nothing is close.
    static func hint(for name: String, among candidates: [String]) -> String {
        let near = suggestions(for: name, among: candidates)
        guard !near.isEmpty else { return "" }
        let quoted = near.map { "'\($0)'" }
        let list = quoted.count == 1 ? quoted[0] : quoted.dropLast().joined(separator: ", ") + " or " + quoted.last!
        return "; did you mean \(list)?"
    }
}
