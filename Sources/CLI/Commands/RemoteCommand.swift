import ArgumentParser
import Foundation
import Lake
import Remote

struct RemoteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remote",
        abstract: "List, add, change or remove the remotes a repository pushes to and fetches from.",
        discussion: """
        A remote is an S3 bucket and prefix (s3://bucket/atlas), a directory (file:///mnt/share/atlas.cairn) \
        or a static web server (https://host/atlas.cairn, read-only). Settings live in the repository's git \
        config; credentials never do: they come from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / \
        AWS_SESSION_TOKEN or a ~/.aws/credentials profile (AWS_PROFILE), the region and endpoint from \
        AWS_REGION and AWS_ENDPOINT_URL_S3 / AWS_ENDPOINT_URL unless set here per remote.
        """,
        subcommands: [RemoteListCommand.self, RemoteAddCommand.self, RemoteSetCommand.self, RemoteRemoveCommand.self],
        defaultSubcommand: RemoteListCommand.self)
}

/// `--endpoint`, `--region`, `--path-style`: how to reach an S3-compatible store (MinIO, R2, Ceph, moto).
struct S3SettingOptions: ParsableArguments {
    @Option(help: ArgumentHelp("The S3 endpoint, for stores other than AWS (http://127.0.0.1:9000).", valueName: "url"))
    var endpoint: String?

    @Option(help: "The signing region (default: AWS_REGION, the profile's region, else us-east-1).")
    var region: String?

    @Option(name: .customLong("path-style"), help: ArgumentHelp("Path-style addressing, true or false (default: true with --endpoint, else false).", valueName: "bool"))
    var pathStyle: Bool?
}

struct RemoteListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "List the remotes (-v: with URLs and settings).")

    @OptionGroup var repository: RepositoryOptions

    @Flag(name: .shortAndLong, help: "Show each remote's URL and settings.")
    var verbose = false

    func run() throws {
        let configuration = RemoteConfiguration(try repository.open())
        let promisor = try configuration.promisor()
        for (name, settings) in try configuration.all() {
            guard verbose else { emit("\(name)\n"); continue }
            var extras: [String] = []
            if let endpoint = settings.endpoint { extras.append("endpoint=\(endpoint)") }
            if let region = settings.region { extras.append("region=\(region)") }
            if let pathStyle = settings.pathStyle { extras.append("path-style=\(pathStyle)") }
            if promisor == name { extras.append("promisor") }
            emit("\(name)\t\(settings.url)\(extras.isEmpty ? "" : " (" + extras.joined(separator: ", ") + ")")\n")
        }
    }
}

struct RemoteAddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "add", abstract: "Add a remote.")

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "Its name (origin).") var name: String
    @Argument(help: "Its URL: s3://bucket/prefix, file:///path, https://host/path or a path.") var url: String
    @OptionGroup var s3: S3SettingOptions

    func run() throws {
        try RemoteConfiguration(try repository.open()).add(name, RemoteSettings(url: url, endpoint: s3.endpoint, region: s3.region, pathStyle: s3.pathStyle))
    }
}

struct RemoteSetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "set", abstract: "Change a remote's endpoint, region or addressing.")

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "The remote.") var name: String
    @OptionGroup var s3: S3SettingOptions

    func run() throws {
        let configuration = RemoteConfiguration(try repository.open())
        _ = try configuration.settings(name)
        try configuration.set(name, endpoint: s3.endpoint, region: s3.region, pathStyle: s3.pathStyle)
    }
}

struct RemoteRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "remove", abstract: "Remove a remote and its remote-tracking refs.", aliases: ["rm"])

    @OptionGroup var repository: RepositoryOptions
    @Argument(help: "The remote.") var name: String

    func run() throws {
        try RemoteConfiguration(try repository.open()).remove(name)
    }
}
