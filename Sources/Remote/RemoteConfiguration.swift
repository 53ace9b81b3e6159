import History
import Lake

/// The remotes of a repository, kept in its git config as git keeps them (`remote.<name>.url`), plus
/// the S3 settings (`endpoint`, `region`, `pathstyle`) — never credentials. A lazy clone records which
/// remote its missing objects come from in `cairn.promisor`.
public struct RemoteConfiguration {
    let git: GitRepository

    public init(_ repository: Repository) { git = repository.history }

    static let promisorKey = "cairn.promisor"

    /// Every remote, by name.
    public func all() throws -> [(name: String, settings: RemoteSettings)] {
        try git.configEntries(matching: "^remote\\..*\\.url$").map { entry in
            let name = String(entry.name.dropFirst("remote.".count).dropLast(".url".count))
            return (name, try settings(name))
        }.sorted { $0.name < $1.name }
    }

    public func settings(_ name: String) throws -> RemoteSettings {
        guard let url = try git.configValue("remote.\(name).url") else { throw RemoteError.unknownRemote(name) }
        return RemoteSettings(url: url,
                              endpoint: try git.configValue("remote.\(name).endpoint"),
                              region: try git.configValue("remote.\(name).region"),
                              pathStyle: try git.configValue("remote.\(name).pathstyle").map { $0 == "true" })
    }

    public func add(_ name: String, _ settings: RemoteSettings) throws {
        guard Self.isValidName(name) else { throw RemoteError.invalidSetting("remote name", name, "letters, digits, '-', '_' or '.'") }
        guard try git.configValue("remote.\(name).url") == nil else { throw RemoteError.remoteExists(name) }
        _ = try RemoteLocation(parsing: settings.url)
        try git.setConfigValue("remote.\(name).url", settings.url)
        try set(name, endpoint: settings.endpoint, region: settings.region, pathStyle: settings.pathStyle)
    }

    /// Changes the S3 settings of `name` (nil leaves one as it is).
    public func set(_ name: String, endpoint: String?, region: String?, pathStyle: Bool?) throws {
        if let endpoint { try git.setConfigValue("remote.\(name).endpoint", endpoint) }
        if let region { try git.setConfigValue("remote.\(name).region", region) }
        if let pathStyle { try git.setConfigValue("remote.\(name).pathstyle", pathStyle ? "true" : "false") }
    }

    /// Removes the remote, its remote-tracking refs and, if it was the promisor, that record.
    public func remove(_ name: String) throws {
        guard try git.configValue("remote.\(name).url") != nil else { throw RemoteError.unknownRemote(name) }
        for key in ["url", "endpoint", "region", "pathstyle", "conditionalwrites"] { try git.removeConfigValue("remote.\(name).\(key)") }
        for reference in try git.listReferences(prefix: "refs/remotes/\(name)/") { try git.deleteReference(reference.name) }
        if try promisor() == name { try git.removeConfigValue(Self.promisorKey) }
    }

    /// The remote a lazy clone reads missing objects from, or nil.
    public func promisor() throws -> String? { try git.configValue(Self.promisorKey) }

    func setPromisor(_ name: String) throws { try git.setConfigValue(Self.promisorKey, name) }

    /// Whether the store behind `name` was shown to honour conditional writes (checked before its first push).
    func conditionalWritesChecked(_ name: String) throws -> Bool { try git.configValue("remote.\(name).conditionalwrites") == "checked" }

    func recordConditionalWritesChecked(_ name: String) throws { try git.setConfigValue("remote.\(name).conditionalwrites", "checked") }

    static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && !name.hasPrefix(".") && !name.hasPrefix("-")
            && name.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") } && !name.contains("..")
    }
}
