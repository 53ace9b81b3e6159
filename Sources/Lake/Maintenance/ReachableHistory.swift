import History

/// Every commit reachable from every ref, HEAD and every reflog entry — what `gc` must keep and `fsck`
/// must check — and the refs or commits that could not be followed.
struct ReachableHistory {
    /// Each reachable commit once, with the first place it was reached from (for messages).
    var commits: [(id: ObjectID, tree: ObjectID, from: String)] = []
    var problems: [IntegrityProblem] = []

    init(_ git: GitRepository) throws {
        var starts: [(ObjectID, String)] = []
        var references = try git.listReferences(prefix: "refs/")
        if let head = try git.reference("HEAD") { references.insert(head, at: 0) }
        for reference in references {
            if let symbolic = reference.symbolicTarget {
                // HEAD on a branch: the branch itself is listed; an unborn one is only a problem in a
                // repository cairn made (init always commits), so report it.
                if try git.reference(symbolic) == nil {
                    problems.append(IntegrityProblem(.danglingReference, reference.name, at: "refs",
                                                     "points at '\(symbolic)', which does not exist"))
                }
            } else if let target = reference.target {
                if let commit = peel(git, target, reference: reference.name) { starts.append((commit, reference.name)) }
            }
            for (n, entry) in try git.reflog(of: reference.name).enumerated() {
                for id in [entry.newID] + (entry.oldID.map { [$0] } ?? []) {
                    let label = "reflog \(reference.name)@{\(n)}"
                    if let commit = peel(git, id, reference: label) { starts.append((commit, label)) }
                }
            }
        }
        var seen = Set<ObjectID>()
        var stack: [(ObjectID, String)] = starts.reversed()
        while let (id, from) = stack.popLast() {
            guard seen.insert(id).inserted else { continue }
            do {
                let commit = try git.commit(id)
                commits.append((id, commit.tree, from))
                for parent in commit.parents.reversed() { stack.append((parent, "parent of \(id.abbreviated())")) }
            } catch {
                problems.append(IntegrityProblem(.missingHistory, id.hex, at: from, "commit cannot be read: \(error)"))
            }
        }
    }

    /// The commit `id` names (through an annotated tag), or nil with the problem recorded.
    private mutating func peel(_ git: GitRepository, _ id: ObjectID, reference: String) -> ObjectID? {
        let kind: ObjectKind?
        do { kind = try git.objectKind(of: id) } catch {
            problems.append(IntegrityProblem(.danglingReference, reference, at: "refs", "\(id.hex) cannot be read: \(error)"))
            return nil
        }
        switch kind {
        case .commit:
            return id
        case .tag:
            do { return try git.peelToCommit(id) } catch {
                problems.append(IntegrityProblem(.danglingReference, reference, at: "refs", "tag object \(id.hex) cannot be peeled to a commit: \(error)"))
                return nil
            }
        case nil:
            problems.append(IntegrityProblem(.danglingReference, reference, at: "refs", "points at \(id.hex), which does not exist"))
            return nil
        case .some(let other):
            problems.append(IntegrityProblem(.danglingReference, reference, at: "refs", "points at a \(other.rawValue), not a commit"))
            return nil
        }
    }
}

extension GitRepository {
    /// Calls `body` with each blob under `tree` not seen before (by id), with its path; subtrees seen before
    /// are skipped whole — commits share most of their manifest, so a walk over a long history reads each
    /// manifest blob once.
    func forEachNewBlob(in tree: ObjectID, prefix: String = "", seenTrees: inout Set<ObjectID>, seenBlobs: inout Set<ObjectID>,
                        _ body: (_ path: String, _ blob: ObjectID) throws -> Void) throws {
        guard seenTrees.insert(tree).inserted else { return }
        for entry in try entries(at: "", in: tree) {
            let path = prefix.isEmpty ? entry.name : prefix + "/" + entry.name
            switch entry.kind {
            case .tree: try forEachNewBlob(in: entry.id, prefix: path, seenTrees: &seenTrees, seenBlobs: &seenBlobs, body)
            case .blob: if seenBlobs.insert(entry.id).inserted { try body(path, entry.id) }
            case .commit: continue
            }
        }
    }
}
