/// Failures of the dataset model, each one line naming what was wrong.
public enum LakeError: Error, Equatable, CustomStringConvertible {
    case notARepository(String)
    case repositoryExists(String)
    case unsupportedFormat(String)
    case unknownTable(String, revision: String)
    case invalidTableName(String)
    case schemaMismatch(table: String, source: String, detail: String)
    case unknownObject(String)
    case ambiguousObject(String)
    case objectNotLocal(String)
    case corruptManifest(path: String, detail: String)
    case corruptDeletionVector(String)
    case emptySource(String)
    case conflict(String)
    case unknownColumn(String, table: String)
    case unknownDataset(String, revision: String)
    case unknownMatrix(String, revision: String)
    case invalidArgument(String)
    /// A write while HEAD is detached at the given commit.
    case detachedHead(String)
    /// `branch -d` of the branch HEAD follows.
    case deletingCurrentBranch(String)
    /// `branch -d` of a branch whose commits HEAD does not contain.
    case branchNotMerged(String, head: String)

    public var description: String {
        switch self {
        case .notARepository(let path): return "not a cairn repository (or any parent up to /): \(path)"
        case .repositoryExists(let path): return "'\(path)' already exists and is not an empty directory"
        case .unsupportedFormat(let detail): return detail
        case .unknownTable(let table, let revision): return "no table '\(table)' at \(revision)"
        case .invalidTableName(let name):
            return "invalid table name '\(name)': use letters, digits, '_' and '-', starting with a letter or '_'"
        case .schemaMismatch(let table, let source, let detail):
            return "schema mismatch appending \(source) to table '\(table)': \(detail)"
        case .unknownObject(let id): return "no data object '\(id)'"
        case .ambiguousObject(let id): return "data object prefix '\(id)' is ambiguous"
        case .objectNotLocal(let hash): return "data object \(hash) is not present locally (lazy clone): fetch it first"
        case .corruptManifest(let path, let detail): return "corrupt manifest \(path): \(detail)"
        case .corruptDeletionVector(let detail): return "corrupt deletion vector: \(detail)"
        case .emptySource(let source): return "\(source) has no columns"
        case .conflict(let detail): return "conflict: \(detail)"
        case .unknownColumn(let column, let table): return "no column '\(column)' in table '\(table)'"
        case .unknownDataset(let name, let revision): return "no dataset '\(name)' at \(revision)"
        case .unknownMatrix(let name, let revision): return "no matrix '\(name)' at \(revision) (X or a layer's name)"
        case .invalidArgument(let detail): return detail
        case .detachedHead(let commit):
            return "HEAD is detached at \(commit): check out a branch (cairn checkout main) before writing"
        case .deletingCurrentBranch(let name):
            return "cannot delete branch '\(name)': HEAD follows it (check out another branch first)"
        case .branchNotMerged(let name, let head):
            return "branch '\(name)' is not merged into \(head): its commits would be lost (use -D to delete it anyway)"
        }
    }
}
