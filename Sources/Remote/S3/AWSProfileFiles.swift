import Foundation

/// The INI files the AWS CLI and SDKs share: the credentials file (sections `[name]`) and the config
/// file (sections `[profile name]`, and `[default]`), at the places the environment says.
struct AWSProfileFiles {
    let environment: [String: String]

    init(environment: [String: String]) { self.environment = environment }

    /// `AWS_PROFILE` (or the CLI's older `AWS_DEFAULT_PROFILE`), else `default`.
    var profile: String { nonEmpty("AWS_PROFILE") ?? nonEmpty("AWS_DEFAULT_PROFILE") ?? "default" }
    var profileWasChosen: Bool { nonEmpty("AWS_PROFILE") ?? nonEmpty("AWS_DEFAULT_PROFILE") != nil }

    var credentialsPath: String { expand(nonEmpty("AWS_SHARED_CREDENTIALS_FILE") ?? "~/.aws/credentials") }
    var configPath: String { expand(nonEmpty("AWS_CONFIG_FILE") ?? "~/.aws/config") }

    /// The profile's keys in the credentials file; nil when the file or the section is missing.
    func credentialsSection() throws -> [String: String]? {
        try AWSProfileFiles.read(credentialsPath)?[profile]
    }

    /// The profile's keys in the config file (`[profile NAME]`; the default profile also as `[default]`).
    func configSection() throws -> [String: String]? {
        guard let sections = try AWSProfileFiles.read(configPath) else { return nil }
        return sections["profile \(profile)"] ?? (profile == "default" ? sections["default"] : nil)
    }

    func nonEmpty(_ name: String) -> String? {
        guard let value = environment[name], !value.isEmpty else { return nil }
        return value
    }

    private func expand(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/") else { return path }
        let home = nonEmpty("HOME") ?? NSHomeDirectory()
        return home + path.dropFirst()
    }

    /// The file's sections, nil when it does not exist.
    static func read(_ path: String) throws -> [String: [String: String]]? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RemoteError.unreadableFile(path, "permission denied or not a file")
        }
        return parse(String(decoding: data, as: UTF8.self))
    }

    /// Sections of `key = value` lines; names of sections are trimmed, keys lowercased. Comment lines
    /// (`#`, `;`) and indented lines (the nested settings of a `s3 =` block) are skipped.
    static func parse(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: true, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" }) {
            if rawLine.first == " " || rawLine.first == "\t" { continue }
            let line = String(rawLine).trimmingSpaces
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") {
                guard let close = line.firstIndex(of: "]") else { current = nil; continue }
                let name = String(line[line.index(after: line.startIndex)..<close]).trimmingSpaces
                    .split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let section = current, let equals = line.firstIndex(of: "=") else { continue }
            let key = String(line[..<equals]).trimmingSpaces.lowercased()
            let value = String(line[line.index(after: equals)...]).trimmingSpaces
            sections[section]?[key] = value
        }
        return sections
    }
}
