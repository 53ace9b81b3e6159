import Foundation
import History
import Lake

/// After a write: names the gene indexes that no longer describe their dataset (cells deleted,
/// fragments compacted, a dataset gone). Readers ignore those and read the fragments, so nothing is
/// wrong, only slower until `index build genes` brings them up to date.
func noteStaleGeneIndexes(_ repository: Repository, at commit: ObjectID) {
    guard let snapshot = try? repository.snapshot(at: commit.hex), let rows = try? snapshot.geneIndexStatus() else { return }
    let stale = Dictionary(grouping: rows.filter { $0.state != .current }, by: \.table)
    for (table, rows) in stale.sorted(by: { $0.key < $1.key }) {
        let matrix = (try? snapshot.matrixName(ofTable: table)) ?? table
        let names = rows.map { "\($0.dataset) (\($0.state.rawValue))" }.joined(separator: ", ")
        let option = matrix == "X" ? "" : " --matrix \(matrix)"
        FileHandle.standardError.write(Data("cairn: note: the gene index of \(matrix) does not cover \(names): `cairn index build genes\(option)` brings it up to date\n".utf8))
    }
}
