/// One thing `fsck` found wrong: what kind of problem, the object or ref it concerns, where that is
/// referenced from, and the details — printed as one line.
public struct IntegrityProblem: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable, CaseIterable {
        /// A data object's bytes do not hash to its name (or the file is not named by a hash).
        case corruptObject = "corrupt-object"
        /// A manifest names a data object that is not in the store.
        case missingObject = "missing-object"
        /// The object's size differs from the `bytes` its manifest records.
        case sizeMismatch = "size-mismatch"
        /// A Parquet object whose footer does not parse at the recorded range, or whose row count differs
        /// from the manifest's.
        case badParquet = "bad-parquet"
        case badDeletionVector = "bad-deletion-vector"
        /// A fragment names a dataset that has no `datasets/<name>.json` in the same commit.
        case missingDatasetRecord = "missing-dataset-record"
        /// A manifest blob that does not decode.
        case badManifest = "bad-manifest"
        /// A ref or reflog entry naming an object that does not exist (or is not a commit).
        case danglingReference = "dangling-ref"
        /// A commit, tree or blob of the history that cannot be read.
        case missingHistory = "missing-history"
    }

    public var kind: Kind
    /// The object (hash), ref or git object concerned.
    public var subject: String
    /// Where it is referenced: `commit:path`, `reflog of refs/heads/main`, or `objects/`.
    public var location: String
    public var detail: String

    public init(_ kind: Kind, _ subject: String, at location: String, _ detail: String) {
        self.kind = kind
        self.subject = subject
        self.location = location
        self.detail = detail
    }

    public var description: String { "\(kind.rawValue) \(subject) in \(location): \(detail)" }
}
