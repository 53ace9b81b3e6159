import CGit2

extension GitRepository {
    /// The value of `key` in the repository's own config (`git/config`), or nil.
    public func configValue(_ key: String) throws -> String? {
        switch readsLooseFiles ? loose.configValue(key) : .unknown {
        case .found(let value): return value
        case .absent: return nil
        case .unknown: break
        }
        return try withConfig { config in
            var entry: UnsafeMutablePointer<git_config_entry>?
            let code = libgit2.config_get_entry(&entry, config, key)
            if code == GIT_ENOTFOUND.rawValue { return nil }
            try gitCheck(code, "read config '\(key)'")
            defer { libgit2.config_entry_free(entry) }
            // A name without `= value` is git's shorthand for true.
            return entry.map { $0.pointee.value.map { String(cString: $0) } ?? "true" }
        }
    }

    /// Sets `key` in `git/config`.
    public func setConfigValue(_ key: String, _ value: String) throws {
        try withConfig { config in
            _ = try gitCheck(libgit2.config_set_string(config, key, value), "set config '\(key)'")
        }
    }

    /// Removes `key` from `git/config` (no error when it is not set).
    public func removeConfigValue(_ key: String) throws {
        try withConfig { config in
            let code = libgit2.config_delete_entry(config, key)
            if code != GIT_ENOTFOUND.rawValue { _ = try gitCheck(code, "remove config '\(key)'") }
        }
    }

    /// Every `(name, value)` of the repository config whose name matches the regular expression `pattern`.
    public func configEntries(matching pattern: String) throws -> [(name: String, value: String)] {
        try withConfig { config in
            var iterator: OpaquePointer?
            try gitCheck(libgit2.config_iterator_glob_new(&iterator, config, pattern), "list config '\(pattern)'")
            defer { libgit2.config_iterator_free(iterator) }
            var result: [(String, String)] = []
            var entry: UnsafeMutablePointer<git_config_entry>?
            while libgit2.config_next(&entry, iterator) == 0, let current = entry {
                result.append((String(cString: current.pointee.name), String(cString: current.pointee.value)))
            }
            return result
        }
    }

    /// The repository-level config only (not the user's ~/.gitconfig): what cairn writes, it reads back.
    private func withConfig<Result>(_ body: (OpaquePointer?) throws -> Result) throws -> Result {
        try withHandle { repository in
            var config: OpaquePointer?
            try gitCheck(libgit2.repository_config(&config, repository), "open config")
            defer { libgit2.config_free(config) }
            var local: OpaquePointer?
            let code = libgit2.config_open_level(&local, config, GIT_CONFIG_LEVEL_LOCAL)
            if code == GIT_ENOTFOUND.rawValue { return try body(config) }
            try gitCheck(code, "open repository config")
            defer { libgit2.config_free(local) }
            return try body(local)
        }
    }
}
