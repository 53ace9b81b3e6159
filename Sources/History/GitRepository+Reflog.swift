import CGit2
import Foundation

/// One move of a reference, as its reflog records it.
public struct ReflogEntry: Hashable, Sendable {
    /// Where the reference pointed before (nil: it did not exist).
    public var oldID: ObjectID?
    /// Where it pointed after.
    public var newID: ObjectID
    public var message: String
    /// Who moved it, and when (`committer.date`).
    public var committer: Signature

    public var date: Date { committer.date }

    public init(oldID: ObjectID?, newID: ObjectID, message: String, committer: Signature) {
        self.oldID = oldID
        self.newID = newID
        self.message = message
        self.committer = committer
    }
}

extension GitRepository {
    /// The reflog of reference `name` (full name, e.g. `refs/heads/main` or `HEAD`), newest first
    /// — the order of `git reflog`, so that entry `n` is `name@{n}`. Empty when there is none.
    public func reflog(of name: String) throws -> [ReflogEntry] {
        try withHandle { repository in
            var reflog: OpaquePointer?
            try gitCheck(libgit2.reflog_read(&reflog, repository, name), "read reflog of '\(name)'")
            defer { libgit2.reflog_free(reflog) }
            let count = libgit2.reflog_entrycount(reflog)
            var entries: [ReflogEntry] = []
            entries.reserveCapacity(count)
            // Index 0 is the most recent entry.
            for index in 0..<count {
                guard let entry = libgit2.reflog_entry_byindex(reflog, index) else { continue }
                let oldID = ObjectID(libgit2.reflog_entry_id_old(entry)!)
                entries.append(ReflogEntry(
                    oldID: oldID == ObjectID.zero ? nil : oldID,
                    newID: ObjectID(libgit2.reflog_entry_id_new(entry)!),
                    message: libgit2.reflog_entry_message(entry).map { String(cString: $0) } ?? "",
                    committer: Signature(libgit2.reflog_entry_committer(entry)!)))
            }
            return entries
        }
    }
}

extension ObjectID {
    /// The all-zero id git uses for "no object" (e.g. the old side of a ref's creation).
    static let zero = ObjectID(bytes: [UInt8](repeating: 0, count: ObjectID.byteCount))!
}
