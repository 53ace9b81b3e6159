import History

extension Repository {
    /// Every tag, by name, with the commit it names and its annotation.
    public func tags() throws -> [Tag] {
        try git.listTags()
    }

    /// Creates annotated tag `name` for the commit `revision` names (default HEAD). Tags are release
    /// names: an existing one is refused unless `force` (then it moves, as `git tag -f`).
    @discardableResult
    public func createTag(_ name: String, at revision: String?, message: String, force: Bool) throws -> Tag {
        guard git.isValidTagName(name) else { throw HistoryError.invalidTagName(name) }
        let target = try resolve(revision)
        return try withReferenceLock {
            if !force, try git.tag(named: name) != nil { throw HistoryError.tagExists(name) }
            try git.createTag(name: name, target: target, tagger: Signature.resolve(), message: message, force: force)
            guard let created = try git.tag(named: name) else { throw HistoryError.tagNotFound(name) }
            return created
        }
    }

    /// Deletes tag `name` and returns what it was.
    @discardableResult
    public func deleteTag(_ name: String) throws -> Tag {
        guard git.isValidTagName(name) else { throw HistoryError.invalidTagName(name) }
        return try withReferenceLock {
            guard let tag = try git.tag(named: name) else { throw HistoryError.tagNotFound(name) }
            try git.deleteTag(name, expected: tag.referenceTarget)
            return tag
        }
    }
}
