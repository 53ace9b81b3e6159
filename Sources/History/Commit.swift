import Foundation

/// A commit as stored: its tree (the manifest), its parents, who wrote it and why.
public struct Commit: Hashable, Sendable {
    public var id: ObjectID
    public var tree: ObjectID
    public var parents: [ObjectID]
    public var author: Signature
    public var committer: Signature
    /// The full message, as written.
    public var message: String

    public init(id: ObjectID, tree: ObjectID, parents: [ObjectID], author: Signature, committer: Signature,
                message: String) {
        self.id = id
        self.tree = tree
        self.parents = parents
        self.author = author
        self.committer = committer
        self.message = message
    }

    /// The first paragraph of the message joined into one line, as `git log --oneline` shows it.
    public var summary: String {
        let lines = message.split(separator: "\n", omittingEmptySubsequences: false)
        var paragraph: [Substring] = []
        for line in lines {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty {
                if paragraph.isEmpty { continue }
                break
            }
            paragraph.append(Substring(trimmed))
        }
        return paragraph.joined(separator: " ")
    }

    /// Whether this commit joins two or more lines of history.
    public var isMerge: Bool { parents.count > 1 }
}
