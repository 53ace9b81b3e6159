import CGit2
import Foundation

extension GitRepository {
    /// The commits reachable from `start`, newest first: parents always after their children
    /// (topological), otherwise by commit time — the order of `git log --topo-order`.
    public func log(from start: ObjectID, limit: Int? = nil) throws -> [Commit] {
        if let limit, limit <= 0 { return [] }
        return try withHandle { repository in
            var walker: OpaquePointer?
            try gitCheck(libgit2.revwalk_new(&walker, repository), "start history walk")
            defer { libgit2.revwalk_free(walker) }
            try gitCheck(libgit2.revwalk_sorting(walker, GIT_SORT_TOPOLOGICAL.rawValue | GIT_SORT_TIME.rawValue),
                         "sort history walk")
            var startID = start.gitOID
            try gitCheck(libgit2.revwalk_push(walker, &startID), "walk history from \(start.hex)")

            var commits: [Commit] = []
            var oid = git_oid()
            while limit.map({ commits.count < $0 }) ?? true {
                let code = libgit2.revwalk_next(&oid, walker)
                if code == GIT_ITEROVER.rawValue { break }
                try gitCheck(code, "walk history from \(start.hex)")
                let id = ObjectID(oid)
                let object = try lookupObject(id, kind: .commit, in: repository)
                defer { libgit2.object_free(object) }
                commits.append(Self.commitValue(object))
            }
            return commits
        }
    }

    /// The first commit on `start`'s first-parent chain (`start` itself included) whose committer date is
    /// at or before `date`, or nil when there is none. This is the meaning of `REF@{date}` in cairn:
    /// committer dates travel with the history, unlike the local reflog git consults.
    public func firstParentCommit(from start: ObjectID, committedAtOrBefore date: Date) throws -> ObjectID? {
        var current: ObjectID? = start
        while let id = current {
            let commit = try commit(id)
            if commit.committer.date <= date { return id }
            current = commit.parents.first
        }
        return nil
    }

    /// Whether `ancestor` is `descendant` or one of its ancestors (as `git merge-base --is-ancestor`).
    public func isAncestor(_ ancestor: ObjectID, of descendant: ObjectID) throws -> Bool {
        if ancestor == descendant { return true }
        return try withHandle { repository in
            var descendantID = descendant.gitOID
            var ancestorID = ancestor.gitOID
            let code = libgit2.graph_descendant_of(repository, &descendantID, &ancestorID)
            try gitCheck(code, "check whether \(ancestor.hex) is an ancestor of \(descendant.hex)")
            return code == 1
        }
    }

    /// The best common ancestor of two commits, or nil when their histories are unrelated.
    public func mergeBase(_ first: ObjectID, _ second: ObjectID) throws -> ObjectID? {
        try withHandle { repository in
            var base = git_oid()
            var firstID = first.gitOID
            var secondID = second.gitOID
            let code = libgit2.merge_base(&base, repository, &firstID, &secondID)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try gitCheck(code, "find merge base of \(first.hex) and \(second.hex)")
            return ObjectID(base)
        }
    }
}
