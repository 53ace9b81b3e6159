import History

extension Repository {
    /// The local reflog of `reference` (default HEAD; a short name such as `main` or `v1` is found as
    /// git finds it), newest first: entry `n` is what `REF@{n}` names. Reflogs stay on this machine.
    public func reflog(_ reference: String?) throws -> (reference: String, entries: [ReflogEntry]) {
        let name = reference ?? "HEAD"
        let fullName: String
        if name == "HEAD" || name == "@" {
            fullName = "HEAD"
        } else if let found = try git.resolveReferenceName(name) {
            fullName = found
        } else {
            throw HistoryError.referenceNotFound(name)
        }
        return (fullName, try git.reflog(of: fullName))
    }
}
